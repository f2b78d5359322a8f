// Intent: the static runtime works like the shared one: a handle open at exit is reported with a symbolized stack and the exit code becomes 23.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt_static
// RUN: not %run %t 2>&1 | FileCheck %s
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(acquire_site, body_kind, "test_send", "fetch", 10, 20,
          BODYSAN_ROLE_ACQUIRE);

NOINLINE void fetch(void) { __bodysan_acquire(HANDLE(1), &acquire_site); }

int main(void) {
  fetch();
  printf("stdout kept\n");
  return 0;
}

// CHECK: stdout kept
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 test response body (TestStream) from test_send was never closed (still open at exit).
// CHECK: #0 0x{{[0-9a-f]+}} in fetch {{.*}}unclosed_at_exit_static.c:10:29
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}unclosed_at_exit_static.c:13:3
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in fetch at fetch.c:10:20 never closed
