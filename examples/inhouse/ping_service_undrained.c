/* ping_service_undrained.c - Go's PingService over the in-house HTTP client
 * without the drain: the body is closed before its end was read, so
 * http_body_close closes the connection and each of the 5 requests opens a new
 * one. BodySanitizer reports an undrained body at the close.
 *
 *   func PingService(url string) error {
 *       resp, err := http.Get(url)
 *       if err != nil { return err }
 *       // Drain the body so the connection can be reused
 *       io.Copy(io.Discard, resp.Body)
 *       resp.Body.Close()
 *       if resp.StatusCode != http.StatusOK { return fmt.Errorf("service down") }
 *       return nil
 *   }
 *
 * Usage: ping_service_undrained [BASE_URL]   (default: $BODYSAN_TEST_URL), requests /ok.
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

/* Returns 0 when the service answered 200, -1 otherwise. */
static int ping_service(struct http_client *client, const char *path) {
  struct http_body *body = http_get(client, path);
  if (!body)
    return -1;
  /* Bug: closed without reading the body to its end. */
  int status = http_body_status(body);
  http_body_close(body);
  return status == 200 ? 0 : -1;
}

int main(int argc, char **argv) {
  char host[64];
  int port;
  if (parse_base(argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL"), host, sizeof host, &port)) {
    fprintf(stderr, "usage: %s http://HOST:PORT (or set BODYSAN_TEST_URL)\n", argv[0]);
    return 2;
  }
  struct http_client *client = http_client_new(host, port);
  int up = 0;
  for (int i = 0; i < 5; ++i)
    up += ping_service(client, "/ok") == 0;
  printf("ping_service_undrained: service up %d of 5 times\n", up);
  http_client_free(client);
  return 0;
}
