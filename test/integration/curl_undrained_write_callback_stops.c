// Intent: a write callback that stops after its first block (returns 0) makes
// curl_easy_perform fail with CURLE_WRITE_ERROR (23): the transfer stopped before the
// end of its body, so libcurl closes the connection instead of keeping it. Reported
// as undrained-body at the curl_easy_perform, with where the handle was created, when
// the same handle transfers again (the stops of transfers 1 and 2; the third is
// followed by the cleanup and costs nothing). One handle, 3 transfers: 3 connections
// instead of 1.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct preview {
  char data[64];
  size_t len;
};

// Keeps the start of the body and stops the transfer: the rest is not wanted.
static size_t keep_first_block(char *data, size_t size, size_t nmemb, void *user) {
  struct preview *p = user;
  size_t n = size * nmemb < sizeof p->data ? size * nmemb : sizeof p->data;
  memcpy(p->data, data, n);
  p->len = n;
  return 0; // Bug: stops the transfer mid-body.
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=100000", base);
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK: The next transfer on the same handle, curl_easy_perform at {{.*}}curl_undrained_write_callback_stops.c:[[@LINE+10]]:{{[0-9]+}}, had to open a new connection.
  // CHECK-DAG: in main {{.*}}curl_undrained_write_callback_stops.c:[[@LINE+9]]
  // CHECK-DAG: in main {{.*}}curl_undrained_write_callback_stops.c:[[@LINE+1]]
  CURL *curl = curl_easy_init();
  struct preview p = {{0}, 0};
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keep_first_block);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &p);
  int stopped = 0;
  for (int i = 0; i < 3; ++i)
    stopped += curl_easy_perform(curl) == CURLE_WRITE_ERROR;
  curl_easy_cleanup(curl);
  // CHECK: SUMMARY: BodySanitizer: undrained-body
  // CHECK: 3 of 3 transfers stopped (error 23) after 64 bytes
  printf("%d of 3 transfers stopped (error %d) after %zu bytes\n", stopped,
         (int)CURLE_WRITE_ERROR, p.len);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
// CHECK: BodySanitizer: 1 more report identical to this one
// CHECK: server: connections=3 requests=3
