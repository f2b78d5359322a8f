// Intent: gen_suppressions=1 prints a suppression line under each report that, fed back through suppressions=FILE, silences exactly that report: two leaks in the same function at different lines, the same helper leaking for two callers, an undrained close, an undrained close followed by a double close and a leak at a scope exit each get their own line; one line removes one report and keeps the others; all lines together leave no report and exit code 0. Hand-written located lines with wildcards work too.
// RUN: %clang %bodysan_inc -I%S/../runtime/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: %env_bodysan_opts=gen_suppressions=1 not %run %t > %t.out 2>&1
// RUN: FileCheck %s --check-prefix=GEN < %t.out
// RUN: grep -A1 '^Suppression for this report' %t.out | grep -v -e '^Suppression for' -e '^--' > %t.all
// RUN: grep -c . %t.all | FileCheck %s --check-prefix=EIGHT
// (One line only: see two_leaks.)
// The helper's leak for one caller only.
// RUN: grep '^unclosed:helper@.*;caller_b@' %t.all > %t.caller_b
// RUN: %env_bodysan_opts=suppressions=%t.caller_b not %run %t 2>&1 | FileCheck %s --check-prefix=CALLERB
// Every line: no report, exit code 0.
// RUN: %env_bodysan_opts=suppressions=%t.all %run %t 2>&1 | FileCheck %s --check-prefix=ALL --implicit-check-not="ERROR: BodySanitizer"
// Hand-written: wildcards for the column and the file's directory, any line.
// RUN: printf 'unclosed:two_leaks@*round_trip.c:*\n' > %t.hand
// RUN: %env_bodysan_opts=suppressions=%t.hand not %run %t 2>&1 | FileCheck %s --check-prefix=HAND
// A plain pattern with an '@' that is not a frame keeps its old meaning.
// RUN: printf 'unclosed:two@leaks\n' > %t.plain
// RUN: %env_bodysan_opts=suppressions=%t.plain not %run %t 2>&1 | FileCheck %s --check-prefix=PLAIN
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(send_a, body_kind, "test_send", "two_leaks", 10, 5, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(send_b, body_kind, "test_send", "two_leaks", 11, 5, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(send_h, body_kind, "test_send", "helper", 20, 5, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(send_u, body_kind, "test_send", "undrained", 30, 5, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_u, body_kind, "test_close", "undrained", 31, 5, BODYSAN_ROLE_RELEASE);
TEST_SITE(send_d, request_kind, "test_begin", "double_close", 40, 5, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(end_d, request_kind, "test_end", "double_close", 41, 5, BODYSAN_ROLE_RELEASE);
TEST_SITE(send_s, body_kind, "test_send", "scoped", 50, 5, BODYSAN_ROLE_ACQUIRE);
TEST_EXIT_SITE(exit_s, "scoped", 52, 1, BODYSAN_ROLE_EXIT_RETURN);

NOINLINE void two_leaks(void) {
  __bodysan_acquire(HANDLE(1), &send_a);
  // One line only: the second leak here disappears, the rest stays.
  // RUN: grep 'two_leaks@gen_suppressions_round_trip.c:%(line+2):' %t.all > %t.one
  // RUN: %env_bodysan_opts=suppressions=%t.one not %run %t 2>&1 | FileCheck %s --check-prefix=ONE -DLEAK2=%(line+1)
  __bodysan_acquire(HANDLE(2), &send_b);
}

NOINLINE void helper(int i) { __bodysan_acquire(HANDLE(10 + i), &send_h); }
NOINLINE void caller_a(void) { helper(0); }
NOINLINE void caller_b(void) { helper(1); }

NOINLINE void undrained(void) {
  __bodysan_acquire(HANDLE(20), &send_u);
  __bodysan_release(HANDLE(20), &close_u);
}

NOINLINE void double_close(void) {
  __bodysan_acquire(HANDLE(30), &send_d);
  __bodysan_release(HANDLE(30), &end_d);
  __bodysan_release(HANDLE(30), &end_d);
}

NOINLINE void scoped(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(40), &send_s);
  __bodysan_scope_exit(token, &exit_s, 0);
}

int main(void) {
  two_leaks();
  caller_a();
  caller_b();
  undrained();
  double_close();
  scoped();
  fprintf(stderr, "done\n");
  return 0;
}

// Eight reports, each with its own line: the undrained close, the undrained
// first close and the second close of double_close, the scope exit, then at
// exit the four leaks.
// GEN: ERROR: BodySanitizer: undrained-body
// GEN: Suppression for this report (gen_suppressions=1):
// GEN-NEXT: {{^}}undrained:undrained@gen_suppressions_round_trip.c:[[#]]:{{[0-9]+}};main@gen_suppressions_round_trip.c:{{[0-9:]+}}|undrained@gen_suppressions_round_trip.c:[[#]]:{{[0-9]+}};main@
// GEN: ERROR: BodySanitizer: undrained-body
// GEN: Suppression for this report (gen_suppressions=1):
// GEN-NEXT: {{^}}undrained:double_close@
// GEN: ERROR: BodySanitizer: double-close
// GEN: Suppression for this report (gen_suppressions=1):
// GEN-NEXT: {{^}}double-close:double_close@
// GEN: ERROR: BodySanitizer: unclosed-body
// GEN: Suppression for this report (gen_suppressions=1):
// GEN-NEXT: {{^}}unclosed:scoped@fetch.c:52:1|scoped@gen_suppressions_round_trip.c:
// GEN: done
// GEN: ERROR: BodySanitizer: unclosed-body
// GEN-COUNT-4: Suppression for this report (gen_suppressions=1):
// GEN: SUMMARY: BodySanitizer: unclosed-body: 4 bodies acquired at 4 stacks never closed
// EIGHT: 8

// ONE: ERROR: BodySanitizer: undrained-body
// ONE: ERROR: BodySanitizer: undrained-body
// ONE: ERROR: BodySanitizer: double-close
// ONE: ERROR: BodySanitizer: unclosed-body
// ONE: returned at fetch.c:52:1
// ONE: done
// ONE-NOT: round_trip.c:[[LEAK2]]:
// ONE: SUMMARY: BodySanitizer: unclosed-body: 3 bodies acquired at 3 stacks never closed
// ONE: 1 unclosed:two_leaks@gen_suppressions_round_trip.c:[[LEAK2]]:

// CALLERB: in caller_a
// CALLERB-NOT: in caller_b
// CALLERB: SUMMARY: BodySanitizer: unclosed-body: 3 bodies acquired at 3 stacks never closed
// CALLERB: 1 unclosed:helper@

// ALL: done
// ALL: Suppressions used:
// ALL-COUNT-8: {{^ +1 }}

// HAND: SUMMARY: BodySanitizer: unclosed-body: 2 bodies acquired at 2 stacks never closed
// HAND: 2 unclosed:two_leaks@*round_trip.c:*

// PLAIN: SUMMARY: BodySanitizer: unclosed-body: 4 bodies acquired at 4 stacks never closed
