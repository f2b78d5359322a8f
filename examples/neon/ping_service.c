/* ping_service.c - Go's PingService in neon, without the drain: only the status
 * matters, so the response is ended without reading its body.
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
 * In Go an undrained Close costs a connection. In neon it is worse: ne_end_request
 * leaves the unread body on the session's connection, and the next request parses
 * it as its status line and fails ("Could not read status line: Line too long").
 * 5 pings of a healthy service: 2 of them say it is down, and 3 connections are
 * opened. BodySanitizer reports an undrained-body: the verdict waits for the
 * session's next use (ne_close_connection right after would have been correct
 * handling) and names the ne_end_request and where the response was begun. The fix:
 * ne_discard_response(req) before ne_end_request (see fetch_data_safe.c).
 *
 * Usage: ping_service [PORT]   (default: $BODYSAN_TEST_PORT), requests
 *        http://127.0.0.1:PORT/ok.
 */
#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>

/* Returns 1 when `path` answers 200 OK. */
static int ping_service(ne_session *sess, const char *path) {
  ne_request *req = ne_request_create(sess, "GET", path);
  if (ne_begin_request(req) != NE_OK) {
    ne_request_destroy(req);
    return 0;
  }
  int up = ne_get_status(req)->code == 200;
  /* Bug: the body was not read (ne_discard_response) before the end. */
  if (ne_end_request(req) != NE_OK)
    up = 0;
  ne_request_destroy(req);
  return up;
}

int main(int argc, char **argv) {
  const char *port = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_PORT");
  if (!port) {
    fprintf(stderr, "usage: %s PORT (or set BODYSAN_TEST_PORT)\n", argv[0]);
    return 2;
  }
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  int up = 0;
  for (int i = 0; i < 5; ++i)
    up += ping_service(sess, "/ok");
  ne_session_destroy(sess);
  printf("ping_service: service up %d of 5 times\n", up);
  return 0;
}
