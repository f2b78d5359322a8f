// Intent: an undrained end of a handle whose kind waits for its parent (UNDRAINED_WAITS_FOR_PARENT, neon's request on its session) is not reported at the end call but later: when the next handle gets the same parent (with that handle's stack), when the parent is released, or at exit; a close_children on the parent after the end drops it (the correct ne_getbuf handling); without a parent, or for a kind without the flag, it is reported at once; an ATTACH starts a new transfer (a failed read before it no longer hides an undrained end).
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t next_request 2>&1 | FileCheck %s --check-prefixes=CHECK,NEXT
// RUN: not %run %t parent_release 2>&1 | FileCheck %s --check-prefixes=CHECK,PARENT
// RUN: not %run %t at_exit 2>&1 | FileCheck %s --check-prefixes=CHECK,EXIT
// RUN: %env_bodysan_opts=check_at_exit=0 not %run %t at_exit 2>&1 | FileCheck %s --check-prefixes=CHECK,EXIT
// RUN: %run %t closed_after_end 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t no_parent 2>&1 | FileCheck %s --check-prefix=ATONCE
// RUN: not %run %t kind_without_flag 2>&1 | FileCheck %s --check-prefix=ATONCE
// RUN: not %run %t attach_resets 2>&1 | FileCheck %s --check-prefix=ATTACH
// RUN: %run %t no_attach 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

TEST_SITE(session_create, session_kind, "test_session_create", "run", 5, 7,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(session_destroy, session_kind, "test_session_destroy", "run", 6, 3,
          BODYSAN_ROLE_RELEASE);
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
TEST_READ_SITE(body_read, body_kind, "test_read", "run", 21, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(attach_site, body_kind, "test_add_handle", "run", 50, 3,
          BODYSAN_ROLE_ATTACH);

// What the pass emits after ne_begin_request: the acquire, then the parent.
NOINLINE void begin(void *req, void *sess) {
  __bodysan_acquire(req, &begin_site);
  __bodysan_set_parent(req, sess, &begin_site);
}

// One block read, then ended: undrained.
NOINLINE void one_block_then_end(void *req, void *sess) {
  begin(req, sess);
  __bodysan_read(req, &read_site, 100, 4096, 0);
  __bodysan_release(req, &end_site);
}

NOINLINE void drained(void *req, void *sess) {
  begin(req, sess);
  __bodysan_read(req, &read_site, 0, 4096, 0);
  __bodysan_release(req, &end_site);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *sess = HANDLE(0);
  if (!strcmp(mode, "next_request")) {
    __bodysan_acquire(sess, &session_create);
    one_block_then_end(HANDLE(1), sess);
    fprintf(stderr, "ended\n");
    drained(HANDLE(2), sess);
    fprintf(stderr, "second done\n");
    __bodysan_release(sess, &session_destroy);
  } else if (!strcmp(mode, "parent_release")) {
    __bodysan_acquire(sess, &session_create);
    one_block_then_end(HANDLE(1), sess);
    fprintf(stderr, "ended\n");
    __bodysan_release(sess, &session_destroy);
    fprintf(stderr, "session destroyed\n");
  } else if (!strcmp(mode, "at_exit")) {
    // The session is not tracked (created where the pass cannot see).
    one_block_then_end(HANDLE(1), sess);
    fprintf(stderr, "ended\n");
  } else if (!strcmp(mode, "closed_after_end")) {
    __bodysan_acquire(sess, &session_create);
    one_block_then_end(HANDLE(1), sess);
    __bodysan_close_children(sess, &close_conn_site);
    drained(HANDLE(2), sess);
    __bodysan_release(sess, &session_destroy);
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

// The verdict waits: nothing before the end call returns.
// CHECK-NOT: BodySanitizer
// CHECK: ended
// EXIT-NEXT: done
// CHECK-NEXT: ERROR: BodySanitizer: undrained-body
// CHECK-NEXT: test response (TestRequest) from test_begin_request was released by test_end_request at fetch.c:30:3 before its end was read (100 bytes read).
// CHECK-NEXT: The next request on the session fails.
// EXIT-NEXT: No later request on its parent was seen before exit.
// CHECK-NEXT: Released by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in one_block_then_end {{.*}}parent_pending_verdict.c:47:3
// CHECK: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in begin {{.*}}parent_pending_verdict.c:39:3
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in one_block_then_end
// NEXT: The next request on the same parent was started by thread T0 here:
// NEXT-NEXT: #0 0x{{[0-9a-f]+}} in begin {{.*}}parent_pending_verdict.c:40:3
// NEXT-NEXT: #1 0x{{[0-9a-f]+}} in drained
// PARENT: Its parent was released by thread T0 here:
// PARENT-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}parent_pending_verdict.c:70:5
// EXIT-NOT: {{started|parent was released}}
// CHECK: SUMMARY: BodySanitizer: undrained-body: 1 body released in run at fetch.c:30:3 before its end was read
// NEXT-NEXT: second done
// PARENT-NEXT: session destroyed
// CHECK-NOT: BodySanitizer
// NEXT: done
// PARENT: done

// ATONCE: ERROR: BodySanitizer: undrained-body
// ATONCE: (100 bytes read)
// ATONCE: SUMMARY: BodySanitizer: undrained-body
// ATONCE-NEXT: ended
// ATONCE-NOT: BodySanitizer

// ATTACH: ERROR: BodySanitizer: undrained-body
// ATTACH-NEXT: test response body (TestStream) from test_send was released by test_close at fetch.c:31:3 before its end was read (7 bytes read).
// ATTACH: done
