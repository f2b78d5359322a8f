// Intent: a transfer stopped early costs a connection when the SAME easy handle
// transfers again: libcurl closed the connection instead of keeping it in the handle's
// pool, so the next transfer opens a new one (2 connections instead of 1). The verdict
// waits on the handle and is reported when the next curl_easy_perform returns, naming
// the stopped perform, the next one and where the handle was created. A handle that
// is cleaned up right after its stopped transfer (the last one here) is not reported.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %with_server -- env BODYSAN_OPTIONS=print_stats=1:exitcode=0 %t-O0 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: rm -f %t.json && %with_server -- env BODYSAN_OPTIONS=json_path=%t.json:exitcode=0 %t-O0
// RUN: %check_json_lines %t.json | FileCheck %s --check-prefix=JSON
// JSON: json: undrained-body libcurl.easy curl_undrained_stopped_then_reused.c:{{[0-9]+}}:{{[0-9]+}} roles=stop,acquire,next-transfer
// JSON-NEXT: json: 1 lines
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int stop_now;

// Stops the transfer at the first block while stop_now is set.
static size_t maybe_stop(char *data, size_t size, size_t nmemb, void *user) {
  (void)data;
  (void)user;
  return stop_now ? 0 : size * nmemb;
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=100000", base);
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-NEXT: curl_easy_perform at {{.*}}curl_undrained_stopped_then_reused.c:[[@LINE+14]]:{{[0-9]+}} stopped the transfer on libcurl easy handle (CURL) from curl_easy_init before the end of the body (it returned 23).
  // CHECK-NEXT: the next transfer opens a new one.
  // CHECK-NEXT: The next transfer on the same handle, curl_easy_perform at {{.*}}curl_undrained_stopped_then_reused.c:[[@LINE+14]]:{{[0-9]+}}, had to open a new connection.
  // CHECK: Stopped by thread T0 here:
  // CHECK: in main {{.*}}curl_undrained_stopped_then_reused.c:[[@LINE+10]]
  // CHECK: Acquired by thread T0 here:
  // CHECK: in main {{.*}}curl_undrained_stopped_then_reused.c:[[@LINE+4]]
  // CHECK: The next transfer on the same handle ran by thread T0 here:
  // CHECK: in main {{.*}}curl_undrained_stopped_then_reused.c:[[@LINE+8]]
  // CHECK: SUMMARY: BodySanitizer: undrained-body: 1 body stopped early in main at {{.*}}curl_undrained_stopped_then_reused.c:[[@LINE+5]]
  CURL *curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, maybe_stop);
  stop_now = 1;
  int first = curl_easy_perform(curl); // stopped: its connection is closed
  stop_now = 0;
  int second = curl_easy_perform(curl); // needs a new connection
  stop_now = 1;
  int third = curl_easy_perform(curl); // stopped, then cleaned up: no harm
  curl_easy_cleanup(curl);
  // CHECK: results 23 0 23
  // STATS: results 23 0 23
  printf("results %d %d %d\n", first, second, third);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
// CHECK-NOT: BodySanitizer
// CHECK: server: connections=2 requests=3
// STATS: {{^}}         1       1        0          1     0  libcurl.easy  main {{.*}}curl_undrained_stopped_then_reused.c:{{[0-9]+:[0-9]+$}}
// STATS: connections thrown away (undrained releases): 1
// STATS: server: connections=2 requests=3
