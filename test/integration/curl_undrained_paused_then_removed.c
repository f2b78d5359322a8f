// Intent: an easy handle paused (CURL_WRITEFUNC_PAUSE) mid-body and then removed from
// its multi handle: libcurl closes the connection instead of keeping it, and the next
// transfer on the same multi handle opens a new one. Reported as undrained-body at
// the curl_multi_remove_handle (the body was not received to its end:
// CURLINFO_SIZE_DOWNLOAD_T < CURLINFO_CONTENT_LENGTH_DOWNLOAD_T), with where the
// handle was created. The second transfer, run to completion, is not reported.
// 2 transfers, 2 connections.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

// Takes the first block, then pauses the transfer: the program wants no more.
static size_t first_block_then_pause(char *data, size_t size, size_t nmemb, void *user) {
  size_t *got = user;
  if (*got > 0)
    return CURL_WRITEFUNC_PAUSE;
  *got += size * nmemb;
  return size * nmemb;
}

static size_t count_bytes(char *data, size_t size, size_t nmemb, void *user) {
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

// Runs `multi` until `easy` is done or (with `until_paused`) got its first block.
static void run(CURLM *multi, const size_t *got, int until_paused) {
  int running = 1;
  while (running && !(until_paused && *got > 0)) {
    curl_multi_perform(multi, &running);
    if (running && !(until_paused && *got > 0))
      curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  // Let the paused transfer settle.
  for (int i = 0; until_paused && i < 5; ++i)
    curl_multi_perform(multi, &running);
}

// Returns the number of bytes received by a transfer of `url` on `multi`.
static size_t transfer(CURLM *multi, const char *url, int pause) {
  size_t got = 0;
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-DAG: in transfer {{.*}}curl_undrained_paused_then_removed.c:[[@LINE+8]]
  // CHECK-DAG: in transfer {{.*}}curl_undrained_paused_then_removed.c:[[@LINE+1]]
  CURL *easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, pause ? first_block_then_pause : count_bytes);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &got);
  curl_multi_add_handle(multi, easy);
  run(multi, &got, pause);
  curl_multi_remove_handle(multi, easy); // Bug (when paused): mid-body.
  curl_easy_cleanup(easy);
  return got;
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=4000000", base);
  CURLM *multi = curl_multi_init();
  size_t paused = transfer(multi, url, 1);
  size_t full = transfer(multi, url, 0);
  curl_multi_cleanup(multi);
  // CHECK: SUMMARY: BodySanitizer: undrained-body
  // CHECK: paused after {{[1-9][0-9]*}} bytes; then 4000000 bytes
  printf("paused after %zu bytes; then %zu bytes\n", paused, full);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
// CHECK: server: connections=2 requests=2
