// Intent: a multi loop that shuts down while transfers are still in flight: the easy
// handles are still added to the multi handle at curl_multi_cleanup, their transfers
// abandoned half-done. Each is reported as unclosed at the curl_multi_cleanup call,
// with where it was created; cleaning them up afterwards does not make that right.
// 3 transfers of 4 MB bodies, stopped once each got its first block (on loopback one
// may have completed by then: done, but still added): 3 connections.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#define N 3

static size_t count_bytes(char *data, size_t size, size_t nmemb, void *user) {
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=4000000", base);
  CURLM *multi = curl_multi_init();
  CURL *easy[N];
  size_t bytes[N] = {0};
  for (int i = 0; i < N; ++i) {
    // CHECK: ERROR: BodySanitizer: unclosed-body
    // CHECK-DAG: in main {{.*}}curl_unclosed_multi_cleanup_in_flight.c:[[@LINE+2]]
    // CHECK-DAG: in main {{.*}}curl_unclosed_multi_cleanup_in_flight.c:[[@LINE+21]]
    easy[i] = curl_easy_init();
    curl_easy_setopt(easy[i], CURLOPT_URL, url);
    curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, count_bytes);
    curl_easy_setopt(easy[i], CURLOPT_WRITEDATA, &bytes[i]);
    curl_multi_add_handle(multi, easy[i]);
  }
  // The event loop: it stops as soon as every transfer has started delivering.
  int running = 1, started = 0;
  while (running && started < N) {
    curl_multi_perform(multi, &running);
    started = 0;
    for (int i = 0; i < N; ++i)
      started += bytes[i] > 0;
    if (running && started < N)
      curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  int complete = 0;
  for (int i = 0; i < N; ++i)
    complete += bytes[i] == 4000000;
  // Bug: the easy handles are still added; they should be removed first.
  curl_multi_cleanup(multi);
  for (int i = 0; i < N; ++i)
    curl_easy_cleanup(easy[i]);
  // CHECK: SUMMARY: BodySanitizer: unclosed-body
  // CHECK: shut down with 3 transfers started, {{[0-3]}} complete
  printf("shut down with %d transfers started, %d complete\n", started, complete);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
// CHECK: server: connections=3 requests=3
