// Intent: a company wrapper declared in a spec and defined in the same file:
// its calls are tracked as the spec says, and the libcurl calls inside its
// own implementation are still checked: the wrapper stops the transfer with
// its write callback and the program then fetches the rest on the same handle
// (undrained-body at curl_easy_perform inside fetch_first_bytes, reported when
// the handle transfers again: a second connection); its clean twin (whole
// body) gives no report.
// REQUIRES: libcurl
// RUN: %clang_bodysan -g -O2 -mllvm -bodysan-spec=%S/Inputs/fetch-wrapper.yaml %s -o %t %curl
// RUN: not %with_server -- %t 100 2>&1 | FileCheck %s --check-prefix=STOPPED
// RUN: %with_server -- %t 0 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

struct fetch {
  CURL *curl;
  size_t got, max;
};

static size_t take(char *data, size_t size, size_t nmemb, void *user) {
  (void)data;
  struct fetch *f = user;
  f->got += size * nmemb;
  return f->max && f->got > f->max ? 0 : size * nmemb; // stop after max
}

// Fetches url, keeping only the first max bytes (0: all of them).
__attribute__((noinline)) struct fetch *fetch_first_bytes(const char *url,
                                                          size_t max) {
  struct fetch *f = calloc(1, sizeof *f);
  f->max = max;
  f->curl = curl_easy_init();
  curl_easy_setopt(f->curl, CURLOPT_URL, url);
  curl_easy_setopt(f->curl, CURLOPT_WRITEFUNCTION, take);
  curl_easy_setopt(f->curl, CURLOPT_WRITEDATA, f);
  curl_easy_perform(f->curl);
  return f;
}

__attribute__((noinline)) void fetch_free(struct fetch *f) {
  curl_easy_cleanup(f->curl);
  free(f);
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  char url[256];
  snprintf(url, sizeof url, "%s/ok?size=100000", base);
  struct fetch *f = fetch_first_bytes(url, (size_t)atol(argv[1]));
  printf("got %s\n", f->got >= 100000 ? "everything" : "the first bytes");
  fflush(stdout);
  if (f->max) { // the rest after all, on the same handle
    f->max = 0;
    curl_easy_perform(f->curl);
  }
  fetch_free(f);
  return 0;
}
// STOPPED: got the first bytes
// STOPPED: ERROR: BodySanitizer: undrained-body
// STOPPED: curl_easy_perform
// STOPPED: in fetch_first_bytes {{.*}}curl_wrapper_spec_inner_checked.c:37
// STOPPED: server: connections=2
// CLEAN: got everything
