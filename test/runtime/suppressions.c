// Intent: a suppressions file silences matching reports by function, file or module of the stacks (type:pattern, * and ? globs, comments), suppressed reports do not change the exit code, the "Suppressions used" table is printed at exit (not with print_suppressions=0), and a malformed line or unreadable file is reported with its line number while the rest still applies.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: printf '# BodySanitizer suppressions\n\nunclosed:scop?d\nundrained:*eof_helper*\nunclosed:leak_at_exit\n' > %t.all
// RUN: %env_bodysan_opts=suppressions=%t.all %run %t 2>&1 | FileCheck %s --check-prefix=ALL --implicit-check-not="ERROR: BodySanitizer"
// RUN: %env_bodysan_opts=suppressions=%t.all:print_suppressions=0 %run %t 2>&1 | FileCheck %s --check-prefix=QUIET --implicit-check-not=BodySanitizer
// RUN: printf 'unclosed:suppressions.c\nbogus line\nleaked:foo\nundrained:\n' > %t.bad
// RUN: %env_bodysan_opts=suppressions=%t.bad not %run %t 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: %env_bodysan_opts=suppressions=%t.does_not_exist not %run %t 2>&1 | FileCheck %s --check-prefix=MISSING
#include "three_reports.h"

NOINLINE int eof_helper(void) { return run_three(); }

int main(void) { return eof_helper(); }

// ALL: after scoped
// ALL-NEXT: after undrained
// ALL-NEXT: done
// ALL-NEXT: -----------------------------------------------------
// ALL-NEXT: Suppressions used:
// ALL-NEXT:   count type:pattern
// ALL-NEXT:       1 unclosed:scop?d
// ALL-NEXT:       1 undrained:*eof_helper*
// ALL-NEXT:       1 unclosed:leak_at_exit
// ALL-NEXT: -----------------------------------------------------

// QUIET: after scoped
// QUIET-NEXT: after undrained
// QUIET-NEXT: done
// QUIET-NOT: {{.}}

// BAD: BodySanitizer: ERROR: suppressions file '{{.*}}.bad': line 2: expected 'type:pattern', got 'bogus line'
// BAD-NEXT: BodySanitizer: ERROR: suppressions file '{{.*}}.bad': line 3: unknown suppression type 'leaked' (expected unclosed, undrained, double-close or use-after-close) in 'leaked:foo'
// BAD-NEXT: BodySanitizer: ERROR: suppressions file '{{.*}}.bad': line 4: empty pattern in 'undrained:'
// Line 1 (the source file name) still suppresses both unclosed reports.
// BAD-NOT: ERROR: BodySanitizer: unclosed-body
// BAD: ERROR: BodySanitizer: undrained-body
// BAD-NOT: ERROR: BodySanitizer: unclosed-body
// BAD: Suppressions used:
// BAD: 2 unclosed:suppressions.c

// MISSING: BodySanitizer: ERROR: suppressions file '{{.*}}.does_not_exist': cannot open: No such file or directory
// MISSING: ERROR: BodySanitizer: unclosed-body
