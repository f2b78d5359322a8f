// Intent: a C++ exception unwinding through a function with an open local handle is reported as "an exception unwound through" that function (EXIT_UNWIND site), the caller catches and goes on, and the C++ program links the runtime without libstdc++ trouble.
// RUN: %clangxx %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <cstdio>
#include <exception>
#include <stdexcept>

TEST_SITE(acquire_site, plain_kind, "test_open", "thrower", 12, 22,
          BODYSAN_ROLE_ACQUIRE);
TEST_EXIT_SITE(ret_exit, "thrower", 30, 1, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(unwind_exit, "thrower", 28, 5, BODYSAN_ROLE_EXIT_UNWIND);

// What the pass does with EscapeEnumerator, in RAII form.
struct ScopeGuard {
  uintptr_t Token = __bodysan_scope_enter();
  ~ScopeGuard() {
    __bodysan_scope_exit(Token,
                         std::uncaught_exceptions() ? &unwind_exit : &ret_exit,
                         nullptr);
  }
};

NOINLINE void thrower(bool Throw) {
  ScopeGuard G;
  __bodysan_acquire_local(HANDLE(1), &acquire_site);
  if (Throw)
    throw std::runtime_error("boom");
}

int main() {
  try {
    thrower(true);
  } catch (const std::exception &E) {
    std::fprintf(stderr, "caught %s\n", E.what());
  }
  {
    __bodysan::ScopedDisabler D; // not tracked: no report at the return
    thrower(false);
  }
  std::fprintf(stderr, "done\n");
  return 0;
}

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: test handle from test_open was still open when an exception unwound through 'thrower' at fetch.c:28:5.
// CHECK: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in thrower(bool) {{.*}}scope_exit_unwind.cpp:27:3
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in thrower at fetch.c:12:22
// CHECK: caught boom
// CHECK-NEXT: done
// CHECK-NOT: BodySanitizer
