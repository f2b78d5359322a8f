// Intent: a begun neon request abandoned by an early return on a bad status, neither
// ended nor destroyed: the response is unclosed and reported with where it was begun
// (at present at exit; when the function returns would be as right, so the order of
// report and output is not checked). The next request on the session fails on the
// old body. The server sees one connection (1 or 2 requests: a race, see
// neon_unclosed_bad_status_early_return.c).
// REQUIRES: neon
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: not %with_server -- %t-O0 > %t-O0.out 2> %t-O0.err
// RUN: FileCheck %s < %t-O0.err
// RUN: FileCheck %s --check-prefix=FAILED < %t-O0.err
// RUN: FileCheck %s --check-prefix=OUT < %t-O0.out
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: not %with_server -- %t-O2 > %t-O2.out 2> %t-O2.err
// RUN: FileCheck %s < %t-O2.err
// RUN: FileCheck %s --check-prefix=FAILED < %t-O2.err
// RUN: FileCheck %s --check-prefix=OUT < %t-O2.out
// FAILED: request failed: Could not read status line: Line too long
// OUT: check: -1 then -1
// OUT-NEXT: server: connections=1 requests={{[12]$}}

#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>

// Returns the status of GET `path` when it is 2xx, or -1.
static int check(ne_session *sess, const char *path) {
  ne_request *req = ne_request_create(sess, "GET", path);
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: neon response body (ne_request) from ne_begin_request
  // CHECK: in check {{.*}}neon_unclosed_bad_status_leaked_request.c:[[@LINE+1]]
  if (ne_begin_request(req) != NE_OK) {
    fprintf(stderr, "request failed: %s\n", ne_get_error(sess));
    ne_request_destroy(req);
    return -1;
  }
  const ne_status *st = ne_get_status(req);
  if (st->klass != 2)
    return -1; // Bug: neither ended nor destroyed.
  int code = st->code;
  ne_discard_response(req);
  ne_end_request(req);
  ne_request_destroy(req);
  return code;
}

int main(void) {
  const char *port = getenv("BODYSAN_TEST_PORT");
  if (!port)
    return 2;
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  int first = check(sess, "/status/404");
  int second = check(sess, "/small");
  ne_session_destroy(sess);
  // CHECK: SUMMARY: BodySanitizer: unclosed-body
  printf("check: %d then %d\n", first, second);
  fflush(stdout);
  return 0;
}
