// Intent: a handle acquired on one thread and released on another is not reported, and two threads hammering acquire/read/release concurrently (on the same shards) leave exactly the handles they leaked, reported with the acquiring thread's number.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt -lpthread
// Both threads leak at the same stack and site: dedup_reports=0 shows both.
// RUN: %env_bodysan_opts=dedup_reports=0 not %run %t 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <pthread.h>
#include <stdio.h>

TEST_SITE(acquire_site, body_kind, "test_send", "worker", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, body_kind, "test_close", "worker", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(unref_site, body_kind, "test_unref", "worker", 31, 3,
          BODYSAN_ROLE_UNREF);
TEST_READ_SITE(read_site, body_kind, "test_read", "worker", 20, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_EXIT_SITE(worker_exit, "hammer", 40, 1, BODYSAN_ROLE_EXIT_RETURN);

static char slots[2][20000];

static void *acquirer(void *arg) {
  __bodysan_acquire(HANDLE(1), &acquire_site);
  return 0;
}

static void *releaser(void *arg) {
  __bodysan_read(HANDLE(1), &read_site, 0, 10, 0);
  __bodysan_release(HANDLE(1), &close_site);
  __bodysan_unref(HANDLE(1), &unref_site);
  return 0;
}

NOINLINE void *hammer(void *arg) {
  char *mine = slots[(long)arg];
  uintptr_t token = __bodysan_scope_enter();
  for (int round = 0; round < 20; ++round)
    for (int i = 0; i < 20000; ++i) {
      __bodysan_acquire_local(&mine[i], &acquire_site);
      __bodysan_read(&mine[i], &read_site, 100, 4096, 0);
      __bodysan_read(&mine[i], &read_site, 0, 4096, 0);
      if (round == 19 && i == 77)
        continue; // the one leak of this thread
      __bodysan_release(&mine[i], &close_site);
      __bodysan_unref(&mine[i], &unref_site);
    }
  __bodysan_scope_exit(token, &worker_exit, 0);
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, acquirer, 0);
  pthread_join(a, 0);
  pthread_create(&b, 0, releaser, 0);
  pthread_join(b, 0);
  fprintf(stderr, "live after handover %zu\n", __bodysan_live_count());
  pthread_create(&a, 0, hammer, (void *)0);
  pthread_create(&b, 0, hammer, (void *)1);
  pthread_join(a, 0);
  pthread_join(b, 0);
  fprintf(stderr, "live after hammer %zu\n", __bodysan_live_count());
  return 0;
}

// CHECK: live after handover 0
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: was still open when 'hammer' returned at fetch.c:40:1.
// CHECK: Acquired by thread T{{[34]}} here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in hammer {{.*}}threads.c
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: was still open when 'hammer' returned at fetch.c:40:1.
// CHECK: Acquired by thread T{{[34]}} here:
// CHECK: live after hammer 2
// Reported at their scope exits: not again at exit.
// CHECK-NOT: BodySanitizer
