// Intent: handles acquired inside a shared library (and a dlopen'ed one) are symbolized with the library's file:line (module offsets from the link map), share the one runtime with the main program, and a non-PIE main binary is symbolized too.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -fPIC -shared -DBUILD_LIB %s -o %t-lib.so %bodysan_rt
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %t-lib.so %bodysan_rt -ldl -DLIB_PATH='"%t-lib.so"'
// RUN: not %run %t 2>&1 | FileCheck %s
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -no-pie -fno-pic %s -o %t.nopie %t-lib.so %bodysan_rt -ldl -DLIB_PATH='"%t-lib.so"'
// RUN: not %run %t.nopie 2>&1 | FileCheck %s
#include "test_kinds.h"
#include <stdio.h>

#ifdef BUILD_LIB
TEST_SITE(lib_site, plain_kind, "test_open", "lib_open", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
__attribute__((visibility("default"))) NOINLINE void lib_open(int i) {
  __bodysan_acquire(HANDLE(i), &lib_site);
}
#else
#include <dlfcn.h>
void lib_open(int i);

int main(void) {
  lib_open(1);
  void *h = dlopen(LIB_PATH, RTLD_NOW);
  void (*f)(int) = (void (*)(int))dlsym(h, "lib_open");
  f(2);
  fprintf(stderr, "done\n");
  return 0;
}
#endif

// CHECK: done
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-DAG: #0 0x{{[0-9a-f]+}} in lib_open {{.*}}shared_library_frames.c:14:3
// CHECK-DAG: #1 0x{{[0-9a-f]+}} in main {{.*}}shared_library_frames.c:21:3
// CHECK-DAG: #1 0x{{[0-9a-f]+}} in main {{.*}}shared_library_frames.c:24:3
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 2 bodies acquired at 2 stacks never closed
