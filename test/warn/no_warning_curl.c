// Intent: correct libcurl code in the styles of libcurl's own examples gets no
// compile-time warning: `if (curl) { ...; curl_easy_cleanup(curl); }`, cleanup
// before checking the result, a handle reused in a loop, a multi handle whose
// easy handles are added (kept by it), a handle returned. The last function
// leaks on purpose and is the only warning. -O0 and -O2.
// REQUIRES: libcurl
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -Wno-unused-command-line-argument %curl -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_bodysan -O2 -c %s -o /dev/null -Wno-unused-command-line-argument %curl -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
#include <curl/curl.h>
#include <stdio.h>

int example_style(const char *url) {
  CURLcode res = CURLE_FAILED_INIT;
  CURL *curl = curl_easy_init();
  if (curl) {
    curl_easy_setopt(curl, CURLOPT_URL, url);
    res = curl_easy_perform(curl);
    if (res != CURLE_OK)
      fprintf(stderr, "failed: %s\n", curl_easy_strerror(res));
    curl_easy_cleanup(curl);
  }
  return res == CURLE_OK ? 0 : 1;
}

int cleanup_first(const char *url) {
  CURL *curl = curl_easy_init();
  if (!curl)
    return 1;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  CURLcode res = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  if (res != CURLE_OK)
    return 2;
  return 0;
}

int reused(const char *const *urls, int n) {
  CURL *curl = curl_easy_init();
  int failed = 0;
  if (!curl)
    return -1;
  for (int i = 0; i < n; ++i) {
    curl_easy_setopt(curl, CURLOPT_URL, urls[i]);
    if (curl_easy_perform(curl) != CURLE_OK)
      ++failed;
  }
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(curl);
  return failed;
}

int multi(const char *url) {
  CURLM *m = curl_multi_init();
  CURL *e = curl_easy_init();
  int running = 1;
  if (!m || !e) {
    if (e)
      curl_easy_cleanup(e);
    if (m)
      curl_multi_cleanup(m);
    return 1;
  }
  curl_easy_setopt(e, CURLOPT_URL, url);
  curl_multi_add_handle(m, e);
  while (running) {
    curl_multi_perform(m, &running);
    curl_multi_poll(m, NULL, 0, 100, NULL);
  }
  curl_multi_remove_handle(m, e);
  curl_easy_cleanup(e);
  curl_multi_cleanup(m);
  return 0;
}

CURL *make_handle(const char *url) {
  CURL *curl = curl_easy_init();
  if (!curl)
    return NULL;
  if (curl_easy_setopt(curl, CURLOPT_URL, url) != CURLE_OK) {
    curl_easy_cleanup(curl);
    return NULL;
  }
  return curl;
}

int leaks(const char *url) {
  // CHECK: no_warning_curl.c:[[@LINE+1]]:16: warning: BodySanitizer: libcurl easy handle (CURL) from 'curl_easy_init' in 'leaks' is not released on a path that returns at line [[@LINE+4]]
  CURL *curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_perform(curl);
  return 0;
}
// CHECK: 1 warning generated.
