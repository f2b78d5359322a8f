// Intent: __bodysan_close_children(parent) (neon's ne_close_connection) closes every open handle of its kind (compared by name: each module has its own kind constant) whose parent it is, with no verdict: the program's own end call that follows is quiet (neither undrained nor double-close; a second one is a double close), so is a destroy, and such a handle is not reported at exit; handles of another kind or another parent stay open and keep their verdicts (reported when the next request on their parent fails to start).
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: %run %t close_then_end 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t close_then_destroy 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t close_then_end_twice 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: %run %t close_only 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t close_then_read 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t other_parent 2>&1 | FileCheck %s --check-prefix=STILL_OPEN
// RUN: not %run %t other_kind 2>&1 | FileCheck %s --check-prefix=STILL_OPEN
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

TEST_SITE(begin_site, response_kind, "test_begin_request", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_READ_SITE(read_site, response_kind, "test_read_block", "run", 20, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(end_site, response_kind, "test_end_request", "run", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(destroy_site, response_kind, "test_request_destroy", "run", 35, 3,
          BODYSAN_ROLE_DESTROY);

// Another module's copy of the same kind: equal contents, another address.
static const struct __bodysan_kind response_kind_copy = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_UNDRAINED_IS_ERROR | BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR |
        BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT |
        BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR,
    "test.response", "test response (TestRequest)",
    "An unended response keeps its session busy.",
    "The next request on the session fails.", 0, 0, 0, 0, 0, 0, 0};
TEST_SITE(close_conn_site, response_kind_copy, "test_close_connection", "run",
          40, 3, BODYSAN_ROLE_CLOSE_CHILDREN);
// close_children for another kind.
TEST_SITE(close_other_kind, body_kind, "test_close_all_bodies", "run", 41, 3,
          BODYSAN_ROLE_CLOSE_CHILDREN);

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *sess = HANDLE(0), *other = HANDLE(9), *req = HANDLE(1);
  __bodysan_acquire(req, &begin_site);
  __bodysan_set_parent(req, sess, &begin_site);
  __bodysan_read(req, &read_site, 100, 4096, 0); // one block: not the end
  if (!strcmp(mode, "close_then_end")) {
    __bodysan_close_children(sess, &close_conn_site);
    __bodysan_release(req, &end_site);
    __bodysan_destroy(req, &destroy_site);
  } else if (!strcmp(mode, "close_then_end_twice")) {
    __bodysan_close_children(sess, &close_conn_site);
    __bodysan_release(req, &end_site);
    fprintf(stderr, "ended\n");
    __bodysan_release(req, &end_site);
  } else if (!strcmp(mode, "close_then_destroy")) {
    __bodysan_close_children(sess, &close_conn_site);
    __bodysan_destroy(req, &destroy_site);
  } else if (!strcmp(mode, "close_only")) {
    __bodysan_close_children(sess, &close_conn_site);
  } else if (!strcmp(mode, "close_then_read")) {
    __bodysan_close_children(sess, &close_conn_site);
    __bodysan_read(req, &read_site, -1, 4096, 0);
    __bodysan_release(req, &end_site);
  } else if (!strcmp(mode, "other_parent")) {
    __bodysan_close_children(other, &close_conn_site);
    __bodysan_release(req, &end_site);
    fprintf(stderr, "ended\n");
    __bodysan_set_parent(0, sess, &begin_site); // the next request fails
  } else if (!strcmp(mode, "other_kind")) {
    __bodysan_close_children(sess, &close_other_kind);
    __bodysan_release(req, &end_site);
    fprintf(stderr, "ended\n");
    __bodysan_set_parent(0, sess, &begin_site);
  }
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// Not closed: the end is undrained (reported when the next request fails).
// STILL_OPEN-NOT: BodySanitizer
// STILL_OPEN: ended
// STILL_OPEN-NEXT: ERROR: BodySanitizer: undrained-body
// STILL_OPEN-NEXT: test response (TestRequest) from test_begin_request was released by test_end_request at fetch.c:30:3 before its end was read (100 bytes read).
// STILL_OPEN: SUMMARY: BodySanitizer: undrained-body
// STILL_OPEN-NEXT: done

// The first end after close_children is the correct one; a second is not.
// TWICE-NOT: BodySanitizer
// TWICE: ended
// TWICE-NEXT: ERROR: BodySanitizer: double-close
// TWICE: SUMMARY: BodySanitizer: double-close
// TWICE-NEXT: done
