// Intent: the output flags: log_path writes the report to PATH.PID (not stderr), stack_depth limits frames, fast_unwind=0 gives the same user frames through _Unwind_Backtrace, symbolize=0 prints module+offset, strip_path_prefix shortens paths, verbosity=1 prints init info, help=1 lists every flag and goes on, unknown and malformed flags are reported without stopping the program.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: rm -rf %t.logs && mkdir %t.logs
// RUN: %env_bodysan_opts=log_path=%t.logs/report not %run %t 2>&1 | FileCheck %s --check-prefix=STDERR-LOG --implicit-check-not=BodySanitizer
// RUN: cat %t.logs/report.* | FileCheck %s --check-prefix=LOG
// RUN: %env_bodysan_opts=log_path=stdout not %run %t 2>/dev/null | FileCheck %s --check-prefix=LOG
// RUN: %env_bodysan_opts=stack_depth=1 not %run %t 2>&1 | FileCheck %s --check-prefix=DEPTH1
// RUN: %env_bodysan_opts=fast_unwind=0 not %run %t 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %env_bodysan_opts=symbolize=0 not %run %t 2>&1 | FileCheck %s --check-prefix=NOSYM
// RUN: %env_bodysan_opts=strip_path_prefix=%S/ not %run %t 2>&1 | FileCheck %s --check-prefix=STRIP
// RUN: %env_bodysan_opts=verbosity=1 not %run %t 2>&1 | FileCheck %s --check-prefix=VERBOSE
// RUN: %env_bodysan_opts=help=1 not %run %t 2>&1 | FileCheck %s --check-prefix=HELP
// RUN: %env_bodysan_opts="no_such_flag=1 exitcode=abc halt_on_error=maybe stack_depth=0 exitcode max_reports=-1" not %run %t 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: %env_bodysan_opts="strip_path_prefix='%S/',exitcode=9" sh -c '%run %t 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=STRIP,EXIT9
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "level3", 10, 20,
          BODYSAN_ROLE_ACQUIRE);

NOINLINE void level3(void) { __bodysan_acquire(HANDLE(1), &acquire_site); }
NOINLINE void level2(void) { level3(); }
NOINLINE void level1(void) { level2(); }

int main(void) {
  level1();
  fprintf(stderr, "done\n");
  return 0;
}

// STDERR-LOG: done

// LOG: ERROR: BodySanitizer: unclosed-body
// LOG: Acquired by thread T0 here:
// LOG-NEXT: #0 0x{{[0-9a-f]+}} in level3 {{.*}}flags_output.c:21:30
// LOG-NEXT: #1 0x{{[0-9a-f]+}} in level2 {{.*}}flags_output.c:22:30
// LOG-NEXT: #2 0x{{[0-9a-f]+}} in level1 {{.*}}flags_output.c:23:30
// LOG: SUMMARY: BodySanitizer: unclosed-body

// DEPTH1: Acquired by thread T0 here:
// DEPTH1-NEXT: #0 0x{{[0-9a-f]+}} in level3 {{.*}}flags_output.c:21:30
// DEPTH1-EMPTY:
// DEPTH1-NEXT: SUMMARY: BodySanitizer: unclosed-body

// NOSYM: Acquired by thread T0 here:
// NOSYM-NEXT: #0 0x{{[0-9a-f]+}} ({{.*}}flags_output.c.tmp+0x{{[0-9a-f]+}})
// NOSYM-NOT: flags_output.c:

// STRIP: Acquired by thread T0 here:
// STRIP-NEXT: #0 0x{{[0-9a-f]+}} in level3 flags_output.c:21:30
// EXIT9: exit code 9

// VERBOSE: BodySanitizer: initialized (ABI v{{[0-9]+}}); BODYSAN_OPTIONS='verbosity=1'
// VERBOSE-NEXT: BodySanitizer: symbolizer: {{.*}}llvm-symbolizer
// VERBOSE-NEXT: BodySanitizer: unwinder: frame pointers, stack_depth=30
// VERBOSE: done

// HELP: Available flags for BodySanitizer
// HELP: exitcode
// HELP-NEXT: - Exit code {{.*}} (type: int, default: 23)
// HELP: halt_on_error
// HELP: check_at_exit
// HELP: check_scope_exit
// HELP: report_undrained
// HELP: suppressions
// HELP-NEXT: (type: string, default: "")
// HELP: print_suppressions
// HELP: log_path
// HELP: max_reports
// HELP: stack_depth
// HELP: fast_unwind
// HELP: symbolize
// HELP: strip_path_prefix
// HELP: verbosity
// HELP: help
// HELP-NEXT: (type: bool, default: false)
// HELP: done
// HELP: ERROR: BodySanitizer: unclosed-body

// BAD-DAG: BodySanitizer: WARNING: unknown flag 'no_such_flag' in BODYSAN_OPTIONS; ignored
// BAD-DAG: BodySanitizer: ERROR: invalid value 'abc' for flag 'exitcode' (expected an integer) in BODYSAN_OPTIONS; ignored
// BAD-DAG: BodySanitizer: ERROR: invalid value 'maybe' for flag 'halt_on_error' (expected 0, 1, true, false, yes or no) in BODYSAN_OPTIONS; ignored
// BAD-DAG: BodySanitizer: ERROR: invalid value '0' for flag 'stack_depth' (expected 1..256) in BODYSAN_OPTIONS; ignored
// BAD-DAG: BodySanitizer: ERROR: flag 'exitcode' has no value (expected 'exitcode=<int>') in BODYSAN_OPTIONS; ignored
// BAD-DAG: BodySanitizer: ERROR: invalid value '-1' for flag 'max_reports' (expected 0 (unlimited) or more) in BODYSAN_OPTIONS; ignored
// BAD: done
// BAD: ERROR: BodySanitizer: unclosed-body
