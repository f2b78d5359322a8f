// Intent: a multi handle leaked on an error path: when one transfer fails, the
// function cleans up every easy handle but returns without curl_multi_cleanup. The
// multi handle is reported as unclosed when the function returns, with where it was
// created; the easy handles, removed and cleaned up, are not reported. The two
// transfers run in parallel: 2 connections.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

static size_t discard(char *data, size_t size, size_t nmemb, void *user) {
  return size * nmemb;
}

// Fetches both URLs in parallel; returns 0 when both succeeded, -1 otherwise.
static int fetch_pair(const char *url1, const char *url2) {
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK: libcurl multi handle
  // CHECK-DAG: when 'fetch_pair' returned at {{.*}}curl_unclosed_multi_error_path.c:[[@LINE+28]]
  // CHECK-DAG: in fetch_pair {{.*}}curl_unclosed_multi_error_path.c:[[@LINE+1]]
  CURLM *multi = curl_multi_init();
  CURL *easy[2];
  const char *urls[2] = {url1, url2};
  for (int i = 0; i < 2; ++i) {
    easy[i] = curl_easy_init();
    curl_easy_setopt(easy[i], CURLOPT_URL, urls[i]);
    curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(easy[i], CURLOPT_FAILONERROR, 1L);
    curl_multi_add_handle(multi, easy[i]);
  }
  int running = 1, failed = 0;
  while (running && !failed) {
    curl_multi_perform(multi, &running);
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(multi, &left)))
      if (msg->msg == CURLMSG_DONE && msg->data.result != CURLE_OK)
        failed = 1;
    if (running && !failed)
      curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  for (int i = 0; i < 2; ++i) {
    curl_multi_remove_handle(multi, easy[i]);
    curl_easy_cleanup(easy[i]);
  }
  if (failed)
    return -1; // Bug: `multi` is not cleaned up on this path.
  curl_multi_cleanup(multi);
  return 0;
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char ok[256], missing[256];
  snprintf(ok, sizeof ok, "%s/small", base);
  snprintf(missing, sizeof missing, "%s/status/404", base);
  int rc = fetch_pair(ok, missing);
  // CHECK: SUMMARY: BodySanitizer: unclosed-body
  // CHECK: fetch_pair: -1
  printf("fetch_pair: %d\n", rc);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
// CHECK: server: connections=2 requests=2
