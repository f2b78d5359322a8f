/* fetch_data_safe.c - Go's FetchDataSafe in libsoup 3: the body is released on
 * every path, and what is not read is drained first.
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
 * C's `defer` here is g_autoptr: when `body` goes out of scope, its last
 * g_object_unref closes the stream, on every return. Closing alone is not enough
 * for libsoup to reuse the connection, though: it reuses a connection only after
 * the body's end was read (the article's "advanced gotcha"; Go behaves the same).
 * A literal translation that closed an unread 503 body would be reported as an
 * undrained-body and open 5 connections; this one drains the error body, so 5
 * requests to a URL that answers 503 use 1 connection and nothing is reported.
 *
 * Usage: fetch_data_safe [BASE_URL]   (default: $BODYSAN_TEST_URL), requests BASE_URL/status/503.
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

/* Go's io.Copy(io.Discard, body): skips to the end of `body`. */
static void discard(GInputStream *body) {
  while (g_input_stream_skip(body, 65536, NULL, NULL) > 0)
    ;
}

/* Returns the body of `url`, or NULL with `error` set. */
static GBytes *fetch_data_safe(SoupSession *session, const char *url, GError **error) {
  g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
  g_autoptr(GInputStream) body = soup_session_send(session, msg, NULL, error);
  if (!body)
    return NULL;
  /* From here on, every return releases `body` (g_autoptr: C's `defer`). */
  guint status = soup_message_get_status(msg);
  if (status != SOUP_STATUS_OK) {
    discard(body); /* so that the connection goes back to the pool */
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "bad status: %u", status);
    return NULL;
  }
  return read_all(body, error);
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base) {
    fprintf(stderr, "usage: %s BASE_URL (or set BODYSAN_TEST_URL)\n", argv[0]);
    return 2;
  }
  char *url = g_strconcat(base, "/status/503", NULL);
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  int failed = 0;
  char *last_error = NULL;
  for (int i = 0; i < 5; ++i) {
    GError *error = NULL;
    GBytes *data = fetch_data_safe(session, url, &error);
    if (data) {
      g_bytes_unref(data);
    } else {
      ++failed;
      g_free(last_error);
      last_error = g_strdup(error->message);
      g_error_free(error);
    }
  }
  printf("fetch_data_safe: %d of 5 requests failed (%s)\n", failed,
         last_error ? last_error : "-");
  g_free(last_error);
  g_object_unref(session);
  g_free(url);
  return 0;
}
