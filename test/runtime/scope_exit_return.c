// Intent: a local handle still open when its function returns is reported at the scope exit (naming the function and the return site), once: not again at exit; a handle the function returns passes to its caller, which reports it at its own exit; closed handles are not reported.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "leaky", 12, 22,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, plain_kind, "test_close", "tidy", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(adopt_site, plain_kind, "make_handle", "caller", 50, 7,
          BODYSAN_ROLE_ADOPT);
TEST_EXIT_SITE(leaky_exit, "leaky", 20, 7, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(tidy_exit, "tidy", 31, 1, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(make_exit, "make_handle", 41, 3, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(caller_exit, "caller", 55, 1, BODYSAN_ROLE_EXIT_RETURN);

NOINLINE void leaky(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(1), &acquire_site);
  __bodysan_scope_exit(token, &leaky_exit, 0);
}

NOINLINE void tidy(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(2), &acquire_site);
  __bodysan_release(HANDLE(2), &close_site);
  __bodysan_scope_exit(token, &tidy_exit, 0);
}

// Returns the handle: not reported at its own exit.
NOINLINE void *make_handle(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(3), &acquire_site);
  __bodysan_scope_exit(token, &make_exit, HANDLE(3));
  return HANDLE(3);
}

NOINLINE void caller(void) {
  uintptr_t token = __bodysan_scope_enter();
  void *h = make_handle();
  __bodysan_adopt_local(h, &adopt_site);
  __bodysan_scope_exit(token, &caller_exit, 0);
}

int main(void) {
  leaky();
  fprintf(stderr, "after leaky\n");
  tidy();
  fprintf(stderr, "after tidy\n");
  caller();
  fprintf(stderr, "after caller\n");
  return 0;
}

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: test handle from test_open was still open when 'leaky' returned at fetch.c:20:7.
// CHECK-NEXT: An unclosed handle leaks a descriptor.
// CHECK-NEXT: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in leaky {{.*}}scope_exit_return.c:20:3
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}scope_exit_return.c:47:3
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in leaky at fetch.c:12:22
// CHECK-NEXT: after leaky
// CHECK-NEXT: after tidy
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: test handle from test_open was still open when 'caller' returned at fetch.c:55:1.
// CHECK: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in make_handle {{.*}}scope_exit_return.c:34:3
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in caller {{.*}}scope_exit_return.c:41:13
// CHECK: SUMMARY: BodySanitizer: unclosed-body
// CHECK-NEXT: after caller
// Both were reported at their scope exits: nothing more at exit.
// CHECK-NOT: BodySanitizer
