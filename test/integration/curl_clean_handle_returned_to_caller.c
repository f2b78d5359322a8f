// Intent: an easy handle created and set up in a helper that returns it to its caller,
// which performs the transfer and cleans the handle up: nothing is reported (the
// helper's return passes the handle on), the output and the exit code are those of a
// plain build. A handle per transfer: 3 transfers, 3 connections.
// REQUIRES: libcurl
// RUN: %clang -g -O0 %s -o %t-plain %curl
// RUN: %with_server -- %t-plain > %t-plain.out
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %with_server -- %t-O0 2>/dev/null | diff %t-plain.out -
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// CHECK: 3 transfers, 3 ok, 300 bytes
// CHECK-NEXT: server: connections=3 requests=3

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

static size_t count_bytes(char *data, size_t size, size_t nmemb, void *user) {
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

// Returns a handle set up to fetch `base``path` into *bytes, or NULL.
static CURL *make_request(const char *base, const char *path, size_t *bytes) {
  char url[256];
  snprintf(url, sizeof url, "%s%s", base, path);
  CURL *curl = curl_easy_init();
  if (!curl)
    return NULL;
  curl_easy_setopt(curl, CURLOPT_URL, url); // libcurl copies the string
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, count_bytes);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, bytes);
  return curl;
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  size_t bytes = 0;
  int ok = 0;
  for (int i = 0; i < 3; ++i) {
    CURL *curl = make_request(base, "/small", &bytes);
    if (!curl)
      continue;
    ok += curl_easy_perform(curl) == CURLE_OK;
    curl_easy_cleanup(curl);
  }
  printf("3 transfers, %d ok, %zu bytes\n", ok, bytes);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
