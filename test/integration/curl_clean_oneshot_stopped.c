// Intent: a transfer stopped on purpose on a ONE-SHOT easy handle (the shape of
// cpr::Get, cpr's async calls, any program that cancels a download and cleans the
// handle up) costs no connection: the handle's connection cache dies with the handle
// anyway. 5 one-shot handles stopped by the write callback (23) and 5 by the progress
// callback once the body started (42), each cleaned up right after: nothing is
// reported, the exit code is 0, and the server sees as many connections (10) as a
// run that reads every body to its end (mode "drain"). print_stats counts the
// stopped transfers as closed, not as connections thrown away.
// REQUIRES: libcurl
// RUN: %clang -g -O0 %s -o %t-plain %curl
// RUN: %with_server -- %t-plain drain 2>&1 | FileCheck %s --check-prefix=DRAIN
// RUN: %with_server -- %t-plain > %t-plain.out
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %with_server -- %t-O0 2>/dev/null | diff %t-plain.out -
// RUN: %with_server -- %t-O0 drain 2>&1 | FileCheck %s --check-prefix=DRAIN --implicit-check-not=BodySanitizer
// RUN: %with_server -- env BODYSAN_OPTIONS=print_stats=1 %t-O0 2>&1 | FileCheck %s --check-prefix=STATS
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// CHECK: write callback: 5 of 5 stopped (23)
// CHECK-NEXT: progress callback: 5 of 5 aborted (42)
// CHECK-NEXT: server: connections=10 requests=10
// DRAIN: read to the end: 10 of 10 ok
// DRAIN-NEXT: server: connections=10 requests=10
// STATS: statistics (print_stats=1):
// STATS: {{^}}        10      10        0          0     0  libcurl.easy  one_shot {{.*}}curl_clean_oneshot_stopped.c:{{[0-9]+:[0-9]+$}}
// STATS: connections thrown away (undrained releases): 0

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum mode { kStopWrite, kStopProgress, kDrain };

static size_t sink(char *data, size_t size, size_t nmemb, void *user) {
  (void)data;
  (void)user;
  return size * nmemb;
}

// The first block is all the program wanted: cancel the rest on purpose.
static size_t stop_write(char *data, size_t size, size_t nmemb, void *user) {
  (void)data;
  (void)size;
  (void)nmemb;
  (void)user;
  return 0;
}

// Cancels once some of the body has arrived (a "cancel in transit").
static int stop_progress(void *user, curl_off_t dltotal, curl_off_t dlnow,
                         curl_off_t ultotal, curl_off_t ulnow) {
  (void)user;
  (void)dltotal;
  (void)ultotal;
  (void)ulnow;
  return dlnow > 0;
}

// One request, one handle: created, performed once, cleaned up.
static int one_shot(const char *url, enum mode m) {
  CURL *curl = curl_easy_init();
  if (!curl)
    return -1;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION,
                   m == kStopWrite ? stop_write : sink);
  if (m == kStopProgress) {
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, stop_progress);
  }
  int rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  return rc;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=1000000", base);
  if (argc > 1 && !strcmp(argv[1], "drain")) {
    int ok = 0;
    for (int i = 0; i < 10; ++i)
      ok += one_shot(url, kDrain) == CURLE_OK;
    printf("read to the end: %d of 10 ok\n", ok);
  } else {
    int written = 0, aborted = 0;
    for (int i = 0; i < 5; ++i)
      written += one_shot(url, kStopWrite) == CURLE_WRITE_ERROR;
    for (int i = 0; i < 5; ++i)
      aborted += one_shot(url, kStopProgress) == CURLE_ABORTED_BY_CALLBACK;
    printf("write callback: %d of 5 stopped (%d)\n", written,
           (int)CURLE_WRITE_ERROR);
    printf("progress callback: %d of 5 aborted (%d)\n", aborted,
           (int)CURLE_ABORTED_BY_CALLBACK);
  }
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
