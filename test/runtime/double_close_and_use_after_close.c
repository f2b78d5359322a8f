// Intent: releasing a non-refcounted handle twice is a double-close report with the second release, the first release and the acquisition stacks; reading a released handle is a use-after-close report (once per handle); kinds without the flag (GIO-like refcounted body) may be closed twice silently.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t double 2>&1 | FileCheck %s --check-prefix=DOUBLE --implicit-check-not="ERROR: BodySanitizer"
// RUN: not %run %t uac 2>&1 | FileCheck %s --check-prefix=UAC --implicit-check-not="ERROR: BodySanitizer"
// RUN: %run %t gio_twice 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

TEST_SITE(begin_site, request_kind, "test_begin", "run", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(end_site, request_kind, "test_end", "run", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_READ_SITE(read_site, request_kind, "test_read_block", "run", 40, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(body_acquire, body_kind, "test_send", "run", 50, 3,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(body_close, body_kind, "test_close", "run", 51, 3,
          BODYSAN_ROLE_RELEASE);
TEST_READ_SITE(body_read, body_kind, "test_read", "run", 52, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);

NOINLINE void end_request(void *h) {
  __bodysan_release(h, &end_site);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *h = HANDLE(1);
  if (!strcmp(mode, "double")) {
    __bodysan_acquire(h, &begin_site);
    __bodysan_read(h, &read_site, 0, 10, 0);
    end_request(h);
    end_request(h);
  } else if (!strcmp(mode, "uac")) {
    __bodysan_acquire(h, &begin_site);
    __bodysan_read(h, &read_site, 0, 10, 0);
    end_request(h);
    __bodysan_read(h, &read_site, 5, 10, 0);
    __bodysan_read(h, &read_site, 5, 10, 0); // reported once per handle
  } else if (!strcmp(mode, "gio_twice")) {
    __bodysan_acquire(h, &body_acquire);
    __bodysan_read(h, &body_read, 0, 10, 0);
    __bodysan_release(h, &body_close);
    __bodysan_release(h, &body_close);
  }
  fprintf(stderr, "done\n");
  return 0;
}

// DOUBLE: ERROR: BodySanitizer: double-close
// DOUBLE-NEXT: test request from test_begin was released by test_end at fetch.c:30:3 after it had already been released by test_end at fetch.c:30:3.
// DOUBLE-NEXT: Released again by thread T0 here:
// DOUBLE-NEXT: #0 0x{{[0-9a-f]+}} in end_request {{.*}}double_close_and_use_after_close.c:24:3
// DOUBLE-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_close_and_use_after_close.c:34:5
// DOUBLE: First released by thread T0 here:
// DOUBLE-NEXT: #0 0x{{[0-9a-f]+}} in end_request {{.*}}double_close_and_use_after_close.c:24:3
// DOUBLE-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}double_close_and_use_after_close.c:33:5
// DOUBLE: Acquired by thread T0 here:
// DOUBLE-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}double_close_and_use_after_close.c:31:5
// DOUBLE: SUMMARY: BodySanitizer: double-close: 1 body released twice in run at fetch.c:30:3
// DOUBLE-NEXT: done

// UAC: ERROR: BodySanitizer: use-after-close
// UAC-NEXT: test request from test_begin was read by test_read_block at fetch.c:40:9 after it was released by test_end at fetch.c:30:3.
// UAC-NEXT: Read by thread T0 here:
// UAC-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}double_close_and_use_after_close.c:39:5
// UAC: Released by thread T0 here:
// UAC-NEXT: #0 0x{{[0-9a-f]+}} in end_request
// UAC: Acquired by thread T0 here:
// UAC: SUMMARY: BodySanitizer: use-after-close: 1 body read after release in run at fetch.c:40:9
// UAC-NEXT: done

// CLEAN: done
