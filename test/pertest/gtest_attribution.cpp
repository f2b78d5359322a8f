// Intent: which test the listener blames, with real libsoup bodies. A body acquired
// by one test and still open during the next ones fails only the test that acquired
// it (a later test that reads it, or closes it, passes). A worker thread a test starts
// that leaks fails that test. Fixtures: a body closed in TearDown or by a member's
// destructor passes (both run before the check); one the fixture forgets fails the
// test. Parameterized and typed tests are named as gtest names them. Bodies acquired
// in SetUpTestSuite and in a global Environment are blamed on no test: the exit check
// reports them, and only them.
// REQUIRES: libsoup, gtest
// (section_settle_ms=0: leaks are reported at once, without the settle window;
// gtest_settle_window.cpp tests the window.)
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %soup %bodysan_gtest %gtest_libs
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %soup %bodysan_gtest %gtest_libs
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <gtest/gtest.h>
#include <libsoup/soup.h>

#include <cstdlib>
#include <string>
#include <thread>

static SoupSession *session;
static std::string url;
// Bodies kept across tests (and so out of reach of scope checks).
static GInputStream *carried, *suite_body, *environment_body, *kept[8];
static int num_kept;

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

// A body acquired before every test, never closed: blamed on no test.
class SessionEnvironment : public ::testing::Environment {
public:
  void SetUp() override {
    session = soup_session_new_with_options("max-conns-per-host", 20, nullptr);
    SoupMessage *msg = soup_message_new("GET", url.c_str());
    environment_body = soup_session_send(session, msg, nullptr, nullptr);
    g_object_unref(msg);
  }
};

// CHECK-LABEL: [ RUN      ] Handoff.AcquiresAndKeeps
// CHECK: BodySanitizer: 1 handle acquired during Handoff.AcquiresAndKeeps is still open at its end:
// CHECK: [  FAILED  ] Handoff.AcquiresAndKeeps (
TEST(Handoff, AcquiresAndKeeps) {
  carried = send();
  ASSERT_NE(carried, nullptr);
}

// CHECK-LABEL: [ RUN      ] Handoff.ReadsTheBodyOfAnEarlierTest
// CHECK-NEXT: [       OK ] Handoff.ReadsTheBodyOfAnEarlierTest (
TEST(Handoff, ReadsTheBodyOfAnEarlierTest) {
  char buf[100];
  EXPECT_EQ(g_input_stream_read(carried, buf, sizeof buf, nullptr, nullptr), 100);
}

// CHECK-LABEL: [ RUN      ] Handoff.ClosesTheBodyOfAnEarlierTest
// CHECK-NEXT: [       OK ] Handoff.ClosesTheBodyOfAnEarlierTest (
TEST(Handoff, ClosesTheBodyOfAnEarlierTest) {
  EXPECT_EQ(drain_and_close(carried), 900u);
}

static void worker_leaks() { kept[num_kept++] = send(); }

// CHECK-LABEL: [ RUN      ] Worker.ThreadLeaks
// CHECK: Acquired by thread T{{[1-9][0-9]*}} here:
// CHECK: in worker_leaks() {{.*}}gtest_attribution.cpp:[[@LINE-4]]
// CHECK: BodySanitizer: 1 handle acquired during Worker.ThreadLeaks is still open at its end:
// CHECK: [  FAILED  ] Worker.ThreadLeaks (
TEST(Worker, ThreadLeaks) {
  std::thread worker(worker_leaks);
  worker.join();
}

// CHECK-LABEL: [ RUN      ] Worker.ThreadCloses
// CHECK-NEXT: [       OK ] Worker.ThreadCloses (
TEST(Worker, ThreadCloses) {
  std::thread worker([] { EXPECT_EQ(drain_and_close(send()), 1000u); });
  worker.join();
}

// Closes its body when destroyed.
struct BodyGuard {
  GInputStream *Body = send();
  ~BodyGuard() { drain_and_close(Body); }
};

class FixtureTest : public ::testing::Test {
protected:
  void SetUp() override { body = send(); }
  void TearDown() override {
    if (close_in_teardown)
      drain_and_close(body);
    else
      kept[num_kept++] = body;
  }
  GInputStream *body = nullptr;
  bool close_in_teardown = true;
  BodyGuard guard; // acquired by the constructor, closed by the destructor
};

// CHECK-LABEL: [ RUN      ] FixtureTest.ClosedInTearDownAndDestructor
// CHECK-NEXT: [       OK ] FixtureTest.ClosedInTearDownAndDestructor (
TEST_F(FixtureTest, ClosedInTearDownAndDestructor) { EXPECT_NE(body, nullptr); }

// CHECK-LABEL: [ RUN      ] FixtureTest.ForgottenInTearDown
// CHECK: in FixtureTest::SetUp() {{.*}}gtest_attribution.cpp:[[@LINE-17]]
// CHECK: BodySanitizer: 1 handle acquired during FixtureTest.ForgottenInTearDown is still open at its end:
// CHECK: [  FAILED  ] FixtureTest.ForgottenInTearDown (
TEST_F(FixtureTest, ForgottenInTearDown) { close_in_teardown = false; }

// A body acquired in SetUpTestSuite, never closed: blamed on no test.
class SuiteTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { suite_body = send(); }
};

// CHECK-LABEL: [ RUN      ] SuiteTest.Clean
// CHECK-NEXT: [       OK ] SuiteTest.Clean (
TEST_F(SuiteTest, Clean) { EXPECT_EQ(drain_and_close(send()), 1000u); }

template <typename T> class TypedTest : public ::testing::Test {};
struct Closes { static constexpr bool kLeak = false; };
struct Leaks { static constexpr bool kLeak = true; };
using Behaviours = ::testing::Types<Closes, Leaks>;
TYPED_TEST_SUITE(TypedTest, Behaviours);

// CHECK-LABEL: [ RUN      ] TypedTest/0.Fetch
// CHECK-NEXT: [       OK ] TypedTest/0.Fetch (
// CHECK-LABEL: [ RUN      ] TypedTest/1.Fetch
// CHECK: BodySanitizer: 1 handle acquired during TypedTest/1.Fetch is still open at its end:
// CHECK: [  FAILED  ] TypedTest/1.Fetch, where TypeParam = Leaks (
TYPED_TEST(TypedTest, Fetch) {
  GInputStream *body = send();
  if (TypeParam::kLeak)
    kept[num_kept++] = body;
  else
    drain_and_close(body);
}

class ParamTest : public ::testing::TestWithParam<bool> {};

// CHECK-LABEL: [ RUN      ] Leak/ParamTest.Fetch/0
// CHECK-NEXT: [       OK ] Leak/ParamTest.Fetch/0 (
// CHECK-LABEL: [ RUN      ] Leak/ParamTest.Fetch/1
// CHECK: BodySanitizer: 1 handle acquired during Leak/ParamTest.Fetch/1 is still open at its end:
// CHECK: [  FAILED  ] Leak/ParamTest.Fetch/1, where GetParam() = true (
TEST_P(ParamTest, Fetch) {
  GInputStream *body = send();
  if (GetParam())
    kept[num_kept++] = body;
  else
    drain_and_close(body);
}
INSTANTIATE_TEST_SUITE_P(Leak, ParamTest, ::testing::Bool());

// CHECK-LABEL: [  FAILED  ] 5 tests, listed below:
// CHECK-NEXT: [  FAILED  ] Handoff.AcquiresAndKeeps
// CHECK-NEXT: [  FAILED  ] Worker.ThreadLeaks
// CHECK-NEXT: [  FAILED  ] FixtureTest.ForgottenInTearDown
// CHECK-NEXT: [  FAILED  ] TypedTest/1.Fetch, where TypeParam = Leaks
// CHECK-NEXT: [  FAILED  ] Leak/ParamTest.Fetch/1, where GetParam() = true
//
// At exit: the environment's and the suite's bodies, nothing a test reported.
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NOT: ERROR: BodySanitizer
// CHECK-DAG: in SessionEnvironment::SetUp()
// CHECK-DAG: in SuiteTest::SetUpTestSuite()
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 2 bodies acquired at 2 stacks never closed
// CHECK-NOT: BodySanitizer
// Six bodies stay open (the environment, the worker, the fixture, the suite, the
// typed and the parameterized test); the others reuse connections.
// CHECK: server: connections=6 requests=14

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const char *base = std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = std::string(base) + "/ok?size=1000";
  ::testing::AddGlobalTestEnvironment(new SessionEnvironment);
  return RUN_ALL_TESTS();
}
