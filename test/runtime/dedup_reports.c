// Intent: a leak repeated at the same acquisition stack and the same exit (a loop) is printed once and counted at exit (dedup_reports=1, the default); a leak at another exit site is a different report; dedup_reports=0 prints every one; a suppressed report stays suppressed when it repeats.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: not %run %t 2>&1 | FileCheck %s --check-prefix=DEDUP
// RUN: %env_bodysan_opts=dedup_reports=0 not %run %t 2>&1 | FileCheck %s --check-prefix=ALL
// RUN: echo "unclosed:leak_in_loop" > %t.supp
// RUN: %env_bodysan_opts=suppressions=%t.supp %run %t 2>&1 | FileCheck %s --check-prefix=SUPP
#include "test_kinds.h"
#include <stdio.h>

TEST_SITE(acquire_site, body_kind, "test_send", "leak_in_loop", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_EXIT_SITE(exit_a, "leak_in_loop", 20, 5, BODYSAN_ROLE_EXIT_RETURN);
TEST_EXIT_SITE(exit_b, "leak_in_loop", 22, 5, BODYSAN_ROLE_EXIT_RETURN);

NOINLINE void leak_in_loop(int i, const struct __bodysan_site *exit_site) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(HANDLE(i), &acquire_site);
  __bodysan_scope_exit(token, exit_site, 0);
}

int main(void) {
  for (int i = 0; i < 4; ++i)
    leak_in_loop(i, &exit_a);
  leak_in_loop(10, &exit_b);
  fprintf(stderr, "done\n");
  return 0;
}

// DEDUP: ERROR: BodySanitizer: unclosed-body
// DEDUP-NEXT: returned at fetch.c:20:5.
// DEDUP: ERROR: BodySanitizer: unclosed-body
// DEDUP-NEXT: returned at fetch.c:22:5.
// DEDUP-NOT: ERROR: BodySanitizer
// DEDUP: done
// DEDUP-NEXT: BodySanitizer: 3 more reports identical to this one (same error, stacks and site) were not printed (dedup_reports=1): unclosed-body: 1 body acquired in leak_in_loop at fetch.c:10:20
// DEDUP-NOT: identical

// ALL-COUNT-4: returned at fetch.c:20:5.
// ALL: returned at fetch.c:22:5.
// ALL: done
// ALL-NOT: identical

// Every report is suppressed, and so are its repeats: nothing counts as an
// error, so the program's exit code 0 is kept.
// SUPP-NOT: ERROR: BodySanitizer
// SUPP: done
// SUPP: Suppressions used:
// SUPP-NOT: identical
