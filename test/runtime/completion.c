// Intent: __bodysan_completion (curl_multi_info_read) reads the message the call returned with the site's layout (status, handle, result offsets, like CURLMsg): a done message ends its handle's transfer, so a later detach gives no verdict even when progress says the body is partial (the library already handled the connection); a result among the stop values is undrained-body reported at the completion call (with its stack and the acquire stack, the result, once), and no second verdict at the detach; the success result and other failures are silent. A message that is not done changes nothing (the detach judges by progress); a NULL message, a site without a layout, a NULL or untracked handle are harmless; an attach starts a new transfer, so a second transfer removed partway is reported again; report_undrained=0 silences the stopped report.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -rdynamic %s -o %t %bodysan_rt
// RUN: %run %t done_ok 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t done_failed 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t not_done 2>&1 | FileCheck %s --check-prefix=NOTDONE
// RUN: not %run %t stopped 2>&1 | FileCheck %s --check-prefix=STOPPED
// RUN: %env_bodysan_opts=report_undrained=0 %run %t stopped 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: %run %t harmless 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %run %t attach_resets 2>&1 | FileCheck %s --check-prefix=RESET
#include "test_kinds.h"
#include <stddef.h>
#include <stdio.h>
#include <string.h>

// Laid out like libcurl's CURLMsg.
struct test_msg {
  int msg; // 1 = done
  void *easy;
  union {
    int result;
    void *whatever;
  } data;
};

static const int64_t stops[] = {23, 42};
static const struct __bodysan_completion layout = {
    offsetof(struct test_msg, msg), 1, offsetof(struct test_msg, easy),
    offsetof(struct test_msg, data.result)};
TEST_SITE(init_site, easy_kind, "test_easy_init", "run", 10, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(cleanup_site, easy_kind, "test_easy_cleanup", "run", 60, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(add_site, easy_kind, "test_multi_add_handle", "run", 20, 3,
          BODYSAN_ROLE_ATTACH);
TEST_SITE(remove_site, easy_kind, "test_multi_remove_handle", "run", 50, 3,
          BODYSAN_ROLE_DETACH);
TEST_COMPLETION_SITE(info_site, easy_kind, "test_multi_info_read", "run", 40,
                     15, 0, stops, layout);
// The same call without a layout (never emitted, but harmless).
TEST_SITE(info_no_layout, easy_kind, "test_multi_info_read", "run", 41, 15,
          BODYSAN_ROLE_COMPLETION);

// The library's answer: what = 1 received, 2 total. 10 of 100 bytes: a
// detach that judges by progress reports.
__attribute__((visibility("default"))) int
test_progress(void *handle, int what, int64_t *out) {
  (void)handle;
  if (what != 1 && what != 2)
    return 1;
  *out = what == 1 ? 10 : 100;
  return 0;
}

NOINLINE void info_read(struct test_msg *m) {
  __bodysan_completion(m, &info_site);
}

NOINLINE void remove_handle(void *multi, void *easy) {
  __bodysan_detach(easy, multi, &remove_site);
}

int main(int argc, char **argv) {
  const char *mode = argv[1];
  void *multi = HANDLE(0), *easy = HANDLE(1);
  struct test_msg m;
  memset(&m, 0, sizeof(m));
  m.msg = 1;
  m.easy = easy;
  __bodysan_acquire(easy, &init_site);
  __bodysan_set_parent(easy, multi, &add_site);
  if (!strcmp(mode, "done_ok")) {
    info_read(&m);
  } else if (!strcmp(mode, "done_failed")) {
    m.data.result = 7; // CURLE_COULDNT_CONNECT
    info_read(&m);
  } else if (!strcmp(mode, "not_done")) {
    m.msg = 2;
    info_read(&m);
  } else if (!strcmp(mode, "stopped")) {
    m.data.result = 23; // CURLE_WRITE_ERROR
    info_read(&m);
    fprintf(stderr, "read\n");
  } else if (!strcmp(mode, "harmless")) {
    struct test_msg other = m;
    other.easy = HANDLE(7); // untracked
    other.data.result = 23;
    info_read(&other);
    other.easy = 0;
    info_read(&other);
    info_read(0);
    m.data.result = 23;
    __bodysan_completion(&m, &info_no_layout); // no layout: ignored
    __bodysan_completion(&m, 0);
    m.data.result = 0;
    info_read(&m); // then done: the detach below is quiet
  } else if (!strcmp(mode, "attach_resets")) {
    info_read(&m);
    remove_handle(multi, easy); // done: quiet
    fprintf(stderr, "first removed\n");
    __bodysan_set_parent(easy, multi, &add_site); // a new transfer
  }
  remove_handle(multi, easy);
  fprintf(stderr, "removed\n");
  __bodysan_release(easy, &cleanup_site);
  fprintf(stderr, "done\n");
  return 0;
}

// CLEAN: done

// NOTDONE: ERROR: BodySanitizer: undrained-body
// NOTDONE-NEXT: test easy handle (TEST) from test_easy_init was removed from its parent by test_multi_remove_handle at fetch.c:50:3 after 10 of 100 bytes of the body.
// NOTDONE: SUMMARY: BodySanitizer: undrained-body: 1 body removed in run at fetch.c:50:3 before its end was read
// NOTDONE-NEXT: removed
// NOTDONE-NEXT: done
// NOTDONE-NOT: BodySanitizer

// STOPPED: ERROR: BodySanitizer: undrained-body
// STOPPED-NEXT: test_multi_info_read at fetch.c:40:15 reported the transfer on test easy handle (TEST) from test_easy_init stopped before the end of the body (result 23).
// STOPPED-NEXT: The connection is closed instead of reused.
// STOPPED-NEXT: Reported by thread T0 here:
// STOPPED-NEXT: #0 0x{{[0-9a-f]+}} in info_read {{.*}}completion.c:55:3
// STOPPED-NEXT: #1 0x{{[0-9a-f]+}} in main
// STOPPED: Acquired by thread T0 here:
// STOPPED-NEXT: #0 0x{{[0-9a-f]+}} in main {{.*}}completion.c:69:3
// STOPPED: SUMMARY: BodySanitizer: undrained-body: 1 body stopped early in run at fetch.c:40:15
// STOPPED-NEXT: read
// STOPPED-NEXT: removed
// STOPPED-NEXT: done
// STOPPED-NOT: BodySanitizer

// RESET-NOT: BodySanitizer
// RESET: first removed
// RESET-NEXT: ERROR: BodySanitizer: undrained-body
// RESET-NEXT: test easy handle (TEST) from test_easy_init was removed from its parent by test_multi_remove_handle at fetch.c:50:3 after 10 of 100 bytes of the body.
// RESET: SUMMARY: BodySanitizer: undrained-body: 1 body removed in run at fetch.c:50:3 before its end was read
// RESET-NEXT: removed
// RESET-NEXT: done
// RESET-NOT: BodySanitizer
