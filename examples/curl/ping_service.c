/* ping_service.c - Go's PingService in libcurl, without the drain: only the status
 * matters, so the transfer is stopped at the first block of the body.
 *
 *   func PingService(url string) error {
 *       resp, err := http.Get(url)
 *       if err != nil { return err }
 *       // Drain the body so the connection can be reused
 *       io.Copy(io.Discard, resp.Body)      <- missing here
 *       resp.Body.Close()
 *       if resp.StatusCode != http.StatusOK { return fmt.Errorf("service down") }
 *       return nil
 *   }
 *
 * The write callback returns 0 on the first block: curl_easy_perform then fails
 * with CURLE_WRITE_ERROR (23), which this program ignores since the status is
 * known. libcurl cannot reuse a connection with an unread body on it, so it closes
 * it: one handle, 5 pings, 5 connections. BodySanitizer reports an undrained-body at
 * the curl_easy_perform when the handle transfers again (the next ping had to open a
 * new connection), with where the handle was created. The fix: a callback
 * that returns size * nmemb (discarding the data), or CURLOPT_NOBODY for a HEAD
 * request when the server supports it.
 *
 * Usage: ping_service [BASE_URL]   (default: $BODYSAN_TEST_URL), requests BASE_URL/ok.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>

/* The body is not needed: stop the transfer. */
static size_t stop(char *data, size_t size, size_t nmemb, void *user) {
  return 0; /* Bug: the rest of the body is left on the connection. */
}

/* Returns 1 when the handle's URL answers 200 OK. */
static int ping_service(CURL *curl) {
  CURLcode rc = curl_easy_perform(curl);
  if (rc != CURLE_OK && rc != CURLE_WRITE_ERROR)
    return 0;
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  return status == 200;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base) {
    fprintf(stderr, "usage: %s BASE_URL (or set BODYSAN_TEST_URL)\n", argv[0]);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  char url[512];
  snprintf(url, sizeof url, "%s/ok", base);
  CURL *curl = curl_easy_init();
  if (!curl)
    return 1;
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, stop);
  int up = 0;
  for (int i = 0; i < 5; ++i)
    up += ping_service(curl);
  curl_easy_cleanup(curl);
  printf("ping_service: service up %d of 5 times\n", up);
  curl_global_cleanup();
  return 0;
}
