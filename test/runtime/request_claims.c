// Intent: a verdict left by a release is claimed by that release call until __bodysan_release_result: a close_children inside the call (neon closes the connection when ne_end_request fails on an unread chunked body) does not drop it, and a failed result reports it. __bodysan_request_start claims the undrained verdicts waiting on a parent for the request under way: a close_children on that parent during the request (neon closes the connection of a request that failed to start) does not drop them, and __bodysan_request_end decides them: not started = reported at the request's site, started = dropped. A close_children with no request under way still drops them, and request_end on another parent touches nothing.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t close_inside_failed 2>&1 | FileCheck %s --check-prefix=FAILED
// RUN: %run %t close_inside_started 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t close_before 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t other_parent 2>&1 | FileCheck %s --check-prefix=FAILED
// RUN: not %run %t close_inside_end 2>&1 | FileCheck %s --check-prefix=ENDFAILED
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

TEST_SITE(begin_site, response_kind, "test_begin_request", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_READ_SITE(read_site, response_kind, "test_read_block", "run", 20, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(end_site, response_kind, "test_end_request", "run", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(close_conn_site, response_kind, "test_close_connection", "run", 40,
          3, BODYSAN_ROLE_CLOSE_CHILDREN);
TEST_SITE(dispatch_site, response_kind, "test_dispatch", "run", 60, 9,
          BODYSAN_ROLE_REQUEST);

// One block read, then ended: an undrained verdict waits on sess.
NOINLINE void one_block_then_end(void *req, void *sess) {
  __bodysan_request_start(sess, &begin_site);
  __bodysan_acquire(req, &begin_site);
  __bodysan_set_parent(req, sess, &begin_site);
  __bodysan_request_end(sess, 1, &begin_site);
  __bodysan_read(req, &read_site, 100, 4096, 0);
  __bodysan_release(req, &end_site); __bodysan_release_result(req, 0, &end_site);
}

// A whole request on sess (ne_request_dispatch) inside which the library
// closes the connection, as neon does when the status line cannot be read.
NOINLINE void dispatch(void *sess, int started) {
  __bodysan_request_start(sess, &dispatch_site);
  __bodysan_close_children(sess, &close_conn_site);
  __bodysan_request_end(sess, started, &dispatch_site);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *sess = HANDLE(0), *other = HANDLE(5);
  one_block_then_end(HANDLE(1), sess);
  fprintf(stderr, "ended\n");
  if (!strcmp(mode, "close_inside_failed")) {
    dispatch(sess, 0);
  } else if (!strcmp(mode, "close_inside_started")) {
    dispatch(sess, 1);
    dispatch(sess, 0); // dropped: nothing left to report
  } else if (!strcmp(mode, "close_before")) {
    __bodysan_close_children(sess, &close_conn_site); // ne_getbuf's handling
    dispatch(sess, 0);
  } else if (!strcmp(mode, "close_inside_end")) {
    // neon's ne_end_request on an unread chunked body: it closes the
    // connection itself, then fails.
    void *req = HANDLE(2);
    __bodysan_request_start(sess, &begin_site);
    __bodysan_acquire(req, &begin_site);
    __bodysan_set_parent(req, sess, &begin_site);
    __bodysan_request_end(sess, 1, &begin_site);
    __bodysan_read(req, &read_site, 100, 4096, 0);
    __bodysan_release(req, &end_site);
    __bodysan_close_children(sess, &close_conn_site);
    __bodysan_release_result(req, 1, &end_site);
  } else if (!strcmp(mode, "other_parent")) {
    dispatch(other, 0);
    dispatch(other, 1);
    fprintf(stderr, "other done\n");
    dispatch(sess, 0);
  }
  fprintf(stderr, "done\n");
  return 0;
}
// CLEAN: ended
// CLEAN-NEXT: done

// FAILED: ended
// FAILED-NOT: BodySanitizer
// FAILED: ERROR: BodySanitizer: undrained-body
// FAILED-NEXT: test response (TestRequest) from test_begin_request was released by test_end_request at fetch.c:30:3 before its end was read (100 bytes read).
// FAILED: The next request on the same parent failed to start: test_dispatch at fetch.c:60:9.
// FAILED: in dispatch {{.*}}request_claims.c:[[@LINE-45]]
// FAILED: SUMMARY: BodySanitizer: undrained-body
// FAILED-NEXT: done

// ENDFAILED: ERROR: BodySanitizer: undrained-body
// ENDFAILED-NEXT: test response (TestRequest) from test_begin_request was released by test_end_request at fetch.c:30:3 before its end was read (100 bytes read).
// ENDFAILED: test_end_request itself failed on the unread body: the connection was dropped.
// ENDFAILED: SUMMARY: BodySanitizer: undrained-body
// ENDFAILED-NEXT: done
// ENDFAILED-NOT: BodySanitizer
