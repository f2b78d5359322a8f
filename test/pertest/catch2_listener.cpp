// Intent: the Catch2 v2 listener of docs/PerTestChecks.md, built on the C API
// (__bodysan_checkpoint / __bodysan_check_section), in a Catch2 binary with two
// clean test cases, one that leaks a libsoup body and one whose second SECTION
// leaks one: each leaking test case FAILS (in Catch2's own totals and exit code,
// not only through the runtime's exitcode), located at the acquisition line and
// naming the test case, with the acquisition stack in the message; the clean
// ones pass. The same in random order, with -a (abort after the first failure)
// and in the JUnit report. The bodies are not reported again at exit. The
// listener in the docs is the one tested here.
// REQUIRES: libsoup, catch2
// (strip_path_prefix keeps the stack lines of the message shorter than Catch2's
// console width, 80, which would wrap them.)
// (section_settle_ms=0: leaks are reported at once, without the settle window;
// gtest_settle_window.cpp tests the window.)
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %env_bodysan_opts=strip_path_prefix=%S/:section_settle_ms=0 not %with_server -- %t-O0 > %t-O0.out 2> %t-O0.err
// RUN: FileCheck %s < %t-O0.out
// RUN: FileCheck %s --check-prefix=SECT < %t-O0.out
// RUN: FileCheck %s --check-prefix=ANY < %t-O0.out
// RUN: FileCheck %s --check-prefix=ERR < %t-O0.err
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %env_bodysan_opts=strip_path_prefix=%S/:section_settle_ms=0 not %with_server -- %t-O2 > %t-O2.out 2> %t-O2.err
// RUN: FileCheck %s < %t-O2.out
// RUN: FileCheck %s --check-prefix=SECT < %t-O2.out
// RUN: FileCheck %s --check-prefix=ANY < %t-O2.out
// RUN: FileCheck %s --check-prefix=ERR < %t-O2.err
//
// Catch2 fails the run by itself (its exit code is the number of failed
// assertions), also when the runtime's exitcode is 0:
// RUN: %env_bodysan_opts=exitcode=0:section_settle_ms=0 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=ANY
//
// Random order (the order changes, the verdicts do not):
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 --order rand --rng-seed 1 2>/dev/null | FileCheck %s --check-prefix=ANY
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 --order rand --rng-seed 2 2>/dev/null | FileCheck %s --check-prefix=ANY
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O0 --order rand --rng-seed 3 2>/dev/null | FileCheck %s --check-prefix=ANY
//
// The failure is part of the test case's result in the JUnit report too:
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 -r junit 2>/dev/null | FileCheck %s --check-prefix=JUNIT
//
// The listener in docs/PerTestChecks.md is this one:
// RUN: sed -n '/^\/\/ --- The listener, as in/,/^\/\/ --- End of the listener/p' %s | sed '1d;$d' > %t-listener.txt
// RUN: sed -n '/^#include <catch2\/catch.hpp>$/,/^```$/p' %S/../../docs/PerTestChecks.md | sed '1,2d;$d' > %t-doc.txt
// RUN: diff %t-listener.txt %t-doc.txt
// RUN: FileCheck %s --check-prefix=DOC < %t-doc.txt
// DOC: class BodySanitizerListener : public Catch::TestEventListenerBase {
// DOC: CATCH_REGISTER_LISTENER(BodySanitizerListener)
//
// Abort after the first failure (-a): the run stops after "leaks", the listener
// does not throw.
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 -a 2>/dev/null | FileCheck %s --check-prefix=ABORT

#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

// --- The listener, as in docs/PerTestChecks.md --------------------------------
#include <bodysan/bodysan_interface.h>

#include <sstream>
#include <string>
#include <vector>

// A checked section around each run of a test case. Catch2 runs the body once
// per leaf SECTION (and GENERATE value), each time inside the test case's
// outermost section, and reports that section's end while the run is still the
// current one: a failure reported there fails the test case. (In testCaseEnded
// it is too late: the totals are counted, and the console reporter asserts.)
class BodySanitizerListener : public Catch::TestEventListenerBase {
public:
  using TestEventListenerBase::TestEventListenerBase;

  void sectionStarting(Catch::SectionInfo const &Info) override {
    TestEventListenerBase::sectionStarting(Info);
    if (Depth++ == 0)
      Token = __bodysan_checkpoint();
  }

  void sectionEnded(Catch::SectionStats const &Stats) override {
    TestEventListenerBase::sectionEnded(Stats);
    if (--Depth != 0)
      return;
    // The outermost section is named after the test case.
    const std::string &Name = Stats.sectionInfo.name;
    std::vector<char> Report(64 * 1024);
    const char *File = nullptr;
    unsigned Line = 0;
    int N = __bodysan_check_section(Token, Name.c_str(), Report.data(),
                                    Report.size(), &File, &Line);
    if (N <= 0)
      return;
    // The message: the count, then the report (printed on stderr already)
    // without its ERROR and SUMMARY lines.
    std::string Message = "BodySanitizer: " + std::to_string(N) +
                          (N == 1 ? " handle" : " handles") + " acquired in '" +
                          Name + "' still open at its end:";
    std::istringstream Lines(Report.data());
    for (std::string L; std::getline(Lines, L);)
      if (L.find("==ERROR: BodySanitizer:") == std::string::npos &&
          L.rfind("SUMMARY: BodySanitizer:", 0) != 0)
        Message += "\n" + L;
    while (Message.back() == '\n')
      Message.pop_back();
    // What FAIL_CHECK does, located at the acquiring call.
    Catch::AssertionHandler Handler(
        "FAIL_CHECK"_catch_sr,
        File ? Catch::SourceLineInfo(File, Line) : Stats.sectionInfo.lineInfo,
        Catch::StringRef(), Catch::ResultDisposition::ContinueOnFailure);
    Handler.handleMessage(Catch::ResultWas::ExplicitFailure, Message);
    try {
      Handler.complete();
    } catch (Catch::TestFailureException &) {
      // -a / -x N: the failure is counted and Catch2 stops after this test
      // case; an exception must not leave the listener.
    }
  }

private:
  uintptr_t Token = 0;
  int Depth = 0;
};
CATCH_REGISTER_LISTENER(BodySanitizerListener)
// --- End of the listener ------------------------------------------------------

#include <libsoup/soup.h>

#include <cstdlib>

static SoupSession *session;
// Leaked bodies are kept here, so no scope check reports them first.
static GInputStream *leaked[2];

static std::string url() {
  const char *base = std::getenv("BODYSAN_TEST_URL");
  return std::string(base ? base : "http://127.0.0.1:1") + "/ok?size=1000";
}

// The run through SECTION "leaky" fails the test case "sections", located in
// send(); the stack shows the line in the section.
// SECT: {{^}}sections{{$}}
// SECT: {{.*}}catch2_listener.cpp:[[@LINE+11]]: FAILED:
// SECT-NEXT: explicitly with message:
// SECT-NEXT: BodySanitizer: 1 handle acquired in 'sections' still open at its end:
// SECT-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was still
// SECT-NEXT: open at the end of the checked section 'sections'.
// SECT: Acquired by thread T0 here:
// SECT-NEXT: #0 {{.*}} in send() catch2_listener.cpp:[[@LINE+5]]
static GInputStream *send() {
  if (!session)
    session = soup_session_new_with_options("max-conns-per-host", 10, nullptr);
  SoupMessage *msg = soup_message_new("GET", url().c_str());
  GInputStream *body = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
  return body;
}

static gsize drain_and_close(GInputStream *body) {
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, nullptr, nullptr)) > 0)
    total += n;
  g_input_stream_close(body, nullptr, nullptr);
  g_object_unref(body);
  return total;
}

TEST_CASE("clean first") {
  GInputStream *body = send();
  REQUIRE(body != nullptr);
  CHECK(drain_and_close(body) == 1000);
}

TEST_CASE("leaks") {
  // CHECK-NOT: clean first
  // CHECK: {{^}}leaks{{$}}
  // CHECK: {{.*}}catch2_listener.cpp:[[@LINE+10]]: FAILED:
  // CHECK-NEXT: explicitly with message:
  // CHECK-NEXT: BodySanitizer: 1 handle acquired in 'leaks' still open at its end:
  // CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was still
  // CHECK-NEXT: open at the end of the checked section 'leaks'.
  // CHECK: Acquired by thread T0 here:
  // CHECK-NEXT: #0 {{.*}} in C_A_T_C_H_T_E_S_T_{{[0-9]+}}() catch2_listener.cpp:[[@LINE+4]]
  // CHECK-NOT: SUMMARY
  // CHECK-NOT: clean
  SoupMessage *msg = soup_message_new("GET", url().c_str());
  leaked[0] = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
  CHECK(leaked[0] != nullptr);
}

// The body runs once per SECTION; only the run through "leaky" leaks (the check
// is per run: the "closed" run passes its check).
TEST_CASE("sections") {
  SECTION("closed") {
    CHECK(drain_and_close(send()) == 1000);
  }
  SECTION("leaky") {
    // SECT-NEXT: #1 {{.*}} catch2_listener.cpp:[[@LINE+2]]
    // SECT-NOT: clean
    leaked[1] = send();
    CHECK(leaked[1] != nullptr);
  }
}

TEST_CASE("clean last") {
  GInputStream *body = send();
  REQUIRE(body != nullptr);
  CHECK(drain_and_close(body) == 1000);
}

// In any order: the two leaking test cases fail, once each, the others pass.
// ANY-NOT: clean first
// ANY-NOT: clean last
// ANY: test cases: 4 | 2 passed | 2 failed
// ANY-NEXT: assertions: {{[0-9]+}} | {{[0-9]+}} passed | 2 failed
// A leaked body keeps its connection.
// ANY: server: connections={{[1-3]}} requests=5

// The runtime's reports, on stderr: one per leaking test case, none at exit.
// ERR: ERROR: BodySanitizer: unclosed-body
// ERR-NEXT: {{.*}} was still open at the end of the checked section 'leaks'.
// ERR: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in {{.*}} at catch2_listener.cpp:{{[0-9]+}}:{{[0-9]+}} still open at the end of the checked section 'leaks'
// ERR-NEXT: ERROR: BodySanitizer: unclosed-body
// ERR-NEXT: {{.*}} was still open at the end of the checked section 'sections'.
// ERR: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in send() at catch2_listener.cpp:{{[0-9]+}}:{{[0-9]+}} still open at the end of the checked section 'sections'
// ERR-NOT: BodySanitizer

// ABORT: catch2_listener.cpp:{{[0-9]+}}: FAILED:
// ABORT-NEXT: explicitly with message:
// ABORT-NEXT: BodySanitizer: 1 handle acquired in 'leaks' still open at its end:
// ABORT: test cases: 2 | 1 passed | 1 failed
// ABORT-NEXT: assertions: {{[0-9]+}} | {{[0-9]+}} passed | 1 failed

// JUNIT-DAG: <testcase classname="{{.*}}" name="clean first" time="{{.*}}" status="run"/>
// JUNIT-DAG: <testcase classname="{{.*}}" name="clean last" time="{{.*}}" status="run"/>
// JUNIT-DAG: <testcase classname="{{.*}}" name="leaks" time="{{.*}}" status="run">
// JUNIT-DAG: <failure type="FAIL_CHECK">
// JUNIT-DAG: BodySanitizer: 1 handle acquired in 'leaks' still open at its end:
