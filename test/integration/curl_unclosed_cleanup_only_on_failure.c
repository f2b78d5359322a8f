// Intent: an easy handle cleaned up only when its transfer failed, in a loop: every
// successful transfer leaks its handle (with its connection cache: 3 file descriptors
// each). Each leaked handle is reported as unclosed when the function returns; the
// program's output is kept. Handles never share connections: 4 connections for the
// 4 transfers.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

static size_t count_bytes(char *data, size_t size, size_t nmemb, void *user) {
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

// Fetches every path under `base`; returns how many transfers succeeded.
static int fetch_all(const char *base, const char *const *paths, int n) {
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    char url[256];
    snprintf(url, sizeof url, "%s%s", base, paths[i]);
    // CHECK: ERROR: BodySanitizer: unclosed-body
    // CHECK-DAG: when 'fetch_all' returned at {{.*}}curl_unclosed_cleanup_only_on_failure.c:[[@LINE+16]]
    // CHECK-DAG: in fetch_all {{.*}}curl_unclosed_cleanup_only_on_failure.c:[[@LINE+1]]
    CURL *curl = curl_easy_init();
    if (!curl)
      continue;
    size_t bytes = 0;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, count_bytes);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bytes);
    curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
    if (curl_easy_perform(curl) != CURLE_OK) {
      curl_easy_cleanup(curl);
      continue;
    }
    ++ok; // Bug: `curl` is cleaned up only on failure.
  }
  return ok;
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const char *paths[] = {"/ok", "/small", "/status/500", "/chunked"};
  int ok = fetch_all(base, paths, 4);
  // CHECK: SUMMARY: BodySanitizer: unclosed-body
  // CHECK: 3 of 4 transfers succeeded
  printf("%d of 4 transfers succeeded\n", ok);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
// CHECK: server: connections=4 requests=4
