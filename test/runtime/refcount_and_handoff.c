// Intent: retain/unref are counted for refcounted kinds and only the caller's last unref releases (with the undrained check); an unref that is not the last leaves the handle open (reported at exit); a handoff suppresses the undrained verdict; hooks on untracked handles do nothing.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t last_unref 2>&1 | FileCheck %s --check-prefix=LAST --implicit-check-not="ERROR: BodySanitizer"
// RUN: not %run %t not_last 2>&1 | FileCheck %s --check-prefix=NOTLAST --implicit-check-not="ERROR: BodySanitizer"
// RUN: %run %t drained_then_unref 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t handoff 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t untracked 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <stdio.h>
#include <string.h>

TEST_SITE(acquire_site, body_kind, "test_send", "fetch", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, body_kind, "test_close", "fetch", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(ref_site, body_kind, "test_ref", "fetch", 15, 3, BODYSAN_ROLE_RETAIN);
TEST_SITE(unref_site, body_kind, "test_unref", "fetch", 40, 3,
          BODYSAN_ROLE_UNREF);
TEST_SITE(handoff_site, body_kind, "hand_to_library", "fetch", 20, 3,
          BODYSAN_ROLE_HANDOFF);
TEST_SITE(plain_acquire, plain_kind, "test_open", "fetch", 50, 3,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(plain_unref, plain_kind, "test_unref", "fetch", 51, 3,
          BODYSAN_ROLE_UNREF);
TEST_READ_SITE(read_site, body_kind, "test_read", "fetch", 25, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *h = HANDLE(1);
  if (!strcmp(mode, "last_unref")) {
    __bodysan_acquire(h, &acquire_site);
    __bodysan_retain(h, &ref_site);
    __bodysan_unref(h, &unref_site);
    fprintf(stderr, "live after first unref: %zu\n", __bodysan_live_count());
    __bodysan_unref(h, &unref_site); // the last one: releases
    fprintf(stderr, "live after last unref: %zu\n", __bodysan_live_count());
  } else if (!strcmp(mode, "not_last")) {
    __bodysan_acquire(h, &acquire_site);
    __bodysan_retain(h, &ref_site);
    __bodysan_retain(h, &ref_site);
    __bodysan_unref(h, &unref_site);
    __bodysan_unref(h, &unref_site);
  } else if (!strcmp(mode, "drained_then_unref")) {
    __bodysan_acquire(h, &acquire_site);
    __bodysan_read(h, &read_site, 0, 10, 0);
    __bodysan_release(h, &close_site);
    __bodysan_unref(h, &unref_site);
    // The record is gone: a new object at the same address is a new handle.
    __bodysan_acquire(h, &acquire_site);
    __bodysan_read(h, &read_site, 0, 10, 0);
    __bodysan_unref(h, &unref_site);
  } else if (!strcmp(mode, "handoff")) {
    __bodysan_acquire(h, &acquire_site);
    __bodysan_handoff(h, &handoff_site); // reads happen where we cannot see
    __bodysan_release(h, &close_site);
    __bodysan_unref(h, &unref_site);
  } else if (!strcmp(mode, "untracked")) {
    __bodysan_retain(HANDLE(9), &ref_site);
    __bodysan_unref(HANDLE(9), &unref_site);
    __bodysan_release(HANDLE(9), &close_site);
    __bodysan_read(HANDLE(9), &read_site, 0, 10, 0);
    __bodysan_handoff(HANDLE(9), &handoff_site);
    __bodysan_adopt_local(HANDLE(9), &acquire_site);
    __bodysan_ignore(HANDLE(9));
    // unref of a non-refcounted kind is not a release
    __bodysan_acquire(HANDLE(10), &plain_acquire);
    __bodysan_unref(HANDLE(10), &plain_unref);
    __bodysan_ignore(HANDLE(10));
  }
  fprintf(stderr, "done, live %zu\n", __bodysan_live_count());
  return 0;
}

// LAST: live after first unref: 1
// LAST-NEXT: ERROR: BodySanitizer: undrained-body
// LAST-NEXT: test response body (TestStream) from test_send was released by test_unref (last reference) at fetch.c:40:3 before its end was read (0 bytes read).
// LAST: SUMMARY: BodySanitizer: undrained-body
// LAST-NEXT: live after last unref: 0
// LAST-NEXT: done, live 0

// NOTLAST: done, live 1
// NOTLAST-NEXT: ERROR: BodySanitizer: unclosed-body
// NOTLAST-NEXT: 1 test response body (TestStream) from test_send was never closed (still open at exit).

// CLEAN: done, live 0
