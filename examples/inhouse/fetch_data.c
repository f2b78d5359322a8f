/* fetch_data.c - Go's FetchData over the in-house HTTP client, with its bug: the
 * response body is not closed when the status is bad.
 *
 *   func FetchData(url string) ([]byte, error) {
 *       resp, err := http.Get(url)
 *       if err != nil { return nil, err }
 *       // Bug: We forgot to close resp.Body!
 *       if resp.StatusCode != http.StatusOK {
 *           return nil, fmt.Errorf("bad status: %d", resp.StatusCode)
 *       }
 *       return io.ReadAll(resp.Body)
 *   }
 *
 * http_client.c is no library BodySanitizer knows: inhouse.yaml declares it. The
 * leaked body keeps the client's connection, so each of the 5 requests opens a
 * new one. BodySanitizer reports the body when fetch_data returns.
 *
 * Usage: fetch_data [BASE_URL]   (default: $BODYSAN_TEST_URL), requests /status/503.
 */
#include "http_client.h"

#include <stdio.h>
#include <stdlib.h>

/* Splits "http://HOST:PORT" into host and port; returns 0 on success. */
static int parse_base(const char *base, char *host, size_t size, int *port) {
  if (!base || sscanf(base, "http://%63[^:/]:%d", host, port) != 2 || size < 64)
    return -1;
  return 0;
}

/* Returns the length of the body of path read into buf, or -1 (-status on a bad status). */
static long fetch_data(struct http_client *client, const char *path, char *buf, size_t size) {
  struct http_body *body = http_get(client, path);
  if (!body)
    return -1;
  /* Bug: nothing closes `body` on the early return below. */
  int status = http_body_status(body);
  if (status != 200)
    return -status;
  long len = 0, n;
  while ((n = http_body_read(body, buf + len, size - (size_t)len)) > 0)
    len += n;
  http_body_close(body);
  return n < 0 ? -1 : len;
}

int main(int argc, char **argv) {
  char host[64];
  int port;
  if (parse_base(argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL"), host, sizeof host, &port)) {
    fprintf(stderr, "usage: %s http://HOST:PORT (or set BODYSAN_TEST_URL)\n", argv[0]);
    return 2;
  }
  struct http_client *client = http_client_new(host, port);
  static char buf[1 << 20];
  int failed = 0;
  long last = 0;
  for (int i = 0; i < 5; ++i) {
    long r = fetch_data(client, "/status/503", buf, sizeof buf);
    if (r < 0) {
      ++failed;
      last = r;
    }
  }
  printf("fetch_data: %d of 5 requests failed (bad status: %ld)\n", failed, -last);
  http_client_free(client);
  return 0;
}
