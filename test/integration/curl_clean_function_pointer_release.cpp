// Intent: handles released through a function pointer are seen: the deleter of
// a std::unique_ptr and of a std::shared_ptr (&curl_easy_cleanup,
// &curl_multi_cleanup, &curl_share_cleanup) and a C ops table of acquire and
// release functions give no report, with the same output and exit code as a
// plain build; an ops-table acquire that is never released is reported, with
// the caller's line in the acquisition stack.
// REQUIRES: libcurl
// RUN: %clangxx -g -O0 %s -o %t-plain %curl
// RUN: %with_server -- %t-plain clean > %t-plain.out 2>&1
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %with_server -- %t-O0 clean > %t-O0.out 2>&1
// RUN: diff %t-plain.out %t-O0.out
// RUN: FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer < %t-O0.out
// RUN: not %with_server -- %t-O0 leak 2>&1 | FileCheck %s --check-prefix=LEAK
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-O2 clean > %t-O2.out 2>&1
// RUN: diff %t-plain.out %t-O2.out
// RUN: not %with_server -- %t-O2 leak 2>&1 | FileCheck %s --check-prefix=LEAK

#include <curl/curl.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

static size_t sink(char *, size_t size, size_t nmemb, void *total) {
  *static_cast<size_t *>(total) += size * nmemb;
  return size * nmemb;
}

using EasyPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

static size_t fetch(CURL *h, const std::string &url) {
  size_t total = 0;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &total);
  return curl_easy_perform(h) == CURLE_OK ? total : 0;
}

// A C-style table of the library's functions, as plugin layers write them.
struct HttpOps {
  CURL *(*make)(void);
  void (*drop)(CURL *);
};
static const HttpOps curl_ops = {curl_easy_init, curl_easy_cleanup};

static size_t with_unique_ptr(const std::string &url) {
  EasyPtr h(curl_easy_init(), &curl_easy_cleanup);
  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(
      curl_multi_init(), &curl_multi_cleanup);
  std::unique_ptr<CURLSH, decltype(&curl_share_cleanup)> share(
      curl_share_init(), &curl_share_cleanup);
  return h ? fetch(h.get(), url) : 0;
}

static size_t with_shared_ptr(const std::string &url) {
  std::shared_ptr<CURL> h(curl_easy_init(), curl_easy_cleanup);
  std::shared_ptr<CURL> copy = h;
  return fetch(copy.get(), url);
}

static size_t with_ops(const HttpOps &ops, const std::string &url,
                       bool release) {
  CURL *h = ops.make();
  size_t n = fetch(h, url);
  if (release)
    ops.drop(h);
  return n;
}

int main(int argc, char **argv) {
  const char *base = std::getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  bool leak = std::strcmp(argv[1], "leak") == 0;
  std::string url = std::string(base) + "/ok?size=3000";
  size_t total = with_unique_ptr(url) + with_shared_ptr(url) +
                 with_ops(curl_ops, url, !leak);
  std::printf("fetched %zu bytes\n", total);
  return 0;
}
// CLEAN: fetched 9000 bytes
// CLEAN: server: connections=3 requests=3

// LEAK: fetched 9000 bytes
// LEAK: ERROR: BodySanitizer: unclosed-body
// LEAK: libcurl easy handle (CURL)
// LEAK: in with_ops{{.*}}curl_clean_function_pointer_release.cpp:[[@LINE-24]]
// LEAK: SUMMARY: BodySanitizer: unclosed-body
