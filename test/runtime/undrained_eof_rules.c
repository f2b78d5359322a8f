// Intent: every EOF rule decides "end of body reached" as the ABI says (RET_ZERO with a zero count is not EOF, OUT_SHORT, SIZE_FN_ZERO through an exported size function found with dlsym, OUT_SHORT_PENDING with the count of the last read request, RET_EQ); a release before EOF is an undrained-body report with the bytes read, release stack and acquire stack; a release after EOF is silent, and so is a release after a failed read (each rule's error result: the end can no longer be read, and the library drops the connection anyway).
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -rdynamic %s -o %t %bodysan_rt
// RUN: %run %t ret_zero_drained 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t ret_zero_count0 2>&1 | FileCheck %s --check-prefixes=UNDRAINED,RET_ZERO_COUNT0
// RUN: %run %t ret_zero_error 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t ret_zero_nocount 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t out_short_drained 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t out_short_exact 2>&1 | FileCheck %s --check-prefixes=UNDRAINED,OUT_SHORT_EXACT
// RUN: %run %t out_short_failed 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t size_fn_drained 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t size_fn_undrained 2>&1 | FileCheck %s --check-prefixes=UNDRAINED,SIZE_FN
// RUN: %run %t size_fn_failed 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t pending_drained 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t pending_undrained 2>&1 | FileCheck %s --check-prefixes=UNDRAINED,PENDING
// RUN: %run %t ret_eq_drained 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t ret_eq_failed 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

TEST_SITE(acquire_site, body_kind, "test_send", "fetch", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, body_kind, "test_close", "fetch", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_READ_SITE(read_site, body_kind, "test_read", "fetch", 20, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_READ_SITE(read_nocount_site, body_kind, "test_read_line", "fetch", 21, 9,
               BODYSAN_EOF_RET_ZERO, 0, 0, 0);
TEST_READ_SITE(read_all_site, body_kind, "test_read_all", "fetch", 22, 9,
               BODYSAN_EOF_OUT_SHORT, 0, 1, 0);
TEST_READ_SITE(read_bytes_site, body_kind, "test_read_bytes", "fetch", 23, 9,
               BODYSAN_EOF_SIZE_FN_ZERO, 0, 1, "test_bytes_get_size");
TEST_READ_SITE(read_finish_site, body_kind, "test_read_all_finish", "fetch",
               24, 9, BODYSAN_EOF_OUT_SHORT_PENDING, 0, 0, 0);
TEST_READ_SITE(drain_site, body_kind, "test_discard", "fetch", 25, 9,
               BODYSAN_EOF_RET_EQ, 0, 0, 0);
static const struct __bodysan_site request_site = {
    &body_kind, "test_read_all_async", "fetch", "fetch.c", 26, 9,
    BODYSAN_ROLE_READ_REQUEST, 0, 0, 1, 0, 0, 0, 0, 0};

// The size function of SIZE_FN_ZERO: exported (-rdynamic) so dlsym finds it.
struct test_bytes {
  size_t size;
};
__attribute__((visibility("default"))) size_t
test_bytes_get_size(const struct test_bytes *b) {
  return b->size;
}

static void read_ret(void *h, const struct __bodysan_site *s, int64_t result,
                     uint64_t count) {
  __bodysan_read(h, s, result, count, 0);
}
static void read_out(void *h, const struct __bodysan_site *s, int64_t result,
                     uint64_t count, uint64_t n) {
  __bodysan_read(h, s, result, count, &n);
}

NOINLINE void fetch(const char *mode) {
  void *h = HANDLE(1);
  __bodysan_acquire(h, &acquire_site);
  if (!strcmp(mode, "ret_zero_drained")) {
    read_ret(h, &read_site, 100, 4096);
    read_ret(h, &read_site, 0, 4096);
  } else if (!strcmp(mode, "ret_zero_count0")) {
    read_ret(h, &read_site, 100, 4096);
    read_ret(h, &read_site, 0, 0); // asked for nothing: not the end
  } else if (!strcmp(mode, "ret_zero_error")) {
    read_ret(h, &read_site, 7, 4096);
    read_ret(h, &read_site, -1, 4096); // an error: no verdict any more
  } else if (!strcmp(mode, "ret_zero_nocount")) {
    read_ret(h, &read_nocount_site, 0, 0); // no count parameter: 0 is EOF
  } else if (!strcmp(mode, "out_short_drained")) {
    read_out(h, &read_all_site, 1, 100, 100);
    read_out(h, &read_all_site, 1, 100, 40);
  } else if (!strcmp(mode, "out_short_exact")) {
    read_out(h, &read_all_site, 1, 100, 100); // exactly the body: no EOF seen
  } else if (!strcmp(mode, "out_short_failed")) {
    read_out(h, &read_all_site, 0, 100, 3); // failed call: no verdict
  } else if (!strcmp(mode, "size_fn_drained")) {
    struct test_bytes full = {10}, empty = {0};
    read_ret(h, &read_bytes_site, (int64_t)(intptr_t)&full, 4096);
    read_ret(h, &read_bytes_site, (int64_t)(intptr_t)&empty, 4096);
  } else if (!strcmp(mode, "size_fn_undrained")) {
    struct test_bytes full = {10};
    read_ret(h, &read_bytes_site, (int64_t)(intptr_t)&full, 4096);
  } else if (!strcmp(mode, "size_fn_failed")) {
    read_ret(h, &read_bytes_site, 0, 4096); // NULL: an error, no verdict
  } else if (!strcmp(mode, "pending_drained")) {
    __bodysan_read_request(h, &request_site, 64);
    read_out(h, &read_finish_site, 1, 0, 64);
    __bodysan_read_request(h, &request_site, 64);
    read_out(h, &read_finish_site, 1, 0, 10);
  } else if (!strcmp(mode, "pending_undrained")) {
    __bodysan_read_request(h, &request_site, 64);
    read_out(h, &read_finish_site, 1, 0, 64);
    __bodysan_read_request(h, &request_site, 32);
    read_out(h, &read_finish_site, 1, 0, 32);
  } else if (!strcmp(mode, "ret_eq_drained")) {
    read_ret(h, &drain_site, 0, 0);
  } else if (!strcmp(mode, "ret_eq_failed")) {
    read_ret(h, &drain_site, -1, 0); // the drain failed: no verdict
  }
  __bodysan_release(h, &close_site);
}

int main(int argc, char **argv) {
  fetch(argv[1]);
  fprintf(stderr, "done %s\n", argv[1]);
  return 0;
}

// CLEAN: done

// UNDRAINED: ERROR: BodySanitizer: undrained-body
// RET_ZERO_COUNT0-NEXT: test response body (TestStream) from test_send was released by test_close at fetch.c:30:3 before its end was read (100 bytes read).
// OUT_SHORT_EXACT-NEXT: (100 bytes read).
// SIZE_FN-NEXT: (10 bytes read).
// PENDING-NEXT: (96 bytes read).
// UNDRAINED-NEXT: The connection will not be reused.
// UNDRAINED-NEXT: Released by thread T0 here:
// UNDRAINED-NEXT: #0 0x{{[0-9a-f]+}} in fetch {{.*}}undrained_eof_rules.c:104:3
// UNDRAINED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}undrained_eof_rules.c:108:3
// UNDRAINED: Acquired by thread T0 here:
// UNDRAINED-NEXT: #0 0x{{[0-9a-f]+}} in fetch {{.*}}undrained_eof_rules.c:61:3
// UNDRAINED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}undrained_eof_rules.c:108:3
// UNDRAINED: SUMMARY: BodySanitizer: undrained-body: 1 body released in fetch at fetch.c:30:3 before its end was read
// UNDRAINED-NEXT: done
// UNDRAINED-NOT: BodySanitizer
