/* fetch_data_safe.c - Go's FetchDataSafe in libcurl: the easy handle is cleaned
 * up on every path.
 *
 *   func FetchDataSafe(url string) ([]byte, error) {
 *       resp, err := http.Get(url)
 *       if err != nil { return nil, err }
 *       defer resp.Body.Close()   // DO THIS EVERY TIME
 *       if resp.StatusCode != http.StatusOK {
 *           return nil, fmt.Errorf("bad status: %d", resp.StatusCode)
 *       }
 *       return io.ReadAll(resp.Body)
 *   }
 *
 * C has no `defer`: every return goes through one exit that calls
 * curl_easy_cleanup. curl_easy_perform reads the whole body, so there is nothing
 * to drain. The requests share one connection pool (a share handle, like Go's
 * http.DefaultClient): 5 requests to a URL that answers 503 use 1 connection, no
 * file descriptor is leaked, and BodySanitizer reports nothing.
 *
 * Usage: fetch_data_safe [BASE_URL]   (default: $BODYSAN_TEST_URL), requests
 *        BASE_URL/status/503.
 */
#include <curl/curl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buffer {
  char *data;
  size_t len;
};

static size_t append(char *data, size_t size, size_t nmemb, void *user) {
  struct buffer *b = user;
  char *grown = realloc(b->data, b->len + size * nmemb);
  if (!grown)
    return 0;
  memcpy(grown + b->len, data, size * nmemb);
  b->data = grown;
  b->len += size * nmemb;
  return size * nmemb;
}

static int open_fds(void) {
  DIR *dir = opendir("/proc/self/fd");
  int n = 0;
  while (readdir(dir))
    ++n;
  closedir(dir);
  return n - 3; /* ".", ".." and the directory itself */
}

/* Returns the body of `url` (free b->data), or -1 with a message in error[]. */
static int fetch_data_safe(CURLSH *pool, const char *url, struct buffer *b, char *error,
                           size_t size) {
  CURL *curl = curl_easy_init();
  if (!curl) {
    snprintf(error, size, "curl_easy_init failed");
    return -1;
  }
  int result = -1;
  curl_easy_setopt(curl, CURLOPT_SHARE, pool);
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, b);
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK) {
    snprintf(error, size, "%s", curl_easy_strerror(rc));
    goto done;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) {
    snprintf(error, size, "bad status: %ld", status);
    goto done;
  }
  result = 0;
done:
  curl_easy_cleanup(curl); /* every path: C's `defer` */
  return result;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base) {
    fprintf(stderr, "usage: %s BASE_URL (or set BODYSAN_TEST_URL)\n", argv[0]);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[512];
  snprintf(url, sizeof url, "%s/status/503", base);
  CURLSH *pool = curl_share_init();
  curl_share_setopt(pool, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  int fds = open_fds(), failed = 0;
  char last_error[256] = "-";
  for (int i = 0; i < 5; ++i) {
    struct buffer b = {NULL, 0};
    if (fetch_data_safe(pool, url, &b, last_error, sizeof last_error) != 0)
      ++failed;
    free(b.data);
  }
  /* The pool's one connection is the only new descriptor. */
  fds = open_fds() - fds - 1;
  printf("fetch_data_safe: %d of 5 requests failed (%s); %d file descriptors leaked\n",
         failed, last_error, fds);
  curl_share_cleanup(pool);
  curl_global_cleanup();
  return 0;
}
