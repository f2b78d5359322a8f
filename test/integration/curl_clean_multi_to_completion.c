// Intent: a multi handle run to completion, every easy handle removed after its
// CURLMSG_DONE (its body received to the end) and cleaned up, then the multi handle
// cleaned up: nothing is reported, the output and the exit code are those of a plain
// build. 3 parallel transfers (3 connections), then 3 more reuse them: 6 requests.
// REQUIRES: libcurl
// RUN: %clang -g -O0 %s -o %t-plain %curl
// RUN: %with_server -- %t-plain > %t-plain.out
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %with_server -- %t-O0 2>/dev/null | diff %t-plain.out -
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// CHECK: round 1: 3 of 3 transfers ok, 300000 bytes
// CHECK-NEXT: round 2: 3 of 3 transfers ok, 300000 bytes
// CHECK-NEXT: server: connections=3 requests=6

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

#define N 3

static size_t count_bytes(char *data, size_t size, size_t nmemb, void *user) {
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

// Runs N parallel transfers of `url` on `multi`; prints what they got.
static void round_of(CURLM *multi, const char *url, int round) {
  size_t bytes = 0;
  for (int i = 0; i < N; ++i) {
    CURL *easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, count_bytes);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &bytes);
    curl_multi_add_handle(multi, easy);
  }
  int running = 1, ok = 0;
  while (running) {
    curl_multi_perform(multi, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left))) {
      if (msg->msg != CURLMSG_DONE)
        continue;
      CURL *easy = msg->easy_handle;
      ok += msg->data.result == CURLE_OK;
      curl_multi_remove_handle(multi, easy);
      curl_easy_cleanup(easy);
    }
    if (running)
      curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  // The last CURLMSG_DONE may come with running == 0.
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(multi, &left))) {
    if (msg->msg != CURLMSG_DONE)
      continue;
    CURL *easy = msg->easy_handle;
    ok += msg->data.result == CURLE_OK;
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
  }
  printf("round %d: %d of %d transfers ok, %zu bytes\n", round, ok, N, bytes);
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=100000", base);
  CURLM *multi = curl_multi_init();
  round_of(multi, url, 1);
  round_of(multi, url, 2);
  curl_multi_cleanup(multi);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
