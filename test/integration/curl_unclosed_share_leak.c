// Intent: a share handle that is never cleaned up keeps the connection cache and DNS
// cache it shares until the process exits: the process-wide handle (kept in a global)
// is reported as unclosed at exit with where it was created. The easy handles that used it are cleaned up and not reported; with
// the shared connection cache, 3 handles use 1 connection.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

// The program's output comes first: the report is printed at exit.
// CHECK: 3 of 3 transfers ok
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK: libcurl share handle{{.*}} never closed (still open at exit)

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

static size_t discard(char *data, size_t size, size_t nmemb, void *user) {
  return size * nmemb;
}

// Shared by every transfer of the process.
static CURLSH *share;

static void setup_share(void) {
  // CHECK: in setup_share {{.*}}curl_unclosed_share_leak.c:[[@LINE+1]]
  share = curl_share_init();
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256];
  snprintf(url, sizeof url, "%s/small", base);
  setup_share();
  int ok = 0;
  for (int i = 0; i < 3; ++i) {
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_SHARE, share);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    ok += curl_easy_perform(curl) == CURLE_OK;
    curl_easy_cleanup(curl);
  }
  printf("%d of 3 transfers ok\n", ok);
  fflush(stdout);
  return 0; // Bug: `share` is never cleaned up (curl_share_cleanup).
}
// CHECK: SUMMARY: BodySanitizer: unclosed-body
// CHECK: server: connections=1 requests=3
