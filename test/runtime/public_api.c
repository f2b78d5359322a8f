// Intent: the public interface: __bodysan_live_count counts open handles, __bodysan_do_recoverable_check reports open handles and returns their number without changing the exit code or forgetting them, __bodysan_ignore silences one handle, nested __bodysan_disable/__bodysan_enable stop tracking, and __bodysan_do_check reports and exits with exitcode once.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
// RUN: %run %t recoverable_only 2>&1 | FileCheck %s --check-prefix=RECOVERABLE
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <stdio.h>
#include <string.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "main", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, plain_kind, "test_close", "main", 11, 3,
          BODYSAN_ROLE_RELEASE);

int main(int argc, char **argv) {
  fprintf(stderr, "live %zu\n", __bodysan_live_count());
  for (int i = 1; i <= 3; ++i)
    __bodysan_acquire(HANDLE(i), &acquire_site);
  fprintf(stderr, "live %zu\n", __bodysan_live_count());
  __bodysan_ignore(HANDLE(3));
  __bodysan_disable();
  __bodysan_disable();
  __bodysan_acquire(HANDLE(4), &acquire_site);
  __bodysan_enable();
  __bodysan_acquire(HANDLE(5), &acquire_site); // still disabled (nested)
  __bodysan_enable();
  __bodysan_enable(); // unmatched: harmless
  fprintf(stderr, "live %zu\n", __bodysan_live_count());
  int n = __bodysan_do_recoverable_check();
  fprintf(stderr, "recoverable check found %d\n", n);
  __bodysan_release(HANDLE(2), &close_site);
  n = __bodysan_do_recoverable_check();
  fprintf(stderr, "recoverable check found %d\n", n);
  if (argc > 1 && !strcmp(argv[1], "recoverable_only")) {
    __bodysan_release(HANDLE(1), &close_site);
    fprintf(stderr, "live %zu\n", __bodysan_live_count());
    return 0;
  }
  __bodysan_do_check();
  fprintf(stderr, "not reached\n");
  return 0;
}

// CHECK: live 0
// CHECK-NEXT: live 3
// CHECK-NEXT: live 2
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 2 test handles from test_open are still open.
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 2 bodies acquired in main at fetch.c:10:20 still open
// CHECK-NEXT: recoverable check found 2
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 test handle from test_open is still open.
// CHECK: recoverable check found 1
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 test handle from test_open was never closed (still open at exit).
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in main at fetch.c:10:20 never closed
// CHECK-NOT: not reached
// CHECK-NOT: BodySanitizer

// A program whose only reports come from recoverable checks exits with its own code.
// RECOVERABLE: recoverable check found 1
// RECOVERABLE-NEXT: live 0
// RECOVERABLE-NOT: BodySanitizer
