// Intent: curl_multi_remove_handle on a multi handle the program already
// cleaned up (libcurl's http2-upload.c does this) is use-after-close, reported
// at the remove with the cleanup and acquisition stacks; removing before the
// cleanup is clean.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 after 2>&1 | FileCheck %s --check-prefix=AFTER
// RUN: %with_server -- %t-O0 before 2>&1 | FileCheck %s --check-prefix=BEFORE --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 after 2>&1 | FileCheck %s --check-prefix=AFTER
// RUN: %with_server -- %t-O2 before 2>&1 | FileCheck %s --check-prefix=BEFORE --implicit-check-not=BodySanitizer
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t sink(char *data, size_t size, size_t nmemb, void *user) {
  (void)data;
  (void)user;
  return size * nmemb;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=1000", base);
  CURLM *multi = curl_multi_init();
  CURL *easy = curl_easy_init();
  curl_easy_setopt(easy, CURLOPT_URL, url);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, sink);
  curl_multi_add_handle(multi, easy);
  int running = 1;
  for (int rounds = 0; running && rounds < 1000; ++rounds) {
    curl_multi_perform(multi, &running);
    if (running)
      curl_multi_poll(multi, NULL, 0, 1000, NULL);
  }
  if (strcmp(argv[1], "after") == 0) {
    curl_multi_cleanup(multi);
    curl_multi_remove_handle(multi, easy); // the multi handle is gone
  } else {
    curl_multi_remove_handle(multi, easy);
    curl_multi_cleanup(multi);
  }
  curl_easy_cleanup(easy);
  puts("done");
  return 0;
}
// AFTER: ERROR: BodySanitizer: use-after-close
// AFTER-NEXT: libcurl multi handle (CURLM) from curl_multi_init was used by curl_multi_remove_handle at {{.*}}curl_use_after_close_multi.c:[[@LINE-10]]:{{[0-9]+}} after it was released by curl_multi_cleanup at {{.*}}curl_use_after_close_multi.c:[[@LINE-11]]:{{[0-9]+}}.
// AFTER: SUMMARY: BodySanitizer: use-after-close
// AFTER: done
// BEFORE: done
// BEFORE-NEXT: server: connections=1 requests=1
