// Intent: Go's FetchData bug in neon: a begun request abandoned by an early return on
// a bad status (404) is destroyed without ne_end_request, its body unread. That is an
// unclosed body, reported at the ne_request_destroy with where the response was
// begun; the next request on the session then fails, as neon parses the old body as
// its status line. (At -O2 the two identical `ne_request_destroy(req); return -1;`
// tails are merged, so the destroying frame has no line: the message names it.)
// The server sees one connection (whether it got to parse the second request before
// the client gave up is a race: 1 or 2 requests).
// REQUIRES: neon
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>

// Reads the body of `path` and returns its size, or -1 on failure or a bad status.
static long fetch_data(ne_session *sess, const char *path) {
  ne_request *req = ne_request_create(sess, "GET", path);
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: neon response body (ne_request) from ne_begin_request was destroyed by ne_request_destroy at {{.*}}neon_unclosed_bad_status_early_return.c:[[@LINE+10]]:5 while still open.
  // CHECK: Destroyed by thread T0 here:
  // CHECK-NEXT: in fetch_data {{.*}}neon_unclosed_bad_status_early_return.c
  // CHECK: Acquired by thread T0 here:
  // CHECK-NEXT: in fetch_data {{.*}}neon_unclosed_bad_status_early_return.c:[[@LINE+1]]
  if (ne_begin_request(req) != NE_OK) {
    ne_request_destroy(req);
    return -1;
  }
  if (ne_get_status(req)->klass != 2) {
    ne_request_destroy(req); // Bug: begun, never ended, body unread.
    return -1;
  }
  char buf[8192];
  long total = 0;
  ssize_t n;
  while ((n = ne_read_response_block(req, buf, sizeof buf)) > 0)
    total += n;
  if (ne_end_request(req) != NE_OK || n < 0)
    total = -1;
  ne_request_destroy(req);
  return total;
}

int main(void) {
  const char *port = getenv("BODYSAN_TEST_PORT");
  if (!port)
    return 2;
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  long missing = fetch_data(sess, "/status/404");
  long next = fetch_data(sess, "/small");
  char error[200];
  snprintf(error, sizeof error, "%s", ne_get_error(sess));
  ne_session_destroy(sess);
  // CHECK: SUMMARY: BodySanitizer: unclosed-body
  // CHECK: /status/404: -1, then /small: -1 (Could not read status line: Line too long)
  printf("/status/404: %ld, then /small: %ld (%s)\n", missing, next, error);
  fflush(stdout);
  return 0;
}
// CHECK: server: connections=1 requests={{[12]$}}
