// Intent: two multi-interface styles of libcurl's own examples are clean.
// "cleanup_first": the loop runs until curl_multi_perform says nothing runs,
// then curl_multi_cleanup comes BEFORE curl_easy_cleanup of the still-added
// but finished handle (multi-post.c, multi-debugcallback.c). "cut_no_msg": the
// server cuts the body short and the program removes the handle once nothing
// runs, without reading the done message (multi-single.c): the transfer ended,
// the program stopped nothing. Same output and exit code as a plain build.
// REQUIRES: libcurl
// RUN: %clang -g -O0 %s -o %t-plain %curl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-plain cleanup_first > %t-plain.1 2>&1
// RUN: %with_server -- %t-O0 cleanup_first > %t-O0.1 2>&1
// RUN: %with_server -- %t-O2 cleanup_first > %t-O2.1 2>&1
// RUN: diff %t-plain.1 %t-O0.1
// RUN: diff %t-plain.1 %t-O2.1
// RUN: FileCheck %s --check-prefix=FIRST --implicit-check-not=BodySanitizer < %t-O2.1
// RUN: %with_server -- %t-plain cut_no_msg > %t-plain.2 2>&1
// RUN: %with_server -- %t-O0 cut_no_msg > %t-O0.2 2>&1
// RUN: %with_server -- %t-O2 cut_no_msg > %t-O2.2 2>&1
// RUN: diff %t-plain.2 %t-O0.2
// RUN: diff %t-plain.2 %t-O2.2
// RUN: FileCheck %s --check-prefix=CUT --implicit-check-not=BodySanitizer < %t-O2.2
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t sink(char *data, size_t size, size_t nmemb, void *total) {
  (void)data;
  *(size_t *)total += size * nmemb;
  return size * nmemb;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  int cut = strcmp(argv[1], "cut_no_msg") == 0;
  char url[256];
  snprintf(url, sizeof url, "%s/%s?size=300000", base, cut ? "truncated" : "ok");
  size_t total = 0;
  CURL *easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, sink);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &total);
  CURLM *multi = curl_multi_init();
  curl_multi_add_handle(multi, easy);
  int running = 1;
  for (int rounds = 0; running && rounds < 1000; ++rounds) {
    CURLMcode mc = curl_multi_perform(multi, &running);
    if (!mc && running)
      mc = curl_multi_poll(multi, NULL, 0, 1000, NULL);
    if (mc)
      break;
  }
  printf("transfer over, running=%d, complete=%d\n", running,
         total == 300000);
  if (cut) {
    curl_multi_remove_handle(multi, easy);
    curl_easy_cleanup(easy);
    curl_multi_cleanup(multi);
  } else {
    curl_multi_cleanup(multi); // the easy handle is still added, but done
    curl_easy_cleanup(easy);
  }
  return 0;
}
// FIRST: transfer over, running=0, complete=1
// FIRST-NEXT: server: connections=1 requests=1
// CUT: transfer over, running=0, complete=0
// CUT-NEXT: server: connections=1 requests=1
