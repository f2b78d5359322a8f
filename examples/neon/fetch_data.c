/* fetch_data.c - Go's FetchData in neon, with its bug: the response is not ended
 * when the status is bad.
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
 * In neon the body is the response of a request after ne_begin_request, read with
 * ne_read_response_block and finished with ne_end_request. Here the early return
 * for a bad status destroys the request without ending it: its body stays unread on
 * the session's connection, and the next request on the session parses it as its
 * status line and fails ("Could not read status line: Line too long"); neon then
 * drops the connection. 5 requests to a URL that answers 503: 2 of them fail that
 * way, 3 connections are opened. BodySanitizer reports the unclosed body at the
 * ne_request_destroy, with where the request was begun.
 *
 * Usage: fetch_data [PORT]   (default: $BODYSAN_TEST_PORT), requests
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
static char *fetch_data(ne_session *sess, const char *path, size_t *len, char *error,
                        size_t size) {
  ne_request *req = ne_request_create(sess, "GET", path);
  if (ne_begin_request(req) != NE_OK) {
    snprintf(error, size, "%s", ne_get_error(sess));
    ne_request_destroy(req);
    return NULL;
  }
  /* Bug: nothing ends the response on the early return below. */
  int status = ne_get_status(req)->code;
  if (status != 200) {
    snprintf(error, size, "bad status: %d", status);
    ne_request_destroy(req);
    return NULL;
  }
  char *data = NULL, buf[8192];
  size_t used = 0;
  ssize_t n;
  while ((n = ne_read_response_block(req, buf, sizeof buf)) > 0) {
    data = realloc(data, used + n);
    memcpy(data + used, buf, n);
    used += n;
  }
  if (ne_end_request(req) != NE_OK || n < 0) {
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
  int bad_status = 0, failed = 0;
  char last_error[256] = "-";
  for (int i = 0; i < 5; ++i) {
    size_t len;
    char error[256];
    char *data = fetch_data(sess, "/status/503", &len, error, sizeof error);
    if (data) {
      free(data);
      continue;
    }
    if (strncmp(error, "bad status", 10) == 0)
      ++bad_status;
    else
      snprintf(last_error, sizeof last_error, "%s", error);
    ++failed;
  }
  ne_session_destroy(sess);
  printf("fetch_data: %d of 5 requests failed: %d with a bad status, %d with \"%s\"\n",
         failed, bad_status, failed - bad_status, last_error);
  return 0;
}
