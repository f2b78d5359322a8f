// Intent: the output flags, through a real libsoup 3 program compiled with the plugin at
// -O0 and -O2 (three bugs, see Inputs/soup_three_bugs.h): log_path writes every report to
// PATH.PID and nothing to stderr; stack_depth=1 prints only frame #0; fast_unwind=0 still
// names the acquiring function; symbolize=0 prints module+offset and no file:line in the
// frames; strip_path_prefix strips the source directory; verbosity=1 prints the init
// lines; help=1 lists every flag of runtime/bodysan_flags.inc and the program runs on; an
// unknown flag is a warning and bad values are errors naming flag and value, with the
// defaults kept (exit code 23, no halt, full stacks) and the program's output intact.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 -I%S/Inputs %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 -I%S/Inputs %s -o %t-O2 %soup
//
// log_path: only the program's lines on stdout/stderr, the reports in one PATH.PID file.
// RUN: rm -rf %t.dir0 %t.dir2 && mkdir %t.dir0 %t.dir2
// RUN: %env_bodysan_opts=log_path=%t.dir0/report sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=LOGSTDERR --implicit-check-not=BodySanitizer
// RUN: %env_bodysan_opts=log_path=%t.dir2/report sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=LOGSTDERR --implicit-check-not=BodySanitizer
// RUN: ls %t.dir0 | FileCheck %s --check-prefix=LOGNAME
// RUN: ls %t.dir2 | FileCheck %s --check-prefix=LOGNAME
// RUN: cat %t.dir0/* | FileCheck %s --check-prefix=LOG --implicit-check-not=step
// RUN: cat %t.dir2/* | FileCheck %s --check-prefix=LOG --implicit-check-not=step
//
// RUN: %env_bodysan_opts=stack_depth=1 not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefix=DEPTH1
// RUN: %env_bodysan_opts=stack_depth=1 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=DEPTH1
// RUN: %env_bodysan_opts=fast_unwind=0 not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %env_bodysan_opts=fast_unwind=0 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=LOG
// RUN: %env_bodysan_opts=symbolize=0 not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefix=NOSYM -DEXE=%t-O0
// RUN: %env_bodysan_opts=symbolize=0 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=NOSYM -DEXE=%t-O2
// RUN: %env_bodysan_opts=strip_path_prefix=%S/ not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefix=STRIP
// RUN: %env_bodysan_opts=strip_path_prefix=%S/ not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=STRIP
// RUN: %env_bodysan_opts=verbosity=1 not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefix=VERBOSE
// RUN: %env_bodysan_opts=verbosity=1 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=VERBOSE
//
// help=1: the list, then the program as usual; every flag of the .inc is listed, in order.
// RUN: %env_bodysan_opts=help=1 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' > %t.help0
// RUN: FileCheck %s --check-prefix=HELP < %t.help0
// RUN: %env_bodysan_opts=help=1 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' > %t.help2
// RUN: FileCheck %s --check-prefix=HELP < %t.help2
// RUN: sed -n 's/^BODYSAN_FLAG([^,]*, *\([a-z_]*\),.*/\1/p' %S/../../runtime/bodysan_flags.inc > %t.flags
// RUN: FileCheck %s --check-prefix=FLAGS < %t.flags
// RUN: sed -n 's/^[[:space:]]\{1,\}\([a-z_]\{1,\}\)[[:space:]]*$/\1/p' %t.help0 > %t.listed0
// RUN: diff %t.flags %t.listed0
// RUN: sed -n 's/^[[:space:]]\{1,\}\([a-z_]\{1,\}\)[[:space:]]*$/\1/p' %t.help2 > %t.listed2
// RUN: diff %t.flags %t.listed2
//
// Unknown flags and bad values: diagnosed, ignored, defaults kept.
// RUN: %env_bodysan_opts="no_such_flag=1:exitcode=abc:halt_on_error=maybe:stack_depth=0" sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BAD
// RUN: %env_bodysan_opts="no_such_flag=1:exitcode=abc:halt_on_error=maybe:stack_depth=0" sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BAD
#include "soup_three_bugs.h"

int main(int argc, char **argv) { return run_three_bugs(argc, argv); }

// LOGSTDERR: step 1: scope_leak got 200
// LOGSTDERR-NEXT: step 2: undrained_close done
// LOGSTDERR-NEXT: step 3: global_leak done
// LOGSTDERR-NEXT: server: connections=3 requests=3
// LOGSTDERR-NEXT: exit code 23

// LOGNAME: {{^}}report.{{[0-9]+$}}
// LOGNAME-NOT: {{.}}

// LOG: ERROR: BodySanitizer: unclosed-body
// LOG-NEXT: {{.*}} was still open when 'scope_leak' returned at
// LOG: Acquired by thread T0 here:
// LOG-NEXT: #0 0x{{[0-9a-f]+}} in scope_leak {{.*}}soup_three_bugs.h:27:24
// LOG-NEXT: #1 0x{{[0-9a-f]+}} in run_three_bugs {{.*}}soup_three_bugs.h:58:7
// LOG-NEXT: #2 0x{{[0-9a-f]+}} in main {{.*}}flags_output.c:[[@LINE-16]]
// LOG: ERROR: BodySanitizer: undrained-body
// LOG: Released by thread T0 here:
// LOG-NEXT: #0 0x{{[0-9a-f]+}} in undrained_close {{.*}}soup_three_bugs.h:39:5
// LOG: Acquired by thread T0 here:
// LOG-NEXT: #0 0x{{[0-9a-f]+}} in undrained_close {{.*}}soup_three_bugs.h:37:24
// LOG: ERROR: BodySanitizer: unclosed-body
// LOG-NEXT: {{.*}} was never closed (still open at exit).
// LOG: Acquired by thread T0 here:
// LOG-NEXT: #0 0x{{[0-9a-f]+}} in global_leak {{.*}}soup_three_bugs.h:47:15
// LOG-NEXT: #1 0x{{[0-9a-f]+}} in run_three_bugs {{.*}}soup_three_bugs.h:62:3
// LOG: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in global_leak

// Only frame #0, in each of the four stacks.
// DEPTH1: Acquired by thread T0 here:
// DEPTH1-NEXT: #0 0x{{[0-9a-f]+}} in scope_leak {{.*}}soup_three_bugs.h:27:24
// DEPTH1-EMPTY:
// DEPTH1-NEXT: SUMMARY: BodySanitizer: unclosed-body
// DEPTH1: Released by thread T0 here:
// DEPTH1-NEXT: #0 0x{{[0-9a-f]+}} in undrained_close {{.*}}soup_three_bugs.h:39:5
// DEPTH1-EMPTY:
// DEPTH1-NEXT: Acquired by thread T0 here:
// DEPTH1-NEXT: #0 0x{{[0-9a-f]+}} in undrained_close {{.*}}soup_three_bugs.h:37:24
// DEPTH1-EMPTY:
// DEPTH1-NEXT: SUMMARY: BodySanitizer: undrained-body
// DEPTH1: Acquired by thread T0 here:
// DEPTH1-NEXT: #0 0x{{[0-9a-f]+}} in global_leak {{.*}}soup_three_bugs.h:47:15
// DEPTH1-EMPTY:
// DEPTH1-NEXT: SUMMARY: BodySanitizer: unclosed-body
// DEPTH1-NOT: #1

// Frames are the executable plus an offset; no source file:line in any frame.
// NOSYM: Acquired by thread T0 here:
// NOSYM-NEXT: #0 0x{{[0-9a-f]+}} {{.*}}([[EXE]]+0x{{[0-9a-f]+}})
// NOSYM-NOT: soup_three_bugs.h:{{[0-9]+}}:{{[0-9]+$}}
// NOSYM-NOT: flags_output.c:
// NOSYM: SUMMARY: BodySanitizer: unclosed-body
// NOSYM: Acquired by thread T0 here:
// NOSYM-NEXT: #0 0x{{[0-9a-f]+}} {{.*}}([[EXE]]+0x{{[0-9a-f]+}})
// NOSYM-NOT: soup_three_bugs.h:{{[0-9]+}}:{{[0-9]+$}}
// NOSYM-NOT: flags_output.c:
// NOSYM: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in global_leak

// STRIP: was still open when 'scope_leak' returned at Inputs/soup_three_bugs.h:32:3.
// STRIP: Acquired by thread T0 here:
// STRIP-NEXT: #0 0x{{[0-9a-f]+}} in scope_leak Inputs/soup_three_bugs.h:27:24
// STRIP-NEXT: #1 0x{{[0-9a-f]+}} in run_three_bugs Inputs/soup_three_bugs.h:58:7
// STRIP-NEXT: #2 0x{{[0-9a-f]+}} in main flags_output.c:
// STRIP: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in scope_leak at Inputs/soup_three_bugs.h:27:24
// STRIP: released by g_input_stream_close at Inputs/soup_three_bugs.h:39:5 before

// VERBOSE: BodySanitizer: initialized (ABI v{{[0-9]+}}); BODYSAN_OPTIONS='verbosity=1'
// VERBOSE-NEXT: BodySanitizer: symbolizer: {{.*}}llvm-symbolizer
// VERBOSE-NEXT: BodySanitizer: unwinder: frame pointers, stack_depth=30
// VERBOSE-NEXT: ERROR: BodySanitizer: unclosed-body
// VERBOSE: step 1: scope_leak got 200
// VERBOSE: step 3: global_leak done

// HELP: Available flags for BodySanitizer
// HELP-NEXT: exitcode
// HELP-NEXT: - Exit code {{.*}} (type: int, default: 23)
// HELP: suppressions
// HELP-NEXT: (type: string, default: "")
// HELP: help
// HELP-NEXT: (type: bool, default: false)
// HELP-NEXT: ERROR: BodySanitizer: unclosed-body
// HELP: step 1: scope_leak got 200
// HELP: step 3: global_leak done
// HELP: server: connections=3 requests=3
// HELP-NEXT: exit code 23

// BAD-DAG: BodySanitizer: WARNING: unknown flag 'no_such_flag' in BODYSAN_OPTIONS; ignored
// BAD-DAG: BodySanitizer: ERROR: invalid value 'abc' for flag 'exitcode' (expected an integer) in BODYSAN_OPTIONS; ignored
// BAD-DAG: BodySanitizer: ERROR: invalid value 'maybe' for flag 'halt_on_error' {{.*}}; ignored
// BAD-DAG: BodySanitizer: ERROR: invalid value '0' for flag 'stack_depth' {{.*}}; ignored
// BAD: ERROR: BodySanitizer: unclosed-body
// BAD: #1 0x{{[0-9a-f]+}} in run_three_bugs
// BAD: step 1: scope_leak got 200
// BAD: step 2: undrained_close done
// BAD-NEXT: step 3: global_leak done
// BAD: server: connections=3 requests=3
// BAD-NEXT: exit code 23

// The flag names extracted from the .inc (so the diffs above compare real lists).
// FLAGS: {{^exitcode$}}
// FLAGS: {{^log_path$}}
// FLAGS: {{^help$}}
