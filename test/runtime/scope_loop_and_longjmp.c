// Intent: a function that acquires and closes local handles in a long loop reports only the one iteration's handle it leaked (the scope list is compacted without breaking tokens), and a longjmp that skips a callee's scope exit leaves that callee's handle to the caller's exit check instead of crashing.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <setjmp.h>
#include <stdio.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "looper", 12, 22,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(inner_acquire_site, plain_kind, "test_open", "jumper", 70, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, plain_kind, "test_close", "looper", 14, 5,
          BODYSAN_ROLE_RELEASE);
TEST_EXIT_SITE(looper_exit, "looper", 20, 1, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(helper_exit, "helper", 25, 1, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(jumper_exit, "jumper", 72, 1, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(outer_exit, "outer", 80, 1, BODYSAN_ROLE_EXIT_RETURN);

static char many[100000];

// A nested scope inside the loop: its token must stay right across compaction.
NOINLINE void helper(int i) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(&many[i] + 1, &acquire_site);
  __bodysan_release(&many[i] + 1, &close_site);
  __bodysan_scope_exit(token, &helper_exit, 0);
}

NOINLINE void looper(void) {
  uintptr_t token = __bodysan_scope_enter();
  for (int i = 0; i < 100000; i += 2) {
    __bodysan_acquire_local(&many[i], &acquire_site);
    if (i != 5000)
      __bodysan_release(&many[i], &close_site);
    helper(i);
  }
  __bodysan_scope_exit(token, &looper_exit, 0);
}

static jmp_buf env;

NOINLINE void jumper(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(7), &inner_acquire_site);
  longjmp(env, 1); // skips the scope exit below
  __bodysan_scope_exit(token, &jumper_exit, 0);
}

NOINLINE void outer(void) {
  uintptr_t token = __bodysan_scope_enter();
  if (!setjmp(env))
    jumper();
  // A stale token (greater than anything pushed since) is harmless.
  __bodysan_scope_exit(token + 1000, &jumper_exit, 0);
  __bodysan_scope_exit(token, &outer_exit, 0);
}

int main(void) {
  looper();
  fprintf(stderr, "after looper: %zu\n", __bodysan_live_count());
  outer();
  fprintf(stderr, "after outer\n");
  return 0;
}

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: test handle from test_open was still open when 'looper' returned at fetch.c:20:1.
// CHECK: #0 0x{{[0-9a-f]+}} in looper {{.*}}scope_loop_and_longjmp.c:33:5
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in looper at fetch.c:12:22
// CHECK-NEXT: after looper: 1
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: test handle from test_open was still open when 'outer' returned at fetch.c:80:1.
// CHECK: #0 0x{{[0-9a-f]+}} in jumper {{.*}}scope_loop_and_longjmp.c:45:3
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in jumper at fetch.c:70:9
// CHECK-NEXT: after outer
// CHECK-NOT: BodySanitizer
