// Intent: an early return when the output file cannot be opened leaks the easy handle
// created before it: reported as unclosed when the function returns, naming where the
// handle was created. No transfer is made on that path (0 connections for it); the
// good download uses 1.
// REQUIRES: libcurl
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: not %with_server -- %t-O0 %t.dir 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: not %with_server -- %t-O2 %t.dir 2>&1 | FileCheck %s

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

// Downloads `url` into the file `path`; returns 0 on success.
static int download(const char *url, const char *path) {
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-DAG: when 'download' returned at {{.*}}curl_unclosed_output_file_early_return.c:[[@LINE+8]]
  // CHECK-DAG: in download {{.*}}curl_unclosed_output_file_early_return.c:[[@LINE+1]]
  CURL *curl = curl_easy_init();
  if (!curl)
    return -1;
  FILE *out = fopen(path, "wb");
  if (!out) {
    perror(path);
    return -1; // Bug: `curl` is not cleaned up.
  }
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, out); // the default callback fwrites
  CURLcode rc = curl_easy_perform(curl);
  curl_easy_cleanup(curl);
  fclose(out);
  return rc == CURLE_OK ? 0 : -1;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[256], good[512], bad[512];
  snprintf(url, sizeof url, "%s/small", base);
  snprintf(good, sizeof good, "%s/small.bin", argv[1]);
  snprintf(bad, sizeof bad, "%s/no-such-dir/small.bin", argv[1]);
  int first = download(url, good);
  int second = download(url, bad);
  // CHECK: SUMMARY: BodySanitizer: unclosed-body
  // CHECK: download: 0 then -1
  printf("download: %d then %d\n", first, second);
  fflush(stdout);
  curl_global_cleanup();
  return 0;
}
// CHECK: server: connections=1 requests=1
