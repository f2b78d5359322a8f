// Intent: neon: a response of which one block was read before ne_end_request is
// undrained: ne_end_request leaves the rest of the body on the session's connection,
// so the next request on that session fails ("Could not read status line: Line too
// long": the old body is parsed as its status line). The verdict waits for the
// session (ne_close_connection would have been the correct handling): it fires
// when the next request on the session fails to start; the report names the
// ne_end_request, where the response was begun, and the request that failed. The server sees one connection (whether it got to
// parse the second request before the client gave up is a race: 1 or 2 requests).
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

// Reads the first block of `path` (a preview) and ends the request.
static int preview(ne_session *sess, const char *path, char *buf, size_t size) {
  ne_request *req = ne_request_create(sess, "GET", path);
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-DAG: in preview {{.*}}neon_undrained_one_block_then_end.c:[[@LINE+7]]
  // CHECK-DAG: in preview {{.*}}neon_undrained_one_block_then_end.c:[[@LINE+1]]
  if (ne_begin_request(req) != NE_OK) {
    ne_request_destroy(req);
    return -1;
  }
  ssize_t n = ne_read_response_block(req, buf, size);
  int rc = ne_end_request(req); // Bug: the rest of the body was not read.
  ne_request_destroy(req);
  return rc == NE_OK ? (int)n : -1;
}

int main(void) {
  const char *port = getenv("BODYSAN_TEST_PORT");
  if (!port)
    return 2;
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  char buf[1000];
  int n = preview(sess, "/ok?size=100000", buf, sizeof buf);
  // The second request on the session reads the rest of the first body as its
  // status line.
  ne_request *req = ne_request_create(sess, "GET", "/small");
  int rc = ne_begin_request(req);
  char error[200];
  snprintf(error, sizeof error, "%s", rc == NE_OK ? "-" : ne_get_error(sess));
  if (rc == NE_OK) {
    ne_discard_response(req);
    ne_end_request(req);
  }
  ne_request_destroy(req);
  ne_session_destroy(sess);
  // CHECK: SUMMARY: BodySanitizer: undrained-body
  // CHECK: preview: 1000 bytes
  // CHECK-NEXT: second request: failed: Could not read status line: Line too long
  printf("preview: %d bytes\n", n);
  printf("second request: %s: %s\n", rc == NE_OK ? "ok" : "failed", error);
  fflush(stdout);
  return 0;
}
// CHECK: server: connections=1 requests={{[12]$}}
