// Intent: handles still open at exit are reported once, grouped by acquisition stack with a count, with the acquiring function and file:line in the stack, and the process exits with the default exitcode 23.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s
// RUN: sh -c '%run %t >/dev/null 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT
// EXIT: exit code 23
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(acquire_site, body_kind, "test_send", "fetch_twice", 12, 22,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(other_site, body_kind, "test_send", "fetch_once", 40, 5,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(plain_site, plain_kind, "test_open", "main", 59, 3,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, plain_kind, "test_close", "main", 60, 3,
          BODYSAN_ROLE_RELEASE);

NOINLINE void fetch_twice(int i) {
  __bodysan_acquire(HANDLE(i), &acquire_site); // the grouped stack
}

NOINLINE void fetch_once(void) {
  __bodysan_acquire(HANDLE(100), &other_site); // the single stack
}

int main(void) {
  for (int i = 0; i < 2; ++i)
    fetch_twice(i);
  fetch_once();
  // Acquired and closed: not reported. A NULL handle (failed acquire) neither.
  __bodysan_acquire(HANDLE(200), &plain_site);
  __bodysan_release(HANDLE(200), &close_site);
  __bodysan_acquire(0, &acquire_site);
  printf("main done\n");
  return 0;
}

// CHECK: main done
// CHECK: ==[[PID:[0-9]+]]==ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 2 test response bodies (TestStream) from test_send were never closed (still open at exit).
// CHECK-NEXT: An unclosed body keeps its connection busy.
// CHECK-NEXT: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in fetch_twice {{.*}}unclosed_at_exit_grouped.c:19:3
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}unclosed_at_exit_grouped.c:28:5
// CHECK: 1 test response body (TestStream) from test_send was never closed (still open at exit).
// CHECK-NEXT: An unclosed body keeps its connection busy.
// CHECK-NEXT: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in fetch_once {{.*}}unclosed_at_exit_grouped.c:23:3
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}unclosed_at_exit_grouped.c:29:3
// CHECK-NOT: ERROR: BodySanitizer
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 3 bodies acquired at 2 stacks never closed
// CHECK-NOT: BodySanitizer
