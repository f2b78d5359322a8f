/* fetch_data.c - Go's FetchData in libsoup 3, with its bug: the response body is
 * not closed when the status is bad.
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
 * In libsoup 3 the body is the GInputStream that soup_session_send returns. An
 * open body keeps its connection out of the session's pool: with libsoup's default
 * of 2 connections per host, the third request would wait forever. This program
 * allows 10, makes 5 requests to a URL that answers 503, and so opens 5 TCP
 * connections instead of 1. BodySanitizer reports the body when fetch_data returns.
 *
 * Usage: fetch_data [BASE_URL]   (default: $BODYSAN_TEST_URL), requests BASE_URL/status/503.
 */
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

/* Reads `body` to its end (a read that returns 0) into a GBytes. */
static GBytes *read_all(GInputStream *body, GError **error) {
  GByteArray *data = g_byte_array_new();
  guint8 buf[8192];
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, error)) > 0)
    g_byte_array_append(data, buf, n);
  if (n < 0) {
    g_byte_array_unref(data);
    return NULL;
  }
  return g_byte_array_free_to_bytes(data);
}

/* Returns the body of `url`, or NULL with `error` set. */
static GBytes *fetch_data(SoupSession *session, const char *url, GError **error) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, error);
  if (!body) {
    g_object_unref(msg);
    return NULL;
  }
  /* Bug: nothing closes `body` on the early return below. */
  guint status = soup_message_get_status(msg);
  if (status != SOUP_STATUS_OK) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "bad status: %u", status);
    g_object_unref(msg);
    return NULL;
  }
  GBytes *data = read_all(body, error);
  g_object_unref(body); /* the last reference closes the stream */
  g_object_unref(msg);
  return data;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base) {
    fprintf(stderr, "usage: %s BASE_URL (or set BODYSAN_TEST_URL)\n", argv[0]);
    return 2;
  }
  char *url = g_strconcat(base, "/status/503", NULL);
  /* Each leaked body pins a connection; more than 2 per host keeps this from hanging. */
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  int failed = 0;
  char *last_error = NULL;
  for (int i = 0; i < 5; ++i) {
    GError *error = NULL;
    GBytes *data = fetch_data(session, url, &error);
    if (data) {
      g_bytes_unref(data);
    } else {
      ++failed;
      g_free(last_error);
      last_error = g_strdup(error->message);
      g_error_free(error);
    }
  }
  printf("fetch_data: %d of 5 requests failed (%s)\n", failed, last_error ? last_error : "-");
  g_free(last_error);
  g_object_unref(session);
  g_free(url);
  return 0;
}
