// Intent: the reporting flags, through a real libsoup 3 program compiled with the plugin
// at -O0 and -O2 that has three bugs (a local body open at a return, a body closed
// undrained, a body kept in a global until exit): all three reported by default with exit
// code 23; exitcode=7; a program that exits 3 itself keeps 3; halt_on_error stops at the
// first report (the program's later steps and requests never happen); check_at_exit=0,
// check_scope_exit=0 (the local leak moves to the exit check) and report_undrained=0 drop
// exactly their report; all three off gives a silent run with exit 0; max_reports=1.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 -I%S/Inputs %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 -I%S/Inputs %s -o %t-O2 %soup
//
// RUN: sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=DEFAULT,EXIT23
// RUN: sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=DEFAULT,EXIT23
// RUN: %env_bodysan_opts=exitcode=7 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=DEFAULT,EXIT7
// RUN: %env_bodysan_opts=exitcode=7 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=DEFAULT,EXIT7
// RUN: sh -c '%with_server -- %t-O0 3 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=DEFAULT,EXIT3
// RUN: sh -c '%with_server -- %t-O2 3 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=DEFAULT,EXIT3
// RUN: %env_bodysan_opts=halt_on_error=1 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=HALT
// RUN: %env_bodysan_opts=halt_on_error=1 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=HALT
// RUN: %env_bodysan_opts=check_at_exit=0 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=NOATEXIT,EXIT23
// RUN: %env_bodysan_opts=check_at_exit=0 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=NOATEXIT,EXIT23
// RUN: %env_bodysan_opts=check_scope_exit=0 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=NOSCOPE,EXIT23
// RUN: %env_bodysan_opts=check_scope_exit=0 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=NOSCOPE,EXIT23
// RUN: %env_bodysan_opts=report_undrained=0 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=NOUNDRAINED,EXIT23
// RUN: %env_bodysan_opts=report_undrained=0 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=NOUNDRAINED,EXIT23
// RUN: %env_bodysan_opts=check_at_exit=0:check_scope_exit=0:report_undrained=0 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=NONE --implicit-check-not=BodySanitizer
// RUN: %env_bodysan_opts=check_at_exit=0:check_scope_exit=0:report_undrained=0 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=NONE --implicit-check-not=BodySanitizer
// RUN: %env_bodysan_opts=max_reports=1 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=MAX1,EXIT23
// RUN: %env_bodysan_opts=max_reports=1 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=MAX1,EXIT23
#include "soup_three_bugs.h"

int main(int argc, char **argv) { return run_three_bugs(argc, argv); }

// DEFAULT: ERROR: BodySanitizer: unclosed-body
// DEFAULT-NEXT: libsoup 3 response body (GInputStream) from soup_session_send was still open when 'scope_leak' returned at {{.*}}soup_three_bugs.h:32:3.
// DEFAULT: Acquired by thread T0 here:
// DEFAULT-NEXT: #0 0x{{[0-9a-f]+}} in scope_leak {{.*}}soup_three_bugs.h:27:24
// DEFAULT: in main {{.*}}flags_reporting.c:[[@LINE-6]]
// DEFAULT: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in scope_leak at {{.*}}soup_three_bugs.h:27:24
// DEFAULT-NEXT: step 1: scope_leak got 200
// DEFAULT-NEXT: ERROR: BodySanitizer: undrained-body
// DEFAULT-NEXT: libsoup 3 response body (GInputStream) from soup_session_send was released by g_input_stream_close at {{.*}}soup_three_bugs.h:39:5 before its end was read (0 bytes read).
// DEFAULT: Released by thread T0 here:
// DEFAULT-NEXT: #0 0x{{[0-9a-f]+}} in undrained_close {{.*}}soup_three_bugs.h:39:5
// DEFAULT: Acquired by thread T0 here:
// DEFAULT-NEXT: #0 0x{{[0-9a-f]+}} in undrained_close {{.*}}soup_three_bugs.h:37:24
// DEFAULT: SUMMARY: BodySanitizer: undrained-body: 1 body released in undrained_close at {{.*}}soup_three_bugs.h:39:5 before its end was read
// DEFAULT-NEXT: step 2: undrained_close done
// DEFAULT-NEXT: step 3: global_leak done
// DEFAULT-NEXT: ERROR: BodySanitizer: unclosed-body
// DEFAULT-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// DEFAULT: Acquired by thread T0 here:
// DEFAULT-NEXT: #0 0x{{[0-9a-f]+}} in global_leak {{.*}}soup_three_bugs.h:47:15
// DEFAULT: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in global_leak at {{.*}}soup_three_bugs.h:47:15 never closed
// DEFAULT-NEXT: server: connections=3 requests=3

// The first report stops the process: no later step runs, one request was made.
// HALT: ERROR: BodySanitizer: unclosed-body
// HALT-NEXT: {{.*}} when 'scope_leak' returned at
// HALT: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in scope_leak
// HALT-NOT: step
// HALT-NOT: BodySanitizer
// HALT: server: connections=1 requests=1
// HALT-NEXT: exit code 23

// NOATEXIT: ERROR: BodySanitizer: unclosed-body
// NOATEXIT-NEXT: {{.*}} when 'scope_leak' returned at
// NOATEXIT: step 1: scope_leak got 200
// NOATEXIT-NEXT: ERROR: BodySanitizer: undrained-body
// NOATEXIT: step 2: undrained_close done
// NOATEXIT-NEXT: step 3: global_leak done
// NOATEXIT-NEXT: server: connections=3 requests=3

// The local leak is not checked at its return: it is still open at exit, where it is
// reported with the global one (two acquisition stacks).
// NOSCOPE-NOT: BodySanitizer
// NOSCOPE: step 1: scope_leak got 200
// NOSCOPE-NEXT: ERROR: BodySanitizer: undrained-body
// NOSCOPE: step 2: undrained_close done
// NOSCOPE-NEXT: step 3: global_leak done
// NOSCOPE-NOT: returned at
// NOSCOPE-DAG: #0 0x{{[0-9a-f]+}} in scope_leak {{.*}}soup_three_bugs.h:27:24
// NOSCOPE-DAG: #0 0x{{[0-9a-f]+}} in global_leak {{.*}}soup_three_bugs.h:47:15
// NOSCOPE-DAG: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// NOSCOPE-DAG: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// NOSCOPE: SUMMARY: BodySanitizer: unclosed-body: 2 bodies acquired at 2 stacks never closed
// NOSCOPE-NEXT: server: connections=3 requests=3

// NOUNDRAINED: ERROR: BodySanitizer: unclosed-body
// NOUNDRAINED-NEXT: {{.*}} when 'scope_leak' returned at
// NOUNDRAINED: step 1: scope_leak got 200
// NOUNDRAINED-NEXT: step 2: undrained_close done
// NOUNDRAINED-NEXT: step 3: global_leak done
// NOUNDRAINED-NEXT: ERROR: BodySanitizer: unclosed-body
// NOUNDRAINED-NEXT: {{.*}} was never closed (still open at exit).
// NOUNDRAINED-NOT: undrained-body
// NOUNDRAINED: server: connections=3 requests=3

// NONE: step 1: scope_leak got 200
// NONE-NEXT: step 2: undrained_close done
// NONE-NEXT: step 3: global_leak done
// NONE-NEXT: server: connections=3 requests=3
// NONE-NEXT: exit code 0

// MAX1: ERROR: BodySanitizer: unclosed-body
// MAX1-NEXT: {{.*}} when 'scope_leak' returned at
// MAX1: step 1: scope_leak got 200
// MAX1-NEXT: step 2: undrained_close done
// MAX1-NEXT: step 3: global_leak done
// MAX1-NEXT: BodySanitizer: 2 more reports were not printed (max_reports=1)
// MAX1-NEXT: server: connections=3 requests=3

// The exit code, printed last (after every other check prefix above).
// EXIT23: exit code 23
// EXIT7: exit code 7
// EXIT3: exit code 3
