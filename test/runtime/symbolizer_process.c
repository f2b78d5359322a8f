// Intent: the symbolizer child lives only during a report (after a mid-run report the program has no child to wait for), a broken symbolizer (BODYSAN_SYMBOLIZER_PATH=/bin/false) falls back to module+offset without hanging, and the program's own SIGPIPE disposition is untouched.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// Three reports from one site: dedup_reports=0 prints (and symbolizes) each.
// RUN: %env_bodysan_opts=dedup_reports=0 not %run %t 2>&1 | FileCheck %s --check-prefix=SYM
// RUN: env BODYSAN_SYMBOLIZER_PATH=/bin/false not %run %t 2>&1 | FileCheck %s --check-prefix=BROKEN
#include "test_kinds.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "scoped", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_EXIT_SITE(scoped_exit, "scoped", 20, 1, BODYSAN_ROLE_EXIT_RETURN);

static int sigpipes;
static void on_sigpipe(int sig) { ++sigpipes; }

NOINLINE void scoped(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(1), &acquire_site);
  __bodysan_scope_exit(token, &scoped_exit, 0);
}

int main(void) {
  signal(SIGPIPE, on_sigpipe);
  for (int i = 0; i < 3; ++i)
    scoped();
  pid_t r = waitpid(-1, 0, WNOHANG);
  fprintf(stderr, "waitpid: %d %s\n", (int)r, r < 0 && errno == ECHILD ? "ECHILD" : "child!");
  struct sigaction sa;
  sigaction(SIGPIPE, 0, &sa);
  fprintf(stderr, "SIGPIPE handler kept: %d, raised: %d\n",
          sa.sa_handler == on_sigpipe, sigpipes);
  return 0;
}

// SYM: ERROR: BodySanitizer: unclosed-body
// SYM: #0 0x{{[0-9a-f]+}} in scoped {{.*}}symbolizer_process.c:
// SYM: ERROR: BodySanitizer: unclosed-body
// SYM: #0 0x{{[0-9a-f]+}} in scoped {{.*}}symbolizer_process.c:
// SYM: ERROR: BodySanitizer: unclosed-body
// SYM: #0 0x{{[0-9a-f]+}} in scoped {{.*}}symbolizer_process.c:
// SYM: waitpid: -1 ECHILD
// SYM-NEXT: SIGPIPE handler kept: 1, raised: 0

// BROKEN: ERROR: BodySanitizer: unclosed-body
// BROKEN: #0 0x{{[0-9a-f]+}} ({{.*}}symbolizer_process.c.tmp+0x{{[0-9a-f]+}})
// BROKEN: waitpid: -1 ECHILD
// BROKEN-NEXT: SIGPIPE handler kept: 1, raised: 0
