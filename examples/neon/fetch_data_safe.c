/* fetch_data_safe.c - Go's FetchDataSafe in neon: the response is ended on every
 * path, and what is not read is drained first.
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
 * neon's ne_end_request does not skip an unread body (Go's Close does not either:
 * the article's "advanced gotcha"), so on a bad status the body is drained with
 * ne_discard_response before the response is ended. 5 requests to a URL that
 * answers 503 all fail cleanly with "bad status: 503" on 1 connection, and
 * BodySanitizer reports nothing.
 *
 * Usage: fetch_data_safe [PORT]   (default: $BODYSAN_TEST_PORT), requests
 *        http://127.0.0.1:PORT/status/503.
 */
#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Returns the body of `path` (its length in *len; free it), or NULL with a
 * message in error[0..size). */
static char *fetch_data_safe(ne_session *sess, const char *path, size_t *len, char *error,
                             size_t size) {
  ne_request *req = ne_request_create(sess, "GET", path);
  if (ne_begin_request(req) != NE_OK) {
    snprintf(error, size, "%s", ne_get_error(sess));
    ne_request_destroy(req);
    return NULL;
  }
  char *data = NULL;
  size_t used = 0;
  int status = ne_get_status(req)->code;
  if (status != 200) {
    snprintf(error, size, "bad status: %d", status);
    ne_discard_response(req); /* so that the connection can be reused */
  } else {
    char buf[8192];
    ssize_t n;
    while ((n = ne_read_response_block(req, buf, sizeof buf)) > 0) {
      data = realloc(data, used + n);
      memcpy(data + used, buf, n);
      used += n;
    }
    if (n < 0) {
      snprintf(error, size, "%s", ne_get_error(sess));
      free(data);
      data = NULL;
    }
  }
  /* Every path that began the response ends it: C's `defer`. */
  if (ne_end_request(req) != NE_OK && data) {
    snprintf(error, size, "%s", ne_get_error(sess));
    free(data);
    data = NULL;
  }
  ne_request_destroy(req);
  *len = used;
  return data;
}

int main(int argc, char **argv) {
  const char *port = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_PORT");
  if (!port) {
    fprintf(stderr, "usage: %s PORT (or set BODYSAN_TEST_PORT)\n", argv[0]);
    return 2;
  }
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  int failed = 0;
  char last_error[256] = "-";
  for (int i = 0; i < 5; ++i) {
    size_t len;
    char *data = fetch_data_safe(sess, "/status/503", &len, last_error, sizeof last_error);
    if (data)
      free(data);
    else
      ++failed;
  }
  ne_session_destroy(sess);
  printf("fetch_data_safe: %d of 5 requests failed (%s)\n", failed, last_error);
  return 0;
}
