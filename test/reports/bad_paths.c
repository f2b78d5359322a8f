// Intent: a sarif_path or json_path that cannot be written (a missing directory, a directory) gives one error line on stderr; the program's output, its reports and its exit code stay as without the flags, for a clean program (0) and for one that reports (exitcode).
// RUN: %clang %bodysan_inc -I%S/../runtime/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: mkdir -p %t.isdir
// RUN: %env_bodysan_opts=sarif_path=%t.missing/x.sarif:json_path=%t.missing/x.jsonl %run %t 2>&1 | FileCheck %s --check-prefix=CLEAN
// RUN: %env_bodysan_opts=sarif_path=%t.isdir:json_path=%t.isdir %run %t 2>&1 | FileCheck %s --check-prefix=ISDIR
// RUN: %env_bodysan_opts=sarif_path=%t.missing/x.sarif:json_path=%t.missing/x.jsonl %python -c "import subprocess, sys; r = subprocess.call(sys.argv[1:]); print('exit=%%d' %% r)" %t leak > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=LEAK < %t.out
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

TEST_SITE(send_site, body_kind, "test_send", "main", 10, 20, BODYSAN_ROLE_ACQUIRE);

int main(int argc, char **argv) {
  printf("program output\n");
  if (argc > 1 && !strcmp(argv[1], "leak"))
    __bodysan_acquire(HANDLE(1), &send_site);
  return 0;
}

// The json_path error comes at startup, the sarif_path one at exit.
// CLEAN: BodySanitizer: ERROR: cannot open json_path '{{.*}}.missing/x.jsonl': No such file or directory; no JSON lines are written
// CLEAN-NEXT: program output
// CLEAN-NEXT: BodySanitizer: ERROR: sarif_path: cannot create '{{.*}}.missing/x.sarif.tmp.{{[0-9]+}}': No such file or directory; no SARIF log is written
// CLEAN-NOT: {{.}}

// ISDIR: BodySanitizer: ERROR: cannot open json_path '{{.*}}.isdir': Is a directory; no JSON lines are written
// ISDIR-NEXT: program output
// ISDIR-NEXT: BodySanitizer: ERROR: sarif_path: cannot rename the temporary file to '{{.*}}.isdir': Is a directory; no SARIF log is written
// ISDIR-NOT: {{.}}

// LEAK: BodySanitizer: ERROR: cannot open json_path '{{.*}}.missing/x.jsonl': No such file or directory; no JSON lines are written
// LEAK-NEXT: program output
// LEAK-NEXT: ERROR: BodySanitizer: unclosed-body
// LEAK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in main at fetch.c:10:20 never closed
// LEAK-NEXT: BodySanitizer: ERROR: sarif_path: cannot create
// LEAK-NEXT: exit=23
