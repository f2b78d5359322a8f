// Intent: a forked child does not report what its parent acquired, reports what it acquires itself (exit code of the child becomes 23, log file named with the child's pid), and the parent still reports its own handle at exit.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s
// With log_path, parent and child write their own PATH.PID files.
// RUN: rm -rf %t.logs && mkdir %t.logs
// RUN: %env_bodysan_opts=log_path=%t.logs/report not %run %t 2>&1 | FileCheck %s --check-prefix=LOGGED
// RUN: ls %t.logs | count 2
// RUN: cat %t.logs/report.* | FileCheck %s --check-prefix=LOGS
#include "test_kinds.h"
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

TEST_SITE(parent_site, plain_kind, "test_open", "parent_work", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(child_site, plain_kind, "test_open", "child_work", 20, 20,
          BODYSAN_ROLE_ACQUIRE);

int main(void) {
  __bodysan_acquire(HANDLE(1), &parent_site);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    __bodysan_acquire(HANDLE(2), &child_site);
    fprintf(stderr, "child done\n");
    return 0;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  fprintf(stderr, "child exit code %d\n", WEXITSTATUS(status));
  return 0;
}

// CHECK: child done
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 test handle from test_open was never closed (still open at exit).
// CHECK-NOT: parent_work
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in child_work at fetch.c:20:20 never closed
// CHECK-NEXT: child exit code 23
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in parent_work at fetch.c:10:20 never closed

// LOGGED: child done
// LOGGED-NEXT: child exit code 23
// LOGGED-NOT: BodySanitizer
// LOGS-DAG: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in child_work at fetch.c:20:20 never closed
// LOGS-DAG: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in parent_work at fetch.c:10:20 never closed
