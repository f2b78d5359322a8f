// Intent: forking while other threads are inside the runtime (holding shard or depot locks) never deadlocks the child: the child's runtime starts empty, tracks its own handles and exits cleanly.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt -lpthread
// RUN: timeout 120 %run %t 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "worker", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, plain_kind, "test_close", "worker", 11, 3,
          BODYSAN_ROLE_RELEASE);

static volatile int stop;
static char slots[2][4096];

static void *worker(void *arg) {
  char *mine = slots[(long)arg];
  for (unsigned i = 0; !stop; ++i) {
    __bodysan_acquire(&mine[i % 4096], &acquire_site);
    __bodysan_release(&mine[i % 4096], &close_site);
  }
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (long i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  int ok = 0;
  for (int round = 0; round < 50; ++round) {
    pid_t pid = fork();
    if (pid == 0) {
      size_t before = __bodysan_live_count();
      __bodysan_acquire(HANDLE(1), &acquire_site);
      __bodysan_release(HANDLE(1), &close_site);
      _exit(before == 0 && __bodysan_live_count() == 0 ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  stop = 1;
  pthread_join(t[0], 0);
  pthread_join(t[1], 0);
  fprintf(stderr, "children ok: %d\n", ok);
  return 0;
}

// CHECK: children ok: 50
