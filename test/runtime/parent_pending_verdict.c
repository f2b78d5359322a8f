// Intent: an undrained end of a handle whose kind waits for its parent (UNDRAINED_WAITS_FOR_PARENT, neon's request on its session) is not reported at the end call: the next request on the same parent decides. If it fails to start (set_parent with a NULL handle), the verdict is reported there, with that request's site and stack; if it starts, the verdict is dropped (a later failure on the parent reports nothing). The parent's release, destroy or last unref, a close_children on it, and exit drop it too; a failed request on another parent does not touch it; do_check and do_recoverable_check neither report nor drop it. Without a parent, or for a kind without the flag, it is reported at once; an ATTACH starts a new transfer (a failed read before it no longer hides an undrained end).
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t next_failed 2>&1 | FileCheck %s --check-prefix=NEXT
// RUN: %run %t next_started 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t parent_release 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t parent_destroy 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t parent_last_unref 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t at_exit 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %env_bodysan_opts=check_at_exit=0 %run %t at_exit 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t closed_after_end 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t other_parent 2>&1 | FileCheck %s --check-prefix=OTHER
// RUN: not %run %t checks_keep_it 2>&1 | FileCheck %s --check-prefix=CHECKS
// RUN: not %run %t no_parent 2>&1 | FileCheck %s --check-prefix=ATONCE
// RUN: not %run %t kind_without_flag 2>&1 | FileCheck %s --check-prefix=ATONCE
// RUN: not %run %t attach_resets 2>&1 | FileCheck %s --check-prefix=ATTACH
// RUN: %run %t no_attach 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <stdio.h>
#include <string.h>

TEST_SITE(session_create, session_kind, "test_session_create", "run", 5, 7,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(session_destroy, session_kind, "test_session_destroy", "run", 6, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(session_free, session_kind, "test_session_free", "run", 7, 3,
          BODYSAN_ROLE_DESTROY);
TEST_SITE(begin_site, response_kind, "test_begin_request", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_READ_SITE(read_site, response_kind, "test_read_block", "run", 20, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(end_site, response_kind, "test_end_request", "run", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(close_conn_site, response_kind, "test_close_connection", "run", 40,
          3, BODYSAN_ROLE_CLOSE_CHILDREN);
TEST_SITE(body_acquire, body_kind, "test_send", "run", 11, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(body_close, body_kind, "test_close", "run", 31, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(body_unref, body_kind, "test_unref", "run", 32, 3,
          BODYSAN_ROLE_UNREF);
TEST_READ_SITE(body_read, body_kind, "test_read", "run", 21, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(attach_site, body_kind, "test_add_handle", "run", 50, 3,
          BODYSAN_ROLE_ATTACH);

// What the pass emits after ne_begin_request: the acquire, then the parent.
NOINLINE void begin(void *req, void *sess) {
  __bodysan_acquire(req, &begin_site);
  __bodysan_set_parent(req, sess, &begin_site);
}

// ne_begin_request failed: no acquire, the parent with a NULL handle.
NOINLINE void begin_failed(void *sess) {
  __bodysan_set_parent(0, sess, &begin_site);
}

// One block read, then ended: undrained.
NOINLINE void one_block_then_end(void *req, void *sess) {
  begin(req, sess);
  __bodysan_read(req, &read_site, 100, 4096, 0);
  __bodysan_release(req, &end_site); __bodysan_release_result(req, 0, &end_site);
}

NOINLINE void drained(void *req, void *sess) {
  begin(req, sess);
  __bodysan_read(req, &read_site, 0, 4096, 0);
  __bodysan_release(req, &end_site); __bodysan_release_result(req, 0, &end_site);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *sess = HANDLE(0), *other = HANDLE(5);
  if (!strcmp(mode, "next_failed")) {
    __bodysan_acquire(sess, &session_create);
    one_block_then_end(HANDLE(1), sess);
    fprintf(stderr, "ended\n");
    begin_failed(sess);
    fprintf(stderr, "second failed\n");
    begin_failed(sess); // reported once
    __bodysan_release(sess, &session_destroy);
  } else if (!strcmp(mode, "next_started")) {
    // HEAD, 204, 304, exactly Content-Length bytes: neon reuses the
    // connection, the next request starts. Dropped, not deferred.
    __bodysan_acquire(sess, &session_create);
    one_block_then_end(HANDLE(1), sess);
    drained(HANDLE(2), sess);
    begin_failed(sess);
    __bodysan_release(sess, &session_destroy);
  } else if (!strcmp(mode, "parent_release")) {
    __bodysan_acquire(sess, &session_create);
    one_block_then_end(HANDLE(1), sess);
    __bodysan_release(sess, &session_destroy);
    begin_failed(sess); // another session at the same address
  } else if (!strcmp(mode, "parent_destroy")) {
    // An untracked parent: its destroy still drops the verdict.
    one_block_then_end(HANDLE(1), sess);
    __bodysan_destroy(sess, &session_free);
    begin_failed(sess);
  } else if (!strcmp(mode, "parent_last_unref")) {
    // A refcounted parent (libsoup-like): its last unref drops the verdict.
    void *parent = HANDLE(6);
    __bodysan_acquire(parent, &body_acquire);
    __bodysan_read(parent, &body_read, 0, 4096, 0);
    __bodysan_retain(parent, &body_acquire);
    one_block_then_end(HANDLE(1), parent);
    __bodysan_unref(parent, &body_unref); // not the last: kept
    __bodysan_unref(parent, &body_unref);
    begin_failed(parent);
  } else if (!strcmp(mode, "at_exit")) {
    // The session is not tracked (created where the pass cannot see).
    one_block_then_end(HANDLE(1), sess);
  } else if (!strcmp(mode, "closed_after_end")) {
    __bodysan_acquire(sess, &session_create);
    one_block_then_end(HANDLE(1), sess);
    __bodysan_close_children(sess, &close_conn_site);
    begin_failed(sess);
    __bodysan_release(sess, &session_destroy);
  } else if (!strcmp(mode, "other_parent")) {
    one_block_then_end(HANDLE(1), sess);
    begin_failed(other); // another session: not this verdict's
    fprintf(stderr, "other failed\n");
    begin(HANDLE(2), other); // nor does a request starting there drop it
    __bodysan_release(HANDLE(2), &end_site);
    __bodysan_close_children(other, &close_conn_site);
    fprintf(stderr, "other done\n");
    begin_failed(sess);
  } else if (!strcmp(mode, "checks_keep_it")) {
    one_block_then_end(HANDLE(1), sess);
    fprintf(stderr, "recoverable: %d\n", __bodysan_do_recoverable_check());
    __bodysan_do_check();
    fprintf(stderr, "checked\n");
    begin_failed(sess);
  } else if (!strcmp(mode, "no_parent")) {
    one_block_then_end(HANDLE(1), 0);
    fprintf(stderr, "ended\n");
  } else if (!strcmp(mode, "kind_without_flag")) {
    void *h = HANDLE(3);
    __bodysan_acquire(h, &body_acquire);
    __bodysan_set_parent(h, sess, &body_acquire);
    __bodysan_read(h, &body_read, 100, 4096, 0);
    __bodysan_release(h, &end_site);
    fprintf(stderr, "ended\n");
  } else if (!strcmp(mode, "attach_resets") || !strcmp(mode, "no_attach")) {
    void *h = HANDLE(3);
    __bodysan_acquire(h, &body_acquire);
    __bodysan_read(h, &body_read, -1, 4096, 0); // failed: no verdict...
    if (!strcmp(mode, "attach_resets"))
      __bodysan_set_parent(h, sess, &attach_site); // ...until a new transfer
    __bodysan_read(h, &body_read, 7, 4096, 0);
    __bodysan_release(h, &body_close);
    __bodysan_set_parent(h, 0, &attach_site); // closed: ignored
  }
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// The verdict waits: nothing before the end call returns, and the failed
// next request reports it, once.
// NEXT-NOT: BodySanitizer
// NEXT: ended
// NEXT-NEXT: ERROR: BodySanitizer: undrained-body
// NEXT-NEXT: test response (TestRequest) from test_begin_request was released by test_end_request at fetch.c:30:3 before its end was read (100 bytes read).
// NEXT-NEXT: The next request on the session fails.
// NEXT-NEXT: The next request on the same parent failed to start: test_begin_request at fetch.c:10:9.
// NEXT-NEXT: Released by thread T0 here:
// NEXT-NEXT: #0 0x{{[0-9a-f]+}} in one_block_then_end {{.*}}parent_pending_verdict.c:62:3
// NEXT: Acquired by thread T0 here:
// NEXT-NEXT: #0 0x{{[0-9a-f]+}} in begin {{.*}}parent_pending_verdict.c:49:3
// NEXT-NEXT: #1 0x{{[0-9a-f]+}} in one_block_then_end
// NEXT: The next request on the same parent failed; it was started by thread T0 here:
// NEXT-NEXT: #0 0x{{[0-9a-f]+}} in begin_failed {{.*}}parent_pending_verdict.c:55:3
// NEXT-NEXT: #1 0x{{[0-9a-f]+}} in main
// NEXT: SUMMARY: BodySanitizer: undrained-body: 1 body released in run at fetch.c:30:3 before its end was read
// NEXT-NEXT: second failed
// NEXT-NEXT: done
// NEXT-NOT: BodySanitizer

// OTHER-NOT: BodySanitizer
// OTHER: other failed
// OTHER-NOT: BodySanitizer
// OTHER: other done
// OTHER-NEXT: ERROR: BodySanitizer: undrained-body
// OTHER: SUMMARY: BodySanitizer: undrained-body
// OTHER-NEXT: done

// CHECKS-NOT: BodySanitizer
// CHECKS: recoverable: 0
// CHECKS-NEXT: checked
// CHECKS-NEXT: ERROR: BodySanitizer: undrained-body
// CHECKS: SUMMARY: BodySanitizer: undrained-body
// CHECKS-NEXT: done

// ATONCE: ERROR: BodySanitizer: undrained-body
// ATONCE: (100 bytes read)
// ATONCE: SUMMARY: BodySanitizer: undrained-body
// ATONCE-NEXT: ended
// ATONCE-NOT: BodySanitizer

// ATTACH: ERROR: BodySanitizer: undrained-body
// ATTACH-NEXT: test response body (TestStream) from test_send was released by test_close at fetch.c:31:3 before its end was read (7 bytes read).
// ATTACH: done
