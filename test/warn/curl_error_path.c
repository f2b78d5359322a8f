// Intent: a libcurl easy handle that is cleaned up on the success path but not
// on one error path gets the compile-time warning, naming that return; the
// branch on curl_easy_perform's result is followed both ways, the null check of
// the handle only in its success direction. -O0 and -O2 alike.
// REQUIRES: libcurl
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -Wno-unused-command-line-argument %curl -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_bodysan -O2 -c %s -o /dev/null -Wno-unused-command-line-argument %curl -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_bodysan -O2 -c %s -o /dev/null -Wno-unused-command-line-argument %curl 2>&1 | count 0
#include <curl/curl.h>
#include <stdio.h>

static size_t sink(char *data, size_t size, size_t nmemb, void *user) {
  (void)data;
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

// Returns the size of the body at url, or -1.
static long body_size(const char *url) {
  // CHECK: curl_error_path.c:[[@LINE+1]]:16: warning: BodySanitizer: libcurl easy handle (CURL) from 'curl_easy_init' in 'body_size' is not released on a path that returns at line [[@LINE+11]] [-Wpass-failed=bodysan]
  CURL *curl = curl_easy_init();
  if (!curl)
    return -1;
  size_t bytes = 0;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bytes);
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    fprintf(stderr, "%s\n", curl_easy_strerror(rc));
    return -1; // Bug: `curl` is not cleaned up.
  }
  curl_easy_cleanup(curl);
  return (long)bytes;
}

int main(int argc, char **argv) {
  printf("%ld\n", body_size(argc > 1 ? argv[1] : "http://127.0.0.1/"));
  return 0;
}
