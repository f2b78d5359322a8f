// Intent: suppressions with a real libsoup 3 program compiled with the plugin at -O0 and
// -O2 (three bugs, see Inputs/soup_three_bugs.h): `unclosed:` and `undrained:` lines match
// by function name, by source file glob and by module (the executable's name); suppressed
// reports are not printed and do not change the exit code (0 when everything is
// suppressed, 23 when one report remains); the "Suppressions used" table counts the hits
// (and print_suppressions=0 hides it); a malformed file (missing colon, unknown type) gives
// an error naming the file and the line, and its valid lines still apply; a missing file
// is an error and nothing is suppressed.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 -I%S/Inputs %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 -I%S/Inputs %s -o %t-O2 %soup
//
// By function: the two local-scope bugs are suppressed, the global leak remains.
// RUN: printf '# by function\nunclosed:scope_leak\nundrained:undrained_close\n' > %t.fn
// RUN: %env_bodysan_opts=suppressions=%t.fn sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=FN
// RUN: %env_bodysan_opts=suppressions=%t.fn sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=FN
// All three suppressed by function: exit 0; with print_suppressions=0 not a word.
// RUN: printf 'unclosed:scope_leak\nunclosed:global_?eak\nundrained:undrained_close\n' > %t.all
// RUN: %env_bodysan_opts=suppressions=%t.all sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=ALL --implicit-check-not="ERROR: BodySanitizer"
// RUN: %env_bodysan_opts=suppressions=%t.all sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=ALL --implicit-check-not="ERROR: BodySanitizer"
// RUN: %env_bodysan_opts=suppressions=%t.all:print_suppressions=0 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=QUIET --implicit-check-not=BodySanitizer --implicit-check-not=Suppressions
// RUN: %env_bodysan_opts=suppressions=%t.all:print_suppressions=0 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=QUIET --implicit-check-not=BodySanitizer --implicit-check-not=Suppressions
// By source file glob: the undrained report (acquired and released in the header).
// RUN: printf 'undrained:*/Inputs/soup_three_bugs.?\n' > %t.file
// RUN: %env_bodysan_opts=suppressions=%t.file sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=FILE
// RUN: %env_bodysan_opts=suppressions=%t.file sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=FILE
// By module, the executable's name: both unclosed reports.
// RUN: printf 'unclosed:suppressions.c.tmp-O0\nunclosed:suppressions.c.tmp-O2\n' > %t.module
// RUN: %env_bodysan_opts=suppressions=%t.module sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=MODULE -DOPT=O0
// RUN: %env_bodysan_opts=suppressions=%t.module sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=MODULE -DOPT=O2
// Malformed lines are errors with file and line; lines 1 and 4 still apply.
// RUN: printf 'unclosed:scope_leak\nbogus line\nleaked:foo\nundrained:*soup_three_bugs.h\n' > %t.bad
// RUN: %env_bodysan_opts=suppressions=%t.bad sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BAD
// RUN: %env_bodysan_opts=suppressions=%t.bad sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BAD
// A missing file: an error, then every report as usual.
// RUN: %env_bodysan_opts=suppressions=%t.does_not_exist sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=MISSING
// RUN: %env_bodysan_opts=suppressions=%t.does_not_exist sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=MISSING
#include "soup_three_bugs.h"

int main(int argc, char **argv) { return run_three_bugs(argc, argv); }

// FN-NOT: BodySanitizer
// FN: step 1: scope_leak got 200
// FN-NEXT: step 2: undrained_close done
// FN-NEXT: step 3: global_leak done
// FN-NEXT: ERROR: BodySanitizer: unclosed-body
// FN-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// FN: #0 0x{{[0-9a-f]+}} in global_leak
// FN: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in global_leak
// FN-NEXT: -----------------------------------------------------
// FN-NEXT: Suppressions used:
// FN-NEXT:   count type:pattern
// FN-NEXT:       1 unclosed:scope_leak
// FN-NEXT:       1 undrained:undrained_close
// FN-NEXT: -----------------------------------------------------
// FN-EMPTY:
// FN-NEXT: server: connections=3 requests=3
// FN-NEXT: exit code 23

// ALL: step 1: scope_leak got 200
// ALL-NEXT: step 2: undrained_close done
// ALL-NEXT: step 3: global_leak done
// ALL-NEXT: -----------------------------------------------------
// ALL-NEXT: Suppressions used:
// ALL-NEXT:   count type:pattern
// ALL-NEXT:       1 unclosed:scope_leak
// ALL-NEXT:       1 unclosed:global_?eak
// ALL-NEXT:       1 undrained:undrained_close
// ALL-NEXT: -----------------------------------------------------
// ALL-EMPTY:
// ALL-NEXT: server: connections=3 requests=3
// ALL-NEXT: exit code 0

// QUIET: step 1: scope_leak got 200
// QUIET-NEXT: step 2: undrained_close done
// QUIET-NEXT: step 3: global_leak done
// QUIET-NEXT: server: connections=3 requests=3
// QUIET-NEXT: exit code 0

// FILE: ERROR: BodySanitizer: unclosed-body
// FILE-NEXT: {{.*}} when 'scope_leak' returned at
// FILE: step 1: scope_leak got 200
// FILE-NEXT: step 2: undrained_close done
// FILE-NEXT: step 3: global_leak done
// FILE-NEXT: ERROR: BodySanitizer: unclosed-body
// FILE-NEXT: {{.*}} was never closed (still open at exit).
// FILE: Suppressions used:
// FILE-NEXT:   count type:pattern
// FILE-NEXT:       1 undrained:*/Inputs/soup_three_bugs.?
// FILE-NEXT: ---
// FILE: exit code 23

// MODULE-NOT: BodySanitizer
// MODULE: step 1: scope_leak got 200
// MODULE-NEXT: ERROR: BodySanitizer: undrained-body
// MODULE: SUMMARY: BodySanitizer: undrained-body
// MODULE-NEXT: step 2: undrained_close done
// MODULE-NEXT: step 3: global_leak done
// MODULE-NEXT: -----------------------------------------------------
// MODULE-NEXT: Suppressions used:
// MODULE-NEXT:   count type:pattern
// MODULE-NEXT:       2 unclosed:suppressions.c.tmp-[[OPT]]
// MODULE-NEXT: -----------------------------------------------------
// MODULE: exit code 23

// BAD: BodySanitizer: ERROR: suppressions file '{{.*}}.bad': line 2: expected 'type:pattern', got 'bogus line'
// BAD-NEXT: BodySanitizer: ERROR: suppressions file '{{.*}}.bad': line 3: unknown suppression type 'leaked' (expected unclosed, undrained, double-close or use-after-close) in 'leaked:foo'
// BAD-NOT: BodySanitizer
// BAD: step 1: scope_leak got 200
// BAD-NEXT: step 2: undrained_close done
// BAD-NEXT: step 3: global_leak done
// BAD-NEXT: ERROR: BodySanitizer: unclosed-body
// BAD: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in global_leak
// BAD: Suppressions used:
// BAD-NEXT:   count type:pattern
// BAD-NEXT:       1 unclosed:scope_leak
// BAD-NEXT:       1 undrained:*soup_three_bugs.h
// BAD: exit code 23

// MISSING: BodySanitizer: ERROR: suppressions file '{{.*}}.does_not_exist': cannot open: No such file or directory
// MISSING-NEXT: ERROR: BodySanitizer: unclosed-body
// MISSING-NEXT: {{.*}} when 'scope_leak' returned at
// MISSING: ERROR: BodySanitizer: undrained-body
// MISSING: ERROR: BodySanitizer: unclosed-body
// MISSING-NEXT: {{.*}} was never closed (still open at exit).
// MISSING-NOT: Suppressions used
// MISSING: exit code 23
