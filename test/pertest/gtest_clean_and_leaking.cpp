// Intent: a GoogleTest binary linked with libbodysan_gtest.a (the listener registers
// itself) with two clean tests and one that leaks a libsoup body: the leaking test
// FAILS, located at the acquisition line, naming FetchTest.Leaks, the count and the
// acquisition stack, before gtest prints its verdict; the clean ones pass. The same
// holds under --gtest_shuffle with several seeds and under --gtest_repeat=2 (the leak
// is reported in each iteration), and with --gtest_brief=1 (the brief printer is
// registered after the listener). The body is not reported again at exit; the leaked
// body keeps its connection, so the clean tests need a second one.
// REQUIRES: libsoup, gtest
// (section_settle_ms=0: leaks are reported at once, without the settle window;
// gtest_settle_window.cpp tests the window.)
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %soup %bodysan_gtest %gtest_libs
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O0 > %t-O0.out 2>&1
// RUN: FileCheck %s < %t-O0.out
// RUN: FileCheck %s --check-prefix=ANY < %t-O0.out
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %soup %bodysan_gtest %gtest_libs
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 > %t-O2.out 2>&1
// RUN: FileCheck %s < %t-O2.out
// RUN: FileCheck %s --check-prefix=ANY < %t-O2.out
//
// Shuffled (the order changes, the verdicts do not):
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 --gtest_shuffle --gtest_random_seed=1 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 --gtest_shuffle --gtest_random_seed=2 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O0 --gtest_shuffle --gtest_random_seed=3 2>&1 | FileCheck %s --check-prefix=ANY
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O0 --gtest_shuffle --gtest_random_seed=4 2>&1 | FileCheck %s --check-prefix=ANY
//
// Repeated: each iteration's leak fails that iteration's test.
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 --gtest_repeat=2 2>&1 | FileCheck %s --check-prefix=REPEAT
//
// Brief output: only the failure is printed, with the listener's message in it.
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 --gtest_brief=1 2>&1 | FileCheck %s --check-prefix=BRIEF

#include <gtest/gtest.h>
#include <libsoup/soup.h>

#include <cstdlib>
#include <string>

static SoupSession *session;
static std::string url;
// The leaked body is kept here, so no scope check reports it first.
static GInputStream *leaked;

static GInputStream *send() {
  SoupMessage *msg = soup_message_new("GET", url.c_str());
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

TEST(FetchTest, CleanFirst) {
  GInputStream *body = send();
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(drain_and_close(body), 1000u);
}

TEST(FetchTest, Leaks) {
  SoupMessage *msg = soup_message_new("GET", url.c_str());
  // CHECK: [ RUN      ] FetchTest.Leaks
  // CHECK-NEXT: ==[[PID:[0-9]+]]==ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was still open at the end of the checked section 'FetchTest.Leaks'.
  // CHECK: Acquired by thread T0 here:
  // CHECK-NEXT: #0 {{.*}} in FetchTest_Leaks_Test::TestBody() {{.*}}gtest_clean_and_leaking.cpp:[[@LINE+14]]
  // CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in {{.*}} at {{.*}}gtest_clean_and_leaking.cpp:[[@LINE+13]]:{{[0-9]+}} still open at the end of the checked section 'FetchTest.Leaks'
  // The failure, at the acquisition, with the sentence and the stack:
  // CHECK-NEXT: {{.*}}gtest_clean_and_leaking.cpp:[[@LINE+11]]: Failure
  // CHECK-NEXT: Failed
  // CHECK-NEXT: BodySanitizer: 1 handle acquired during FetchTest.Leaks is still open at its end:
  // CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was still open at the end of the checked section 'FetchTest.Leaks'.
  // CHECK-NEXT: The connection is not returned
  // CHECK-NEXT: Acquired by thread T0 here:
  // CHECK-NEXT: #0 {{.*}} in FetchTest_Leaks_Test::TestBody() {{.*}}gtest_clean_and_leaking.cpp:[[@LINE+5]]
  // CHECK-NOT: BodySanitizer
  // CHECK: [  FAILED  ] FetchTest.Leaks (
  // CHECK: [ RUN      ] FetchTest.CleanLast
  // CHECK-NEXT: [       OK ] FetchTest.CleanLast (
  leaked = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
  EXPECT_NE(leaked, nullptr);
}

TEST(FetchTest, CleanLast) {
  GInputStream *body = send();
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(drain_and_close(body), 1000u);
}

// In any order: exactly FetchTest.Leaks fails, once, at its acquisition.
// ANY-DAG: [       OK ] FetchTest.CleanFirst (
// ANY-DAG: [       OK ] FetchTest.CleanLast (
// ANY-DAG: [  FAILED  ] FetchTest.Leaks (
// ANY-DAG: BodySanitizer: 1 handle acquired during FetchTest.Leaks is still open at its end:
// ANY: [==========] 3 tests from 1 test suite ran.
// ANY-NEXT: [  PASSED  ] 2 tests.
// ANY-NEXT: [  FAILED  ] 1 test, listed below:
// ANY-NEXT: [  FAILED  ] FetchTest.Leaks
// ANY-NOT: BodySanitizer
// The leaked body keeps its connection: a clean test after it needs another.
// ANY: server: connections={{[12]}} requests=3
// In order, CleanLast runs after the leak.
// CHECK: server: connections=2 requests=3

// REPEAT: Repeating all tests (iteration 1)
// REPEAT: [  FAILED  ] FetchTest.Leaks (
// REPEAT: Repeating all tests (iteration 2)
// REPEAT-NOT: Repeating all tests
// REPEAT: [       OK ] FetchTest.CleanFirst (
// REPEAT: BodySanitizer: 1 handle acquired during FetchTest.Leaks is still open at its end:
// REPEAT: [  FAILED  ] FetchTest.Leaks (
// REPEAT: [       OK ] FetchTest.CleanLast (
// REPEAT-NOT: BodySanitizer
// REPEAT: server: connections=3 requests=6

// BRIEF-NOT: FetchTest.Clean
// BRIEF: BodySanitizer: 1 handle acquired during FetchTest.Leaks is still open at its end:
// BRIEF: [  FAILED  ] FetchTest.Leaks (
// BRIEF-NOT: FetchTest.Clean

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const char *base = std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = std::string(base) + "/ok?size=1000";
  session = soup_session_new_with_options("max-conns-per-host", 10, nullptr);
  return RUN_ALL_TESTS();
}
