// Intent: the SARIF log is written on every way out the runtime controls: a normal exit, __bodysan_do_check, halt_on_error (only the first report), and a forked child that writes its own file thanks to '%p' (the parent's results are not in it); deduplicated repeats are counted in the result's properties; a suppressed report is no result; a clean run writes a valid log with no results.
// RUN: %clang %bodysan_inc -I%S/../runtime/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: rm -rf %t.d && mkdir -p %t.d/exit %t.d/check %t.d/halt %t.d/fork %t.d/supp %t.d/clean
// RUN: %env_bodysan_opts=sarif_path=%t.d/exit/%%p.sarif not %run %t
// RUN: %validate_sarif %t.d/exit/*.sarif | FileCheck %s --check-prefix=EXIT
// RUN: %env_bodysan_opts=sarif_path=%t.d/check/%%p.sarif not %run %t check
// RUN: %validate_sarif %t.d/check/*.sarif | FileCheck %s --check-prefix=CHECK
// RUN: %env_bodysan_opts=sarif_path=%t.d/halt/%%p.sarif:halt_on_error=1 not %run %t
// RUN: %validate_sarif %t.d/halt/*.sarif | FileCheck %s --check-prefix=HALT
// RUN: %env_bodysan_opts=sarif_path=%t.d/fork/%%p.sarif not %run %t fork
// RUN: %validate_sarif %t.d/fork/*.sarif | FileCheck %s --check-prefix=FORK
// RUN: echo 'undrained:in_loop' > %t.d/supp.txt
// RUN: %env_bodysan_opts=sarif_path=%t.d/supp/%%p.sarif:suppressions=%t.d/supp.txt not %run %t
// RUN: %validate_sarif %t.d/supp/*.sarif | FileCheck %s --check-prefix=SUPP
// RUN: %env_bodysan_opts=sarif_path=%t.d/clean/%%p.sarif %run %t clean
// RUN: %validate_sarif %t.d/clean/*.sarif | FileCheck %s --check-prefix=CLEAN
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

TEST_SITE(send_site, body_kind, "test_send", "in_loop", 10, 20, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, body_kind, "test_close", "in_loop", 11, 3, BODYSAN_ROLE_RELEASE);
TEST_SITE(leak_site, body_kind, "test_send", "leak", 20, 5, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(child_site, body_kind, "test_send", "child", 30, 5, BODYSAN_ROLE_ACQUIRE);

// Three undrained closes from the same stacks: one report, two repeats.
NOINLINE void in_loop(void) {
  for (int i = 0; i < 3; ++i) {
    __bodysan_acquire(HANDLE(1), &send_site);
    __bodysan_release(HANDLE(1), &close_site);
  }
}

NOINLINE void leak(void) { __bodysan_acquire(HANDLE(2), &leak_site); }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "clean"))
    return 0;
  in_loop();
  leak();
  if (!strcmp(mode, "check"))
    __bodysan_do_check(); // exits
  if (!strcmp(mode, "fork")) {
    pid_t pid = fork();
    if (pid == 0) {
      __bodysan_acquire(HANDLE(3), &child_site);
      return 0;
    }
    int status;
    waitpid(pid, &status, 0);
  }
  return 0;
}

// EXIT: sarif: BodySanitizer version={{.*}} rules=2 results=2
// EXIT-NEXT: result: undrained-body/test.body fetch.c:10:20 {{.*}} count=1 repeats=2
// EXIT: result: unclosed-body/test.body fetch.c:20:5 {{.*}} count=1 repeats=0

// CHECK: sarif: BodySanitizer version={{.*}} rules=2 results=2
// CHECK-NEXT: result: undrained-body/test.body fetch.c:10:20
// CHECK: result: unclosed-body/test.body fetch.c:20:5

// HALT: sarif: BodySanitizer version={{.*}} rules=1 results=1
// HALT-NEXT: result: undrained-body/test.body fetch.c:10:20 {{.*}} count=1 repeats=0
// HALT-NOT: result:

// Two files: the child's (its own leak only) and the parent's.
// FORK-DAG: result: unclosed-body/test.body fetch.c:30:5
// FORK-DAG: result: undrained-body/test.body fetch.c:10:20
// FORK-DAG: result: unclosed-body/test.body fetch.c:20:5
// FORK-DAG: sarif: BodySanitizer version={{.*}} rules=1 results=1
// FORK-DAG: sarif: BodySanitizer version={{.*}} rules=2 results=2

// SUPP: sarif: BodySanitizer version={{.*}} rules=1 results=1
// SUPP-NEXT: result: unclosed-body/test.body fetch.c:20:5
// SUPP-NOT: result:

// CLEAN: sarif: BodySanitizer version={{.*}} rules=0 results=0
// CLEAN-NOT: result:
