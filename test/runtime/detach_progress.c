// Intent: __bodysan_detach (curl_multi_remove_handle) asks the kind's progress function, found with dlsym, how far the body got (what = progress_received, then progress_total): received < total with a known total is undrained-body at the detach call, with the detach and acquire stacks and "R of T bytes"; a complete body, nothing of the body received (a HEAD request announces a length it never downloads), an unknown total (-1), a failing or missing progress function, or an ignored handle give no verdict; detaching clears the parent.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -rdynamic %s -o %t %bodysan_rt
// RUN: not %run %t partial 2>&1 | FileCheck %s --check-prefix=PARTIAL
// RUN: %run %t complete 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t nothing_received 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t unknown_total 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t failing 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t missing 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t ignored 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %env_bodysan_opts=report_undrained=0 %run %t partial 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <stdio.h>
#include <string.h>

TEST_SITE(init_site, easy_kind, "test_easy_init", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(cleanup_site, easy_kind, "test_easy_cleanup", "run", 60, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(add_site, easy_kind, "test_multi_add_handle", "run", 20, 3,
          BODYSAN_ROLE_ATTACH);
TEST_SITE(remove_site, easy_kind, "test_multi_remove_handle", "run", 50, 3,
          BODYSAN_ROLE_DETACH);
TEST_SITE(multi_init, multi_kind, "test_multi_init", "run", 5, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(multi_cleanup, multi_kind, "test_multi_cleanup", "run", 70, 3,
          BODYSAN_ROLE_RELEASE);

// The same easy kind with a progress function nobody defines.
static const struct __bodysan_kind easy_kind_missing = {
    BODYSAN_ABI_VERSION, BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR, "test.easy2",
    "test easy handle (TEST)", "Leaks.", "Not reused.",
    0, 0, 0, 0, "test_no_such_progress_function", 1, 2};
TEST_SITE(init_missing, easy_kind_missing, "test_easy_init", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(remove_missing, easy_kind_missing, "test_multi_remove_handle", "run",
          50, 3, BODYSAN_ROLE_DETACH);

// The library's answer: what = 1 received, 2 total; anything else fails.
static int64_t received, total;
static int fail_progress;
__attribute__((visibility("default"))) int
test_progress(void *handle, int what, int64_t *out) {
  (void)handle;
  if (fail_progress || (what != 1 && what != 2))
    return 1;
  *out = what == 1 ? received : total;
  return 0;
}

NOINLINE void remove_handle(void *multi, void *easy) {
  __bodysan_detach(easy, multi, &remove_site);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *multi = HANDLE(0), *easy = HANDLE(1);
  __bodysan_acquire(multi, &multi_init);
  if (!strcmp(mode, "missing")) {
    __bodysan_acquire(easy, &init_missing);
    __bodysan_set_parent(easy, multi, &add_site);
    received = 10, total = 100;
    __bodysan_detach(easy, multi, &remove_missing);
  } else {
    __bodysan_acquire(easy, &init_site);
    if (!strcmp(mode, "ignored"))
      __bodysan_ignore(easy);
    __bodysan_set_parent(easy, multi, &add_site);
    received = 10, total = 100;
    if (!strcmp(mode, "complete"))
      received = 100;
    else if (!strcmp(mode, "nothing_received")) // a HEAD request
      received = 0;
    else if (!strcmp(mode, "unknown_total"))
      total = -1;
    else if (!strcmp(mode, "failing"))
      fail_progress = 1;
    remove_handle(multi, easy);
    fprintf(stderr, "removed\n");
  }
  // Detached: the multi cleanup finds no open child.
  __bodysan_release(multi, &multi_cleanup);
  __bodysan_release(easy, &cleanup_site);
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// PARTIAL: ERROR: BodySanitizer: undrained-body
// PARTIAL-NEXT: test easy handle (TEST) from test_easy_init was removed from its parent by test_multi_remove_handle at fetch.c:50:3 after 10 of 100 bytes of the body.
// PARTIAL-NEXT: The connection is closed instead of reused.
// PARTIAL-NEXT: Removed by thread T0 here:
// PARTIAL-NEXT: #0 0x{{[0-9a-f]+}} in remove_handle {{.*}}detach_progress.c:52:3
// PARTIAL-NEXT: #1 0x{{[0-9a-f]+}} in main
// PARTIAL: Acquired by thread T0 here:
// PARTIAL-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}detach_progress.c:65:5
// PARTIAL: SUMMARY: BodySanitizer: undrained-body: 1 body removed in run at fetch.c:50:3 before its end was read
// PARTIAL-NEXT: removed
// PARTIAL-NEXT: done
// PARTIAL-NOT: BodySanitizer
