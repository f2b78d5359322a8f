// Intent: forking while other threads are inside the runtime (holding shard, depot or kind-table locks) never deadlocks the child: the child's runtime starts empty, tracks its own handles and exits cleanly. A third thread keeps showing the runtime kinds it has not seen yet (as new modules do), so the kind table's lock is often held at the fork.
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

// Kinds the runtime has not seen: each first acquire takes the kind table's
// lock (and, with the table full, every acquire does).
static struct __bodysan_kind fresh_kinds[512];
static struct __bodysan_site fresh_sites[512];

static void *new_kinds(void *arg) {
  (void)arg;
  static char handle;
  for (unsigned i = 0; !stop; ++i) {
    struct __bodysan_site *site = &fresh_sites[i % 512];
    __bodysan_acquire(&handle, site);
    __bodysan_release(&handle, &close_site);
  }
  return 0;
}

static void *worker(void *arg) {
  char *mine = slots[(long)arg];
  for (unsigned i = 0; !stop; ++i) {
    __bodysan_acquire(&mine[i % 4096], &acquire_site);
    __bodysan_release(&mine[i % 4096], &close_site);
  }
  return 0;
}

int main(void) {
  for (int i = 0; i < 512; ++i) {
    fresh_kinds[i] = plain_kind;
    fresh_sites[i] = acquire_site;
    fresh_sites[i].kind = &fresh_kinds[i];
  }
  pthread_t t[3];
  for (long i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  pthread_create(&t[2], 0, new_kinds, 0);
  int ok = 0;
  for (int round = 0; round < 50; ++round) {
    pid_t pid = fork();
    if (pid == 0) {
      // A kind the runtime has not seen either: the child takes the kind
      // table's lock too.
      static struct __bodysan_kind child_kind;
      static struct __bodysan_site child_site;
      child_kind = plain_kind;
      child_site = acquire_site;
      child_site.kind = &child_kind;
      size_t before = __bodysan_live_count();
      __bodysan_acquire(HANDLE(1), &child_site);
      __bodysan_release(HANDLE(1), &close_site);
      _exit(before == 0 && __bodysan_live_count() == 0 ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  stop = 1;
  for (int i = 0; i < 3; ++i)
    pthread_join(t[i], 0);
  fprintf(stderr, "children ok: %d\n", ok);
  return 0;
}

// CHECK: children ok: 50
