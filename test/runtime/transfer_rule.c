// Intent: EOF rule TRANSFER (curl_easy_perform): a result among the site's stop values is undrained-body reported at that call (the handle stays open, no kind flag needed), with the call and acquire stacks and the result; eof_value is a complete body and any other result a failed transfer, both silent; a loop of stopped transfers is one report with a repeat count; report_undrained=0 and an undrained suppression silence it; a transfer on a cleaned-up handle is use-after-close.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: %run %t complete 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t failed 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t stopped 2>&1 | FileCheck %s --check-prefix=STOPPED
// RUN: not %run %t aborted 2>&1 | FileCheck %s --check-prefix=ABORTED
// RUN: not %run %t loop 2>&1 | FileCheck %s --check-prefix=LOOP
// RUN: %env_bodysan_opts=report_undrained=0 %run %t stopped 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: echo "undrained:write_first_block_only" > %t.supp
// RUN: %env_bodysan_opts=suppressions=%t.supp %run %t stopped 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=ERROR
// RUN: not %run %t after_cleanup 2>&1 | FileCheck %s --check-prefix=UAC
#include "test_kinds.h"
#include <stdio.h>
#include <string.h>

static const int64_t stops[] = {23, 42};
TEST_SITE(init_site, easy_kind, "test_easy_init", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_TRANSFER_SITE(perform_site, easy_kind, "test_easy_perform", "run", 20, 9,
                   0, stops);
TEST_SITE(cleanup_site, easy_kind, "test_easy_cleanup", "run", 60, 3,
          BODYSAN_ROLE_RELEASE);

NOINLINE void write_first_block_only(void *easy, int64_t result) {
  __bodysan_read(easy, &perform_site, result, 0, 0);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *easy = HANDLE(1);
  __bodysan_acquire(easy, &init_site);
  if (!strcmp(mode, "complete")) {
    write_first_block_only(easy, 0);
  } else if (!strcmp(mode, "failed")) {
    write_first_block_only(easy, 7); // CURLE_COULDNT_CONNECT
  } else if (!strcmp(mode, "stopped")) {
    write_first_block_only(easy, 23);
    fprintf(stderr, "performed\n");
    write_first_block_only(easy, 0); // the handle is still open: reused
  } else if (!strcmp(mode, "aborted")) {
    write_first_block_only(easy, 42);
  } else if (!strcmp(mode, "loop")) {
    for (int i = 0; i < 20; ++i)
      write_first_block_only(easy, 23);
  } else if (!strcmp(mode, "after_cleanup")) {
    __bodysan_release(easy, &cleanup_site);
    write_first_block_only(easy, 0);
    fprintf(stderr, "done\n");
    return 0;
  }
  __bodysan_release(easy, &cleanup_site);
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// STOPPED: ERROR: BodySanitizer: undrained-body
// STOPPED-NEXT: test_easy_perform at fetch.c:20:9 stopped the transfer on test easy handle (TEST) from test_easy_init before the end of the body (it returned 23).
// STOPPED-NEXT: The connection is closed instead of reused.
// STOPPED-NEXT: Stopped by thread T0 here:
// STOPPED-NEXT: #0 0x{{[0-9a-f]+}} in write_first_block_only {{.*}}transfer_rule.c:25:3
// STOPPED-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}transfer_rule.c:37:5
// STOPPED: Acquired by thread T0 here:
// STOPPED-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}transfer_rule.c:31:3
// STOPPED: SUMMARY: BodySanitizer: undrained-body: 1 body stopped early in run at fetch.c:20:9
// STOPPED-NEXT: performed
// STOPPED-NEXT: done
// STOPPED-NOT: BodySanitizer

// ABORTED: (it returned 42).
// ABORTED: done

// LOOP: ERROR: BodySanitizer: undrained-body
// LOOP: SUMMARY: BodySanitizer: undrained-body: 1 body stopped early in run at fetch.c:20:9
// LOOP-NEXT: done
// LOOP-NEXT: 19 more reports identical to this one (same error, stacks and site) were not printed (dedup_reports=1): undrained-body: 1 body stopped early in run at fetch.c:20:9
// LOOP-NOT: BodySanitizer

// UAC: ERROR: BodySanitizer: use-after-close
// UAC-NEXT: test easy handle (TEST) from test_easy_init was read by test_easy_perform at fetch.c:20:9 after it was released by test_easy_cleanup at fetch.c:60:3.
// UAC: done
