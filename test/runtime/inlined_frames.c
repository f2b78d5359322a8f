// Intent: a hook call inlined into its caller is symbolized as two frames at the same address (the inlined function, then its caller), at -O0 and -O2 with frame pointers.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -O0 -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s
// RUN: %clang %bodysan_inc -I%S/Inputs -g -O2 -fno-omit-frame-pointer %s -o %t.O2 %bodysan_rt
// RUN: not %run %t.O2 2>&1 | FileCheck %s
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "open_it", 10, 20,
          BODYSAN_ROLE_ACQUIRE);

static inline __attribute__((always_inline)) void open_it(int i) {
  __bodysan_acquire(HANDLE(i), &acquire_site);
}

NOINLINE void fetch(int i) {
  open_it(i);
  __asm__ volatile("" ::: "memory");
}

int main(void) {
  fetch(1);
  __asm__ volatile("" ::: "memory");
  return 0;
}

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK: Acquired by thread T0 here:
// CHECK-NEXT: #0 [[PC:0x[0-9a-f]+]] in open_it {{.*}}inlined_frames.c:13:3
// CHECK-NEXT: #1 [[PC]] in fetch {{.*}}inlined_frames.c:17:3
// CHECK-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}inlined_frames.c:22:3
