// Intent: releasing a handle of a kind with OPEN_CHILDREN_ARE_ERRORS (curl_multi_cleanup) reports every open handle still attached to it (set_parent with role ATTACH) whose transfer is in flight (the kind's progress function says some but not all of the body arrived) as unclosed-body at that call, with the release stack and the child's acquire stack; those are not reported again at exit; children detached before, or cleaned up while attached, are not reported; a repeated leak in a loop is one report with a repeat count.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -rdynamic %s -o %t %bodysan_rt
// RUN: not %run %t leak 2>&1 | FileCheck %s --check-prefix=LEAK
// RUN: env TEST_PROGRESS=complete %run %t removed 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t cleaned_while_added 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t loop 2>&1 | FileCheck %s --check-prefix=LOOP
#include "test_kinds.h"
#include <stdio.h>
#include <stdlib.h>
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
TEST_SITE(multi_cleanup, multi_kind, "test_multi_cleanup", "shutdown", 70, 3,
          BODYSAN_ROLE_RELEASE);

NOINLINE void add(void *multi, void *easy) {
  __bodysan_acquire(easy, &init_site);
  __bodysan_set_parent(easy, multi, &add_site);
}

NOINLINE void shutdown(void *multi) { __bodysan_release(multi, &multi_cleanup); }

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *multi = HANDLE(0), *easy = HANDLE(1);
  if (!strcmp(mode, "loop")) {
    for (int i = 0; i < 5; ++i) {
      __bodysan_acquire(multi, &multi_init);
      add(multi, easy);
      shutdown(multi);
    }
    fprintf(stderr, "done\n");
    return 0;
  }
  __bodysan_acquire(multi, &multi_init);
  add(multi, easy);
  if (!strcmp(mode, "removed")) {
    __bodysan_detach(easy, multi, &remove_site); // the whole body arrived
    __bodysan_release(easy, &cleanup_site);
  } else if (!strcmp(mode, "cleaned_while_added")) {
    __bodysan_release(easy, &cleanup_site);
  }
  shutdown(multi);
  if (!strcmp(mode, "cleanup_after"))
    __bodysan_release(easy, &cleanup_site);
  fprintf(stderr, "shut down\n");
  if (!strcmp(mode, "leak"))
    shutdown(multi); // a double close: the children are not reported again
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// LEAK: ERROR: BodySanitizer: unclosed-body
// LEAK-NEXT: test easy handle (TEST) from test_easy_init was still added to test multi handle (TESTM) when test_multi_cleanup released it at fetch.c:70:3.
// LEAK-NEXT: A leaked easy handle keeps 3 descriptors.
// LEAK-NEXT: Parent released by thread T0 here:
// LEAK-NEXT: #0 0x{{[0-9a-f]+}} in shutdown {{.*}}open_children.c:30:39
// LEAK-NEXT: #1 0x{{[0-9a-f]+}} in main
// LEAK: Acquired by thread T0 here:
// LEAK-NEXT: #0 0x{{[0-9a-f]+}} in add {{.*}}open_children.c:26:3
// LEAK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in run at fetch.c:10:9 still added to its parent when it was released
// LEAK-NEXT: shut down
// LEAK-NEXT: ERROR: BodySanitizer: double-close
// LEAK: SUMMARY: BodySanitizer: double-close
// LEAK-NEXT: done
// LEAK-NOT: BodySanitizer

// LOOP: ERROR: BodySanitizer: unclosed-body
// LOOP: SUMMARY: BodySanitizer: unclosed-body
// LOOP-NEXT: done
// LOOP-NEXT: 4 more reports identical to this one (same error, stacks and site) were not printed (dedup_reports=1): unclosed-body: 1 body acquired in run at fetch.c:10:9 still added to its parent when it was released
// LOOP-NOT: BodySanitizer

// A transfer whose whole body arrived is over: curl_multi_cleanup before
// curl_easy_cleanup is how libcurl's own examples end (clean); never cleaned
// up, it is an ordinary leak at exit. In flight, it is reported at the
// multi's cleanup even if cleaned up after.
// RUN: env TEST_PROGRESS=complete %run %t cleanup_after 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: env TEST_PROGRESS=complete not %run %t leak 2>&1 | FileCheck %s --check-prefix=COMPLETE-LEAK
// RUN: not %run %t cleanup_after 2>&1 | FileCheck %s --check-prefix=INFLIGHT
// COMPLETE-LEAK: shut down
// COMPLETE-LEAK: ERROR: BodySanitizer: double-close
// COMPLETE-LEAK: done
// COMPLETE-LEAK: ERROR: BodySanitizer: unclosed-body
// COMPLETE-LEAK-NEXT: 1 test easy handle (TEST) from test_easy_init was never closed (still open at exit).
// INFLIGHT: ERROR: BodySanitizer: unclosed-body
// INFLIGHT-NEXT: test easy handle (TEST) from test_easy_init was still added to test multi handle (TESTM) when test_multi_cleanup released it
// INFLIGHT: shut down
// INFLIGHT-NEXT: done
// INFLIGHT-NOT: BodySanitizer

// The library's answer (found with dlsym): what = 1 received, 2 total.
__attribute__((visibility("default"))) int
test_progress(void *handle, int what, int64_t *out) {
  (void)handle;
  int complete = getenv("TEST_PROGRESS") != NULL;
  *out = what == 1 ? (complete ? 100 : 10) : 100;
  return 0;
}
