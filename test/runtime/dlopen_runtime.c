// Intent: a program that does not link the runtime but dlopens an instrumented library (which pulls the runtime in) works: the runtime's TLS, constructor and exit check run, and the leak in the library is reported at exit.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -fPIC -shared -DBUILD_LIB %s -o %t-lib.so %bodysan_rt
// RUN: %clang -g -fno-omit-frame-pointer %s -o %t -ldl -DLIB_PATH='"%t-lib.so"'
// RUN: not %run %t 2>&1 | FileCheck %s
#include <stdio.h>

#ifdef BUILD_LIB
#include "test_kinds.h"
TEST_SITE(lib_site, plain_kind, "test_open", "lib_open", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_EXIT_SITE(lib_exit, "lib_scoped", 30, 1, BODYSAN_ROLE_EXIT_RETURN);
__attribute__((visibility("default"))) NOINLINE void lib_open(int i) {
  __bodysan_acquire(HANDLE(i), &lib_site);
}
__attribute__((visibility("default"))) NOINLINE void lib_scoped(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(100), &lib_site);
  __bodysan_scope_exit(token, &lib_exit, 0);
}
#else
#include <dlfcn.h>
int main(void) {
  void *h = dlopen(LIB_PATH, RTLD_NOW);
  if (!h) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  ((void (*)(void))dlsym(h, "lib_scoped"))();
  ((void (*)(int))dlsym(h, "lib_open"))(1);
  dlclose(h);
  fprintf(stderr, "done\n");
  return 0;
}
#endif

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: test handle from test_open was still open when 'lib_scoped' returned at fetch.c:30:1.
// CHECK: done
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 test handle from test_open was never closed (still open at exit).
// CHECK: #0 0x{{[0-9a-f]+}} in lib_open {{.*}}dlopen_runtime.c
