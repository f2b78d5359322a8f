// Intent: the reporting flags do what they say: exitcode, halt_on_error, check_at_exit=0, check_scope_exit=0, report_undrained=0, max_reports, and the default of three reports with exit code 23.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: %env_bodysan_opts=exitcode=7 sh -c '%run %t >/dev/null 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT7
// RUN: %env_bodysan_opts=halt_on_error=1 not %run %t 2>&1 | FileCheck %s --check-prefix=HALT
// RUN: %env_bodysan_opts=check_at_exit=0 not %run %t 2>&1 | FileCheck %s --check-prefix=NOEXIT
// RUN: %env_bodysan_opts=check_at_exit=0:check_scope_exit=0:report_undrained=0 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not=BodySanitizer
// RUN: %env_bodysan_opts=check_scope_exit=0 not %run %t 2>&1 | FileCheck %s --check-prefix=NOSCOPE
// RUN: %env_bodysan_opts=report_undrained=0 not %run %t 2>&1 | FileCheck %s --check-prefix=NOUNDRAINED
// RUN: %env_bodysan_opts=max_reports=1 not %run %t 2>&1 | FileCheck %s --check-prefix=MAX1
#include "three_reports.h"

int main(void) { return run_three(); }

// DEFAULT: ERROR: BodySanitizer: unclosed-body
// DEFAULT-NEXT: was still open when 'scoped' returned at fetch.c:20:1.
// DEFAULT: after scoped
// DEFAULT-NEXT: ERROR: BodySanitizer: undrained-body
// DEFAULT: after undrained
// DEFAULT-NEXT: done
// DEFAULT-NEXT: ERROR: BodySanitizer: unclosed-body
// DEFAULT-NEXT: 1 test response body (TestStream) from test_send was never closed (still open at exit).
// DEFAULT: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in leak_at_exit at fetch.c:11:20 never closed

// EXIT7: exit code 7

// HALT: ERROR: BodySanitizer: unclosed-body
// HALT: SUMMARY: BodySanitizer: unclosed-body
// HALT-NOT: after scoped
// HALT-NOT: BodySanitizer

// NOEXIT: ERROR: BodySanitizer: unclosed-body
// NOEXIT: ERROR: BodySanitizer: undrained-body
// NOEXIT: done
// NOEXIT-NOT: BodySanitizer

// NONE: after scoped
// NONE-NEXT: after undrained
// NONE-NEXT: done

// NOSCOPE-NOT: was still open when
// NOSCOPE: after scoped
// NOSCOPE-NEXT: ERROR: BodySanitizer: undrained-body
// NOSCOPE: done
// The scoped handle was not reported at its scope: it is reported at exit.
// NOSCOPE-NEXT: ERROR: BodySanitizer: unclosed-body
// NOSCOPE-NEXT: 1 test response body (TestStream) from test_send was never closed (still open at exit).
// NOSCOPE: 1 test response body (TestStream) from test_send was never closed (still open at exit).
// NOSCOPE: SUMMARY: BodySanitizer: unclosed-body: 2 bodies acquired at 2 stacks never closed

// NOUNDRAINED: ERROR: BodySanitizer: unclosed-body
// NOUNDRAINED: after scoped
// NOUNDRAINED-NEXT: after undrained
// NOUNDRAINED-NEXT: done
// NOUNDRAINED-NEXT: ERROR: BodySanitizer: unclosed-body

// MAX1: ERROR: BodySanitizer: unclosed-body
// MAX1: after scoped
// MAX1-NEXT: after undrained
// MAX1-NEXT: done
// MAX1-NEXT: BodySanitizer: 2 more reports were not printed (max_reports=1)
// MAX1-NOT: BodySanitizer
