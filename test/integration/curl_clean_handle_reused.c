// Intent: one easy handle reused for many transfers, read to the end and cleaned up
// once: nothing is reported, the output and the exit code are those of a plain
// build, and libcurl keeps the connection: 5 transfers, 1 connection.
// REQUIRES: libcurl
// RUN: %clang -g -O0 %s -o %t-plain %curl
// RUN: %with_server -- %t-plain > %t-plain.out
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %with_server -- %t-O0 2>/dev/null | diff %t-plain.out -
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// CHECK: 5 of 5 transfers ok, 365636 bytes
// CHECK-NEXT: server: connections=1 requests=5

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

static size_t count_bytes(char *data, size_t size, size_t nmemb, void *user) {
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  const char *paths[] = {"/ok?size=100000", "/chunked?size=100000", "/small",
                         "/ok?size=100000", "/status/404"};
  CURL *curl = curl_easy_init();
  size_t bytes = 0;
  int ok = 0;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, count_bytes);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bytes);
  for (int i = 0; i < 5; ++i) {
    char url[256];
    snprintf(url, sizeof url, "%s%s", base, paths[i]);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    ok += curl_easy_perform(curl) == CURLE_OK;
  }
  curl_easy_cleanup(curl);
  printf("%d of 5 transfers ok, %zu bytes\n", ok, bytes);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
