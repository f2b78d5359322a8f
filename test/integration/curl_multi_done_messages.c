// Intent: curl_multi_info_read's CURLMSG_DONE ends a multi transfer. A
// transfer the server cut short (result 18, CURLE_PARTIAL_FILE) and removed
// after the program read its done message is not undrained: the program did
// not stop it. A transfer whose write callback stopped it is undrained-body,
// reported at the curl_multi_info_read that returned result 23, and not again
// at its removal. A transfer removed mid-body without a done message is still
// reported at curl_multi_remove_handle.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %with_server -- %t-O0 cut 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=BodySanitizer
// RUN: not %with_server -- %t-O0 stop 2>&1 | FileCheck %s --check-prefix=STOP
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-O2 cut 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=BodySanitizer
// RUN: not %with_server -- %t-O2 stop 2>&1 | FileCheck %s --check-prefix=STOP

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t stop_early;

static size_t sink(char *data, size_t size, size_t nmemb, void *total) {
  (void)data;
  *(size_t *)total += size * nmemb;
  return stop_early ? 0 : size * nmemb;
}

// Runs one transfer on the multi handle; returns its result from the done
// message, after removing and cleaning up the easy handle.
static int run_one(CURLM *multi, const char *url) {
  size_t total = 0;
  CURL *easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &total);
  curl_multi_add_handle(multi, easy);
  int running = 1, result = -1;
  for (int rounds = 0; running && rounds < 1000; ++rounds) {
    curl_multi_perform(multi, &running);
    CURLMsg *msg;
    int queued;
    while ((msg = curl_multi_info_read(multi, &queued)))
      if (msg->msg == CURLMSG_DONE)
        result = msg->data.result;
    if (running)
      curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  curl_multi_remove_handle(multi, easy);
  curl_easy_cleanup(easy);
  return result;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  char url[256];
  stop_early = strcmp(argv[1], "stop") == 0;
  snprintf(url, sizeof url, "%s/%s?size=200000", base,
           stop_early ? "ok" : "truncated");
  CURLM *multi = curl_multi_init();
  for (int i = 0; i < 2; ++i)
    printf("result %d\n", run_one(multi, url));
  curl_multi_cleanup(multi);
  return 0;
}
// CUT: result 18
// CUT-NEXT: result 18
// CUT: server: connections=2 requests=2

// STOP: ERROR: BodySanitizer: undrained-body
// STOP: curl_multi_info_read {{.*}}stopped{{.*}}(result 23)
// STOP: in run_one {{.*}}curl_multi_done_messages.c:[[@LINE-31]]
// STOP: in run_one {{.*}}curl_multi_done_messages.c:[[@LINE-42]]
// STOP: SUMMARY: BodySanitizer: undrained-body
// STOP-NOT: ERROR: BodySanitizer
// STOP: result 23
// STOP-NEXT: result 23
// STOP: server: connections=2 requests=2
