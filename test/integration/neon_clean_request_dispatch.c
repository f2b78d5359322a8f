// Intent: ne_request_dispatch begins, reads to the end and ends a request by itself:
// nothing is reported, the output and the exit code are those of a plain build, and
// 5 requests on one session reuse 1 connection.
// REQUIRES: neon
// RUN: %clang -g -O0 %s -o %t-plain %neon
// RUN: %with_server -- %t-plain > %t-plain.out
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %with_server -- %t-O0 2>/dev/null | diff %t-plain.out -
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// CHECK: dispatch: 5 of 5 requests answered 200
// CHECK-NEXT: server: connections=1 requests=5

#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>

// Returns the status of GET `path`, or -1 when the request failed.
static int status_of(ne_session *sess, const char *path) {
  ne_request *req = ne_request_create(sess, "GET", path);
  int rc = ne_request_dispatch(req);
  int status = rc == NE_OK ? ne_get_status(req)->code : -1;
  ne_request_destroy(req);
  return status;
}

int main(void) {
  const char *port = getenv("BODYSAN_TEST_PORT");
  if (!port)
    return 2;
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  int ok = 0;
  for (int i = 0; i < 5; ++i)
    ok += status_of(sess, i % 2 ? "/chunked" : "/ok?size=100000") == 200;
  ne_session_destroy(sess);
  printf("dispatch: %d of 5 requests answered 200\n", ok);
  fflush(stdout);
  return 0;
}
