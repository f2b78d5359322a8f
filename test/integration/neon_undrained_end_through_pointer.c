// Intent: a neon request ended through a function pointer (an ops table) is
// seen through the pointer's thunk: the indirect call is no handoff, so the
// body's undrained verdict still stands and is reported when the next request
// on the session fails; the correct twin (read to the end through pointers)
// gives no report and one connection.
// REQUIRES: neon
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: not %with_server -- %t-O0 undrained 2>&1 | FileCheck %s --check-prefix=BUG
// RUN: %with_server -- %t-O0 drained 2>&1 | FileCheck %s --check-prefix=OK --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: not %with_server -- %t-O2 undrained 2>&1 | FileCheck %s --check-prefix=BUG
// RUN: %with_server -- %t-O2 drained 2>&1 | FileCheck %s --check-prefix=OK --implicit-check-not=BodySanitizer
#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <ne_uri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// How a plugin layer reaches the library.
struct http_ops {
  int (*begin)(ne_request *);
  ssize_t (*read)(ne_request *, char *, size_t);
  int (*end)(ne_request *);
};
static const struct http_ops neon_ops = {ne_begin_request,
                                         ne_read_response_block, ne_end_request};

static int get(ne_session *sess, const struct http_ops *ops, int drain) {
  ne_request *req = ne_request_create(sess, "GET", "/ok?size=50000");
  int ret = ops->begin(req);
  if (ret == NE_OK) {
    char buf[512];
    ssize_t n;
    do
      n = ops->read(req, buf, sizeof buf);
    while (drain && n > 0);
    ret = ops->end(req);
  }
  ne_request_destroy(req);
  return ret;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  ne_uri uri = {0};
  if (!base || argc < 2 || ne_uri_parse(base, &uri) != 0)
    return 2;
  ne_sock_init();
  ne_session *sess = ne_session_create("http", uri.host, uri.port);
  int drain = strcmp(argv[1], "drained") == 0;
  for (int i = 0; i < 3; ++i)
    printf("request %d: %d\n", i, get(sess, &neon_ops, drain));
  ne_session_destroy(sess);
  ne_uri_free(&uri);
  return 0;
}
// BUG: ERROR: BodySanitizer: undrained-body
// BUG: released by ne_end_request
// BUG: The next request on the same parent failed to start: ne_begin_request
// BUG: SUMMARY: BodySanitizer: undrained-body
// BUG: request 0: 0
// BUG-NEXT: request 1: 1

// OK: request 0: 0
// OK-NEXT: request 1: 0
// OK-NEXT: request 2: 0
// OK-NEXT: server: connections=1 requests=3
