// Intent: generated suppression lines work for C++ names (namespaces, overloads with parameter lists, templates, an operator whose name has a '|' that separates chains in the line): each line, fed back alone, silences exactly its report, and all of them silence everything.
// RUN: %clangxx %bodysan_inc -I%S/../runtime/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: %env_bodysan_opts=gen_suppressions=1 not %run %t > %t.out 2>&1
// RUN: grep -A1 '^Suppression for this report' %t.out | grep -v -e '^Suppression for' -e '^--' > %t.all
// RUN: FileCheck %s --check-prefix=LINES < %t.all
// RUN: grep 'operator?' %t.all > %t.op
// RUN: %env_bodysan_opts=suppressions=%t.op not %run %t 2>&1 | FileCheck %s --check-prefix=OP
// RUN: grep 'fetch(int)' %t.all > %t.int
// RUN: %env_bodysan_opts=suppressions=%t.int not %run %t 2>&1 | FileCheck %s --check-prefix=INT
// RUN: %env_bodysan_opts=suppressions=%t.all %run %t 2>&1 | FileCheck %s --check-prefix=ALL --implicit-check-not="ERROR: BodySanitizer"
#include "test_kinds.h"

TEST_SITE(send_site, body_kind, "test_send", "client", 10, 5, BODYSAN_ROLE_ACQUIRE);

namespace net {
struct Flags {
  int V;
};
NOINLINE Flags operator|(Flags A, Flags B) {
  __bodysan_acquire(HANDLE(1), &send_site);
  return Flags{A.V | B.V};
}
NOINLINE void fetch(int I) { __bodysan_acquire(HANDLE(10 + I), &send_site); }
NOINLINE void fetch(const char *) { __bodysan_acquire(HANDLE(20), &send_site); }
template <typename T> NOINLINE void get(T) {
  __bodysan_acquire(HANDLE(30), &send_site);
}
} // namespace net

int main() {
  net::Flags F = net::Flags{1} | net::Flags{2};
  net::fetch(1);
  net::fetch("x");
  net::get(2.5);
  return F.V == 3 ? 0 : 1;
}

// LINES-DAG: {{^}}unclosed:net::operator?(net::Flags, net::Flags)@gen_suppressions_cxx.cpp:{{[0-9]+:[0-9]+}};main@gen_suppressions_cxx.cpp:{{[0-9]+:[0-9]+$}}
// LINES-DAG: {{^}}unclosed:net::fetch(int)@gen_suppressions_cxx.cpp:
// LINES-DAG: {{^}}unclosed:net::fetch(char const*)@gen_suppressions_cxx.cpp:
// LINES-DAG: {{^}}unclosed:void net::get<double>(double)@gen_suppressions_cxx.cpp:

// OP: SUMMARY: BodySanitizer: unclosed-body: 3 bodies acquired at 3 stacks never closed
// OP: 1 unclosed:net::operator?

// INT-NOT: in net::fetch(int)
// INT: SUMMARY: BodySanitizer: unclosed-body: 3 bodies acquired at 3 stacks never closed

// ALL: Suppressions used:
