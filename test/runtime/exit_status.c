// Intent: a program that already exits non-zero keeps its exit code when a report is printed; a program with nothing to report keeps its output and exit code (0 or not) and the runtime prints nothing.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: sh -c '%run %t leak 3 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=KEPT
// RUN: sh -c '%run %t clean 0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=CLEAN0 --implicit-check-not=BodySanitizer
// RUN: sh -c '%run %t clean 5 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=CLEAN5 --implicit-check-not=BodySanitizer
// RUN: sh -c '%run %t leak_exit 0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT0
#include "test_kinds.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "main", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, plain_kind, "test_close", "main", 11, 3,
          BODYSAN_ROLE_RELEASE);

int main(int argc, char **argv) {
  int code = atoi(argv[2]);
  __bodysan_acquire(HANDLE(1), &acquire_site);
  if (!strcmp(argv[1], "clean"))
    __bodysan_release(HANDLE(1), &close_site);
  printf("program output\n");
  fprintf(stderr, "program diagnostics\n");
  if (!strcmp(argv[1], "leak_exit"))
    exit(code); // exit() from anywhere is the same as returning from main
  return code;
}

// KEPT: program diagnostics
// KEPT: ERROR: BodySanitizer: unclosed-body
// KEPT: exit code 3

// CLEAN0-DAG: program output
// CLEAN0-DAG: program diagnostics
// CLEAN0: exit code 0
// CLEAN5-DAG: program output
// CLEAN5-DAG: program diagnostics
// CLEAN5: exit code 5

// EXIT0: ERROR: BodySanitizer: unclosed-body
// EXIT0: exit code 23
