// Intent: an easy handle created only to call curl_easy_escape and never cleaned up
// is an unclosed handle (curl_easy_escape does not need one: NULL would do), reported
// when the function returns, with where it was created. The transfer itself is done
// right: 1 connection.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t discard(char *data, size_t size, size_t nmemb, void *user) {
  return size * nmemb;
}

// Returns `text` percent-encoded (free it with curl_free).
static char *url_escape(const char *text) {
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-DAG: when 'url_escape' returned at {{.*}}curl_unclosed_escape_only.c:[[@LINE+3]]
  // CHECK-DAG: in url_escape {{.*}}curl_unclosed_escape_only.c:[[@LINE+1]]
  CURL *curl = curl_easy_init();
  return curl_easy_escape(curl, text, (int)strlen(text)); // Bug: `curl` leaks.
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char *query = url_escape("a b&c");
  char url[256];
  snprintf(url, sizeof url, "%s/small?q=%s", base, query);
  CURL *curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  // CHECK: SUMMARY: BodySanitizer: unclosed-body
  // CHECK: query a%20b%26c: transfer 0
  printf("query %s: transfer %d\n", query, (int)rc);
  fflush(stdout);
  curl_free(query);
  curl_global_cleanup();
  return 0;
}
// CHECK: server: connections=1 requests=1
