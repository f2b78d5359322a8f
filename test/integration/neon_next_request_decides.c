// Intent: neon's undrained verdicts are decided by the next request on the
// session. Responses neon knows to be empty or complete (HEAD, 204, exactly
// Content-Length bytes read without the final 0-read) ended without reading
// to the 0 cost nothing: the next request starts on the same connection, no
// report, output and exit code as a plain build. A body ended after one block
// breaks the next request, also when that request is ne_request_dispatch: the
// report names the dispatch. An unread chunked body makes ne_end_request
// itself fail and drop the connection: reported at the end.
// REQUIRES: neon
// RUN: %clang -g -O0 %s -o %t-plain %neon
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: %with_server -- %t-plain clean > %t-plain.out 2>&1
// RUN: %with_server -- %t-O0 clean > %t-O0.out 2>&1
// RUN: %with_server -- %t-O2 clean > %t-O2.out 2>&1
// RUN: diff %t-plain.out %t-O0.out
// RUN: diff %t-plain.out %t-O2.out
// RUN: FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer < %t-O0.out
// RUN: not %with_server -- %t-O0 dispatch_next 2>&1 | FileCheck %s --check-prefix=DISPATCH
// RUN: not %with_server -- %t-O2 dispatch_next 2>&1 | FileCheck %s --check-prefix=DISPATCH
// RUN: not %with_server -- %t-O0 chunked 2>&1 | FileCheck %s --check-prefix=CHUNKED
// RUN: not %with_server -- %t-O2 chunked 2>&1 | FileCheck %s --check-prefix=CHUNKED

#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <ne_uri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Begins METHOD PATH, reads at most LIMIT bytes (-1: exactly the announced
// Content-Length, without asking for the final 0), ends. Returns the result
// of ne_end_request, or -1 if the request did not start.
static int partial(ne_session *sess, const char *method, const char *path,
                   long limit) {
  ne_request *req = ne_request_create(sess, method, path);
  int ret = -1;
  if (ne_begin_request(req) == NE_OK) {
    if (limit < 0) {
      const char *cl = ne_get_response_header(req, "Content-Length");
      limit = cl ? atol(cl) : 0;
    }
    char buf[4096];
    long got = 0;
    while (got < limit) {
      ssize_t n = ne_read_response_block(req, buf, sizeof buf);
      if (n <= 0)
        break;
      got += n;
      if (got >= 4096 && limit > 100000)
        break; // one block is all this caller wanted
    }
    ret = ne_end_request(req);
  }
  ne_request_destroy(req);
  return ret;
}

static int dispatch(ne_session *sess, const char *path) {
  ne_request *req = ne_request_create(sess, "GET", path);
  int ret = ne_request_dispatch(req);
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
  if (!strcmp(argv[1], "clean")) {
    printf("head: %d\n", partial(sess, "HEAD", "/ok?size=5000", 0));
    printf("204: %d\n", partial(sess, "GET", "/status/204?size=0", 0));
    printf("exact: %d\n", partial(sess, "GET", "/ok?size=10000", -1));
    printf("next: %d\n", dispatch(sess, "/small"));
  } else if (!strcmp(argv[1], "dispatch_next")) {
    printf("one block: %d\n", partial(sess, "GET", "/ok?size=1000000", 1000000));
    printf("next: %d\n", dispatch(sess, "/small"));
  } else {
    printf("one block: %d\n",
           partial(sess, "GET", "/chunked?size=1000000", 1000000));
    printf("next: %d\n", dispatch(sess, "/small"));
  }
  ne_session_destroy(sess);
  ne_uri_free(&uri);
  return 0;
}
// CLEAN: head: 0
// CLEAN-NEXT: 204: 0
// CLEAN-NEXT: exact: 0
// CLEAN-NEXT: next: 0
// CLEAN-NEXT: server: connections=1 requests=4

// DISPATCH: ERROR: BodySanitizer: undrained-body
// DISPATCH: released by ne_end_request at {{.*}}neon_next_request_decides.c:[[@LINE-44]]
// DISPATCH: The next request on the same parent failed to start: ne_request_dispatch at {{.*}}neon_next_request_decides.c:[[@LINE-37]]
// DISPATCH: SUMMARY: BodySanitizer: undrained-body
// DISPATCH: one block: 0
// DISPATCH-NEXT: next: 1
// DISPATCH: server: connections=1

// CHUNKED: ERROR: BodySanitizer: undrained-body
// CHUNKED: ne_end_request itself failed on the unread body: the connection was dropped.
// CHUNKED: SUMMARY: BodySanitizer: undrained-body
// CHUNKED: one block: 1
// CHUNKED-NEXT: next: 0
// CHUNKED: server: connections=2 requests=2
