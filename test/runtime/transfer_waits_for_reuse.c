// Intent: kind flag STOPPED_WAITS_FOR_REUSE decides a stopped transfer by harm: on a handle without a parent the verdict waits on the handle; the next transfer on it reports it when it returns (naming the stopped call, the next one and the acquisition, with their stacks), whatever that transfer's result; the handle's release drops it (a one-shot handle: nothing reported, exit 0), and so does exit; a handle with a parent (attached to a multi handle: a shared pool) is reported at once; report_undrained=0 silences the report, and print_stats counts undrained only for verdicts that were decided by a next transfer.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: %run %t oneshot 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t at_exit 2>&1 | FileCheck %s --check-prefix=ATEXIT --implicit-check-not=undrained
// RUN: not %run %t reused 2>&1 | FileCheck %s --check-prefix=REUSED
// RUN: not %run %t reused_failed 2>&1 | FileCheck %s --check-prefix=FAILED
// RUN: not %run %t parent 2>&1 | FileCheck %s --check-prefix=PARENT
// RUN: %env_bodysan_opts=report_undrained=0 %run %t reused 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %env_bodysan_opts=print_stats=1:exitcode=0 %run %t reused 2>&1 | FileCheck %s --check-prefix=STATS1
// RUN: %env_bodysan_opts=print_stats=1:report_undrained=0 %run %t reused 2>&1 | FileCheck %s --check-prefix=STATS1
// RUN: %env_bodysan_opts=print_stats=1 %run %t oneshot 2>&1 | FileCheck %s --check-prefix=STATS0
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

// easy_kind plus the flag, as libcurl.easy has it.
static const struct __bodysan_kind reuse_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR | BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR |
        BODYSAN_KIND_STOPPED_WAITS_FOR_REUSE,
    "test.reuse_easy",
    "test easy handle (TEST)",
    "A leaked easy handle keeps 3 descriptors.",
    "The connection is closed instead of reused.",
    0, 0, 0, 0, 0, 0, 0};

static const int64_t stops[] = {23, 42};
TEST_SITE(init_site, reuse_kind, "test_easy_init", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_TRANSFER_SITE(stop_site, reuse_kind, "test_easy_perform", "run", 20, 9,
                   0, stops);
TEST_TRANSFER_SITE(next_site, reuse_kind, "test_easy_perform", "run", 30, 9,
                   0, stops);
TEST_SITE(add_site, reuse_kind, "test_multi_add_handle", "run", 40, 3,
          BODYSAN_ROLE_ATTACH);
TEST_SITE(cleanup_site, reuse_kind, "test_easy_cleanup", "run", 60, 3,
          BODYSAN_ROLE_RELEASE);

NOINLINE void stopped_transfer(void *easy, int64_t result) {
  __bodysan_read(easy, &stop_site, result, 0, 0);
}

NOINLINE void next_transfer(void *easy, int64_t result) {
  __bodysan_read(easy, &next_site, result, 0, 0);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *easy = HANDLE(1);
  __bodysan_acquire(easy, &init_site);
  if (!strcmp(mode, "oneshot")) {
    stopped_transfer(easy, 23);
    stopped_transfer(HANDLE(2), 42); // untracked: nothing
  } else if (!strcmp(mode, "at_exit")) {
    stopped_transfer(easy, 42);
    fprintf(stderr, "done\n");
    return 0; // the handle leaks (unclosed), the stop is no undrained-body
  } else if (!strcmp(mode, "reused")) {
    stopped_transfer(easy, 23);
    fprintf(stderr, "stopped\n");
    next_transfer(easy, 0);
  } else if (!strcmp(mode, "reused_failed")) {
    stopped_transfer(easy, 42);
    next_transfer(easy, 7); // CURLE_COULDNT_CONNECT: it needed a connection
  } else if (!strcmp(mode, "parent")) {
    __bodysan_set_parent(easy, HANDLE(100), &add_site);
    stopped_transfer(easy, 23);
    fprintf(stderr, "stopped\n");
  }
  __bodysan_release(easy, &cleanup_site);
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// ATEXIT: done
// ATEXIT-NEXT: ERROR: BodySanitizer: unclosed-body

// REUSED: stopped
// REUSED-NEXT: ERROR: BodySanitizer: undrained-body
// REUSED-NEXT: test_easy_perform at fetch.c:20:9 stopped the transfer on test easy handle (TEST) from test_easy_init before the end of the body (it returned 23).
// REUSED-NEXT: The connection is closed instead of reused.
// REUSED-NEXT: The next transfer on the same handle, test_easy_perform at fetch.c:30:9, had to open a new connection.
// REUSED-NEXT: Stopped by thread T0 here:
// REUSED-NEXT: #0 0x{{[0-9a-f]+}} in stopped_transfer {{.*}}transfer_waits_for_reuse.c:[[@LINE-46]]:3
// REUSED: Acquired by thread T0 here:
// REUSED-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}transfer_waits_for_reuse.c:[[@LINE-38]]:3
// REUSED: The next transfer on the same handle ran by thread T0 here:
// REUSED-NEXT: #0 0x{{[0-9a-f]+}} in next_transfer {{.*}}transfer_waits_for_reuse.c:[[@LINE-46]]:3
// REUSED: SUMMARY: BodySanitizer: undrained-body: 1 body stopped early in run at fetch.c:20:9
// REUSED-NEXT: done
// REUSED-NOT: BodySanitizer

// FAILED: stopped the transfer on {{.*}} (it returned 42).
// FAILED: The next transfer on the same handle, test_easy_perform at fetch.c:30:9, had to open a new connection.
// FAILED: done

// PARENT: ERROR: BodySanitizer: undrained-body
// PARENT-NEXT: test_easy_perform at fetch.c:20:9 stopped the transfer on {{.*}} (it returned 23).
// PARENT-NEXT: The connection is closed instead of reused.
// PARENT-NEXT: Stopped by thread T0 here:
// PARENT: SUMMARY: BodySanitizer: undrained-body: 1 body stopped early in run at fetch.c:20:9
// PARENT-NEXT: {{^}}stopped
// PARENT-NEXT: done
// PARENT-NOT: BodySanitizer

// STATS1: {{^}}         1       1        1          1     0  test.reuse_easy  run fetch.c:10:9
// STATS0: {{^}}         1       1        0          0     0  test.reuse_easy  run fetch.c:10:9
