/* A program with three reports: an unclosed body at a scope exit, an
 * undrained body, and a body still open at exit. Shared by the flag tests. */
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(acquire_site, body_kind, "test_send", "scoped", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(exit_acquire_site, body_kind, "test_send", "leak_at_exit", 11, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, body_kind, "test_close", "undrained", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_EXIT_SITE(scoped_exit, "scoped", 20, 1, BODYSAN_ROLE_EXIT_RETURN);

NOINLINE void scoped(void) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(1), &acquire_site);
  __bodysan_scope_exit(token, &scoped_exit, 0);
}

NOINLINE void undrained(void) {
  __bodysan_acquire(HANDLE(2), &acquire_site);
  __bodysan_release(HANDLE(2), &close_site);
}

NOINLINE void leak_at_exit(void) {
  __bodysan_acquire(HANDLE(3), &exit_acquire_site);
}

static int run_three(void) {
  scoped();
  fprintf(stderr, "after scoped\n");
  undrained();
  fprintf(stderr, "after undrained\n");
  leak_at_exit();
  fprintf(stderr, "done\n");
  return 0;
}
