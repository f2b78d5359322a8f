/* ping_service.c - Go's PingService in libsoup 3: only the status matters, so the
 * body is drained (skipped to its end) and then closed, and the connection is reused.
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
 * libsoup reuses a connection only after the body's end was read: here, a
 * g_input_stream_skip that returns 0. 5 pings use 1 TCP connection, and
 * BodySanitizer reports nothing. ping_service_undrained.c is the same program
 * without the drain.
 *
 * Usage: ping_service [BASE_URL]   (default: $BODYSAN_TEST_URL), requests BASE_URL/ok.
 */
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

/* Returns TRUE when `url` answers 200 OK. */
static gboolean ping_service(SoupSession *session, const char *url, GError **error) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, error);
  if (!body) {
    g_object_unref(msg);
    return FALSE;
  }
  /* Drain the body so the connection can be reused: skip until the end (0). */
  while (g_input_stream_skip(body, 65536, NULL, NULL) > 0)
    ;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);

  gboolean up = soup_message_get_status(msg) == SOUP_STATUS_OK;
  g_object_unref(msg);
  if (!up)
    g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_FAILED, "service down");
  return up;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base) {
    fprintf(stderr, "usage: %s BASE_URL (or set BODYSAN_TEST_URL)\n", argv[0]);
    return 2;
  }
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  int up = 0;
  for (int i = 0; i < 5; ++i) {
    GError *error = NULL;
    if (ping_service(session, url, &error))
      ++up;
    else
      g_error_free(error);
  }
  printf("ping_service: service up %d of 5 times\n", up);
  g_object_unref(session);
  g_free(url);
  return 0;
}
