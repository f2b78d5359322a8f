// Intent: the settle window of a test's check (section_settle_ms), with real libcurl
// handles, as in cpr's async requests: the last owner of a test's curl handle is
// another thread that releases it ~50 ms after the test ended. With the default
// window the check waits for it and the test passes; with section_settle_ms=0 the
// check is immediate and blames the test. A handle that really leaks fails its test
// either way; with the default only after the whole window (1 s) has passed, and the
// next test starts no earlier than that. An invalid value is refused.
// REQUIRES: libcurl, gtest
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %curl %bodysan_gtest %gtest_libs
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefixes=CHECK,SETTLE
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %curl %bodysan_gtest %gtest_libs
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefixes=CHECK,SETTLE
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefixes=CHECK,NOWAIT
// RUN: %env_bodysan_opts=section_settle_ms=-1 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=BADFLAG
// BADFLAG: section_settle_ms{{.*}}expected 0 (no waiting) or more

#include <gtest/gtest.h>
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

static std::string url;
// Handles out of reach of scope checks: the worker's, and the leaked one.
static CURL *pending, *kept;
static std::thread worker;
static std::chrono::steady_clock::time_point leak_end;

static size_t discard(char *, size_t size, size_t nmemb, void *) {
  return size * nmemb;
}

static CURL *fetch() {
  CURL *curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  EXPECT_EQ(curl_easy_perform(curl), CURLE_OK);
  return curl;
}

// CHECK-LABEL: [ RUN      ] Settle.ReleasedByAWorkerJustAfterTheTest
// SETTLE-NEXT: [       OK ] Settle.ReleasedByAWorkerJustAfterTheTest (
// NOWAIT: BodySanitizer: 1 handle acquired during Settle.ReleasedByAWorkerJustAfterTheTest is still open at its end:
// NOWAIT: [  FAILED  ] Settle.ReleasedByAWorkerJustAfterTheTest (
TEST(Settle, ReleasedByAWorkerJustAfterTheTest) {
  pending = fetch();
  // The test has its result; the pool's thread drops the handle a moment later.
  worker = std::thread([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    curl_easy_cleanup(pending);
  });
}

// CHECK-LABEL: [ RUN      ] Settle.Leaks
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK: still open at the end of the checked section 'Settle.Leaks'
// CHECK: BodySanitizer: 1 handle acquired during Settle.Leaks is still open at its end:
// CHECK: [  FAILED  ] Settle.Leaks (
TEST(Settle, Leaks) {
  kept = fetch();
  leak_end = std::chrono::steady_clock::now();
}

// The check of Settle.Leaks waited the whole window before reporting.
// CHECK-LABEL: [ RUN      ] Settle.After
// SETTLE-NEXT: waited the window: yes
// CHECK: [       OK ] Settle.After (
TEST(Settle, After) {
  auto waited = std::chrono::steady_clock::now() - leak_end;
  std::printf("waited the window: %s\n",
              waited >= std::chrono::milliseconds(1000) ? "yes" : "no");
  std::fflush(stdout);
}

// SETTLE: [  FAILED  ] 1 test, listed below:
// NOWAIT: [  FAILED  ] 2 tests, listed below:
// NOWAIT-NEXT: [  FAILED  ] Settle.ReleasedByAWorkerJustAfterTheTest
// CHECK-NEXT: [  FAILED  ] Settle.Leaks
// Nothing is reported again at exit.
// CHECK-NOT: BodySanitizer
// CHECK: server: connections=2 requests=2

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const char *base = std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = std::string(base) + "/ok?size=1000";
  curl_global_init(CURL_GLOBAL_DEFAULT);
  int result = RUN_ALL_TESTS();
  worker.join();
  return result;
}
