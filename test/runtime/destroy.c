// Intent: __bodysan_destroy (neon's ne_request_destroy) of a handle still open (begun, neither ended nor closed through its parent, no failed read) is unclosed-body at that call, with the destroy and acquire stacks, and the handle is finished (not reported again at exit; a later acquire at the same address is a new handle); destroying an ended, a failed, an ignored or an untracked handle is quiet.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t open 2>&1 | FileCheck %s --check-prefix=OPEN
// RUN: %run %t ended 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t failed_read 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t ignored 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t untracked 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t reuse 2>&1 | FileCheck %s --check-prefix=REUSE
// RUN: echo "unclosed:abandon" > %t.supp
// RUN: %env_bodysan_opts=suppressions=%t.supp %run %t open 2>&1 | FileCheck %s --check-prefix=SUPPRESSED
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <stdio.h>
#include <string.h>

TEST_SITE(begin_site, response_kind, "test_begin_request", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_READ_SITE(read_site, response_kind, "test_read_block", "run", 20, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(end_site, response_kind, "test_end_request", "run", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(destroy_site, response_kind, "test_request_destroy", "abandon", 35,
          3, BODYSAN_ROLE_DESTROY);

NOINLINE void begin(void *req) { __bodysan_acquire(req, &begin_site); }

// An early return on a bad status: the request is destroyed, never ended.
NOINLINE void abandon(void *req) { __bodysan_destroy(req, &destroy_site); }

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *req = HANDLE(1);
  if (!strcmp(mode, "open")) {
    begin(req);
    abandon(req);
    fprintf(stderr, "destroyed\n");
  } else if (!strcmp(mode, "ended")) {
    begin(req);
    __bodysan_read(req, &read_site, 0, 4096, 0);
    __bodysan_release(req, &end_site);
    abandon(req);
  } else if (!strcmp(mode, "failed_read")) {
    begin(req);
    __bodysan_read(req, &read_site, -1, 4096, 0);
    abandon(req);
  } else if (!strcmp(mode, "ignored")) {
    begin(req);
    __bodysan_ignore(req);
    abandon(req);
  } else if (!strcmp(mode, "untracked")) {
    abandon(req);
    abandon(0);
  } else if (!strcmp(mode, "reuse")) {
    begin(req);
    abandon(req);
    fprintf(stderr, "destroyed\n");
    begin(req); // a new request at the same address, ended correctly
    __bodysan_read(req, &read_site, 0, 4096, 0);
    __bodysan_release(req, &end_site);
    fprintf(stderr, "second ended\n");
  }
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// OPEN: ERROR: BodySanitizer: unclosed-body
// OPEN-NEXT: test response (TestRequest) from test_begin_request was destroyed by test_request_destroy at fetch.c:35:3 while still open.
// OPEN-NEXT: An unended response keeps its session busy.
// OPEN-NEXT: Destroyed by thread T0 here:
// OPEN-NEXT: #0 0x{{[0-9a-f]+}} in abandon {{.*}}destroy.c:28:36
// OPEN-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}destroy.c:35:5
// OPEN: Acquired by thread T0 here:
// OPEN-NEXT: #0 0x{{[0-9a-f]+}} in begin {{.*}}destroy.c:25:34
// OPEN-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}destroy.c:34:5
// OPEN: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in run at fetch.c:10:9 destroyed while still open
// OPEN-NEXT: {{^}}destroyed
// OPEN-NEXT: done
// OPEN-NOT: BodySanitizer

// REUSE: ERROR: BodySanitizer: unclosed-body
// REUSE: SUMMARY: BodySanitizer: unclosed-body
// REUSE-NEXT: {{^}}destroyed
// REUSE-NEXT: second ended
// REUSE-NEXT: done
// REUSE-NOT: BodySanitizer

// SUPPRESSED-NOT: ERROR
// SUPPRESSED: {{^}}destroyed
// SUPPRESSED-NEXT: done
// SUPPRESSED: Suppressions used:
// SUPPRESSED-NEXT: count type:pattern
// SUPPRESSED-NEXT: 1 unclosed:abandon
