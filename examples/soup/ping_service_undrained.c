/* ping_service_undrained.c - Go's PingService without the drain: the body is
 * closed, but before its end was read.
 *
 *   resp, err := http.Get(url)
 *   if err != nil { return err }
 *   resp.Body.Close()          // no io.Copy(io.Discard, resp.Body) first
 *
 * The close is not a leak, but libsoup (like Go) cannot tell where the next
 * response on that connection would start, so it closes the connection instead of
 * reusing it: 5 pings open 5 TCP connections. BodySanitizer reports an
 * undrained-body at the close, with the bytes read (0) and both stacks.
 *
 * Usage: ping_service_undrained [BASE_URL]   (default: $BODYSAN_TEST_URL), requests BASE_URL/ok.
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
  /* Bug: closed without draining; the connection will not be reused. */
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
  printf("ping_service_undrained: service up %d of 5 times\n", up);
  g_object_unref(session);
  g_free(url);
  return 0;
}
