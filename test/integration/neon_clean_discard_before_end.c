// Intent: a status-only check done right in neon (Go's PingService): the body is
// drained with ne_discard_response before ne_end_request, so the connection is
// reused: nothing is reported, the output and the exit code are those of a plain
// build, and 5 requests on one session use 1 connection (also for chunked bodies).
// REQUIRES: neon
// RUN: %clang -g -O0 %s -o %t-plain %neon
// RUN: %with_server -- %t-plain > %t-plain.out
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %with_server -- %t-O0 2>/dev/null | diff %t-plain.out -
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// CHECK: ping: service up 5 of 5 times
// CHECK-NEXT: server: connections=1 requests=5

#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>

// Returns 1 when `path` answers 200; the body is not needed.
static int ping_service(ne_session *sess, const char *path) {
  ne_request *req = ne_request_create(sess, "GET", path);
  if (ne_begin_request(req) != NE_OK) {
    ne_request_destroy(req);
    return 0;
  }
  int up = ne_get_status(req)->code == 200;
  // Drain the body so the connection can be reused.
  if (ne_discard_response(req) != NE_OK)
    up = 0;
  if (ne_end_request(req) != NE_OK)
    up = 0;
  ne_request_destroy(req);
  return up;
}

int main(void) {
  const char *port = getenv("BODYSAN_TEST_PORT");
  if (!port)
    return 2;
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  int up = 0;
  for (int i = 0; i < 5; ++i)
    up += ping_service(sess, i % 2 ? "/chunked" : "/ok?size=100000");
  ne_session_destroy(sess);
  printf("ping: service up %d of 5 times\n", up);
  fflush(stdout);
  return 0;
}
