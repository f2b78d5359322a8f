// Intent: neon's own ne_getbuf pattern is correct handling of a body too big for its
// buffer: blocks are read into a fixed buffer and, when it is full, the connection is
// closed with ne_close_connection, so the unread rest cannot be mistaken for the next
// response. Two variants: ne_close_connection then ne_request_destroy without
// ne_end_request (what ne_getbuf does), and ne_end_request then ne_close_connection.
// Nothing is reported, the output and the exit code are those of a plain build, and
// every request succeeds on a new connection (5 requests, 5 connections).
// REQUIRES: neon
// RUN: %clang -g -O0 %s -o %t-plain %neon
// RUN: %with_server -- %t-plain close-then-destroy > %t-plain.out
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: %with_server -- %t-O0 close-then-destroy 2>&1 | FileCheck %s --check-prefix=DESTROY
// RUN: %with_server -- %t-O0 close-then-destroy 2>/dev/null | diff %t-plain.out -
// RUN: %with_server -- %t-O0 end-then-close 2>&1 | FileCheck %s --check-prefix=END
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: %with_server -- %t-O2 close-then-destroy 2>&1 | FileCheck %s --check-prefix=DESTROY
// RUN: %with_server -- %t-O2 end-then-close 2>&1 | FileCheck %s --check-prefix=END
// DESTROY-NOT: BodySanitizer
// DESTROY: getbuf (close-then-destroy): 5 of 5 requests truncated to 1000 bytes, 0 failed
// DESTROY-NEXT: server: connections=5 requests=5
// DESTROY-NOT: BodySanitizer
// END-NOT: BodySanitizer
// END: getbuf (end-then-close): 5 of 5 requests truncated to 1000 bytes, 0 failed
// END-NEXT: server: connections=5 requests=5
// END-NOT: BodySanitizer

#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int end_then_close;

// Reads the body of `path` into buf[0..size); returns its length, or -1 on failure.
// A body that does not fit is cut at `size` bytes and the connection closed.
static long getbuf(ne_session *sess, const char *path, char *buf, size_t size) {
  ne_request *req = ne_request_create(sess, "GET", path);
  if (ne_begin_request(req) != NE_OK) {
    ne_request_destroy(req);
    return -1;
  }
  size_t len = 0;
  ssize_t n;
  while (len < size && (n = ne_read_response_block(req, buf + len, size - len)) > 0)
    len += n;
  if (len == size) {
    // Full: the rest of the body is not wanted. Close the connection.
    if (end_then_close) {
      ne_end_request(req);
      ne_close_connection(sess);
    } else {
      ne_close_connection(sess);
    }
    ne_request_destroy(req);
    return (long)len;
  }
  int rc = ne_end_request(req);
  ne_request_destroy(req);
  return n < 0 || rc != NE_OK ? -1 : (long)len;
}

int main(int argc, char **argv) {
  const char *port = getenv("BODYSAN_TEST_PORT");
  if (!port || argc < 2)
    return 2;
  end_then_close = strcmp(argv[1], "end-then-close") == 0;
  ne_sock_init();
  ne_session *sess = ne_session_create("http", "127.0.0.1", atoi(port));
  char buf[1000];
  int truncated = 0, failed = 0;
  for (int i = 0; i < 5; ++i) {
    long n = getbuf(sess, "/ok?size=100000", buf, sizeof buf);
    if (n < 0)
      ++failed;
    else if (n == (long)sizeof buf)
      ++truncated;
  }
  ne_session_destroy(sess);
  printf("getbuf (%s): %d of 5 requests truncated to %zu bytes, %d failed\n", argv[1],
         truncated, sizeof buf, failed);
  fflush(stdout);
  return 0;
}
