// Intent: json_path appends one JSON object per printed report as it is printed (a halted program keeps its lines), each line parses and has the documented fields (error, kind, rule, message, site, event_site, stacks with roles and frames, fingerprint, suppression, pid, count); strings are escaped (quotes, control characters) and file names keep valid UTF-8 while invalid bytes become U+FFFD; an at-exit group counts its handles; strip_path_prefix makes SARIF paths relative to %SRCROOT%.
// RUN: %clang %bodysan_inc -I%S/../runtime/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: rm -f %t.jsonl %t.halt.jsonl
// RUN: %env_bodysan_opts=json_path=%t.jsonl not %run %t > /dev/null 2>&1
// RUN: %check_json_lines %t.jsonl | FileCheck %s
// Appended, not truncated: a second run doubles the lines.
// RUN: %env_bodysan_opts=json_path=%t.jsonl not %run %t > /dev/null 2>&1
// RUN: %check_json_lines %t.jsonl | FileCheck %s --check-prefix=TWICE
// halt_on_error: the first report's line is there.
// RUN: %env_bodysan_opts=json_path=%t.halt.jsonl:halt_on_error=1 not %run %t > /dev/null 2>&1
// RUN: %check_json_lines %t.halt.jsonl | FileCheck %s --check-prefix=HALT
// RUN: %env_bodysan_opts=sarif_path=%t.sarif:strip_path_prefix=%S/ not %run %t > /dev/null 2>&1
// RUN: %validate_sarif %t.sarif | FileCheck %s --check-prefix=SARIF -DDIR=%S
#include "test_kinds.h"
#include <stdio.h>

// A site whose names need escaping: a quote, a tab, a control character, a
// valid UTF-8 e-acute and an invalid byte.
static const struct __bodysan_site odd_site = {
    &body_kind, "test_send", "odd\"name\t\x01", "dir/caf\xc3\xa9\xff.c", 7, 9,
    BODYSAN_ROLE_ACQUIRE, 0, 0, 0, 0, 0, 0, 0, 0};
// An absolute file name, as the pass records (for strip_path_prefix).
static const struct __bodysan_site send_site = {
    &body_kind, "test_send", "leaky", __FILE__, 10, 20,
    BODYSAN_ROLE_ACQUIRE, 0, 0, 0, 0, 0, 0, 0, 0};
TEST_SITE(close_site, body_kind, "test_close", "undrained", 30, 3, BODYSAN_ROLE_RELEASE);

NOINLINE void undrained(void) {
  __bodysan_acquire(HANDLE(1), &send_site);
  __bodysan_release(HANDLE(1), &close_site);
}

NOINLINE void leaky(int i) { __bodysan_acquire(HANDLE(10 + i), &send_site); }

int main(void) {
  undrained();
  for (int i = 0; i < 3; ++i)
    leaky(i);
  __bodysan_acquire(HANDLE(20), &odd_site);
  return 0;
}

// CHECK: json: undrained-body test.body json_lines.c:10:20 roles=release,acquire fingerprint={{[0-9a-f]{16}:1}} count=1 function="leaky" file="/{{.*}}/json_lines.c"
// CHECK-NEXT: json: unclosed-body test.body json_lines.c:10:20 roles=acquire fingerprint={{[0-9a-f]{16}:1}} count=3 function="leaky" file="/{{.*}}/json_lines.c"
// CHECK-NEXT: json: unclosed-body test.body caf{{.*}}.c:7:9 roles=acquire fingerprint={{[0-9a-f]{16}:1}} count=1 function="odd\"name\t\u0001" file="dir/caf\u00e9\ufffd.c"
// CHECK-NEXT: json: 3 lines

// TWICE: json: 6 lines

// HALT: json: undrained-body
// HALT-NEXT: json: 1 lines

// SARIF: sarif: BodySanitizer version={{.*}} rules=2 results=3
// SARIF-NEXT: base: %SRCROOT%=file://[[DIR]]/
// SARIF: result: undrained-body/test.body json_lines.c:10:20 {{.*}} uri=json_lines.c base=%SRCROOT%
// SARIF-NEXT: flow: acquire {{[0-9]+}} frames, #0 undrained line
// SARIF: result: unclosed-body/test.body json_lines.c:10:20 {{.*}} count=3 repeats=0 uri=json_lines.c base=%SRCROOT%
// A relative path strip_path_prefix did not make is no %SRCROOT% path.
// SARIF: result: unclosed-body/test.body caf%C3%A9%FF.c:7:9 {{.*}} uri=dir/caf%C3%A9%FF.c base=None
