// Intent: BodySanitizer's runtime does not hide a program's data race from ThreadSanitizer: two threads write the same variable without synchronization, and between the two writes each calls hooks that take the same runtime lock (the same handle, so the same shard). Under TSan the uninstrumented runtime tells TSan to ignore its own locks (AnnotateIgnoreSync*), so the race is still reported; the runtime's reports and exit code are unchanged.
// REQUIRES: tsan
// RUN: %clang -fsanitize=thread %bodysan_inc -I%S/../runtime/Inputs -g %s -o %t %bodysan_rt -lpthread
// RUN: sh -c '%run %t 2>&1; echo "exit code $?"' | FileCheck %s
#include "test_kinds.h"
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

TEST_SITE(acquire_site, plain_kind, "test_open", "worker", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, plain_kind, "test_close", "worker", 11, 3,
          BODYSAN_ROLE_RELEASE);

static long shared; // written by both threads, never synchronized

static void *first(void *arg) {
  shared = 1;
  __bodysan_acquire(HANDLE(1), &acquire_site);
  __bodysan_release(HANDLE(1), &close_site);
  return arg;
}

static void *second(void *arg) {
  usleep(200 * 1000); // after the first thread's hooks, in real time
  __bodysan_acquire(HANDLE(1), &acquire_site);
  __bodysan_release(HANDLE(1), &close_site);
  shared = 2;
  return arg;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, first, 0);
  pthread_create(&b, 0, second, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  printf("shared %ld\n", shared);
  return 0;
}

// CHECK: WARNING: ThreadSanitizer: data race
// CHECK: Location is global 'shared'
// CHECK: shared 2
// CHECK-NOT: BodySanitizer
// CHECK: ThreadSanitizer: reported 1 warnings
// CHECK: exit code 66
