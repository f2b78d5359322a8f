// bench_pairs.c - ns per acquire+release pair in the BodySanitizer runtime.
//
// Calls the runtime's hooks the way instrumented code does (one site
// descriptor each for acquire, read and release) on distinct fake handles, with
// 1 and 2 threads, and prints the mean cost of one acquire+read(EOF)+release
// sequence. Stack capture at acquire is on (frame pointers, stack_depth flag).
#include <bodysan/bodysan_abi.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const struct __bodysan_kind kKind = {
    BODYSAN_ABI_VERSION, BODYSAN_KIND_UNDRAINED_IS_ERROR, "bench.body",
    "benchmark body", "", ""};
static const struct __bodysan_site kAcquire = {
    &kKind, "bench_acquire", "worker", __FILE__, 1, 1, BODYSAN_ROLE_ACQUIRE, 0, 0, 0, 0, 0};
static const struct __bodysan_site kRead = {
    &kKind, "bench_read", "worker", __FILE__, 2, 1, BODYSAN_ROLE_READ,
    BODYSAN_EOF_RET_ZERO, 0, 1, 0, 0};
static const struct __bodysan_site kRelease = {
    &kKind, "bench_release", "worker", __FILE__, 3, 1, BODYSAN_ROLE_RELEASE, 0, 0, 0, 0, 0};

enum { kHandlesPerThread = 1024 };
static long gIterations = 2000000;

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

// A few nested frames so the unwinder has a realistic stack to walk.
__attribute__((noinline)) static void pair(char *h) {
  __bodysan_acquire(h, &kAcquire);
  __bodysan_read(h, &kRead, 0, 4096, NULL);
  __bodysan_release(h, &kRelease);
}
__attribute__((noinline)) static void level2(char *h) { pair(h); __asm__ volatile(""); }
__attribute__((noinline)) static void level1(char *h) { level2(h); __asm__ volatile(""); }

static void *worker(void *arg) {
  char *handles = arg;
  for (long i = 0; i < gIterations; ++i)
    level1(handles + (i % kHandlesPerThread));
  return NULL;
}

static double run(int threads) {
  pthread_t tid[8];
  char *mem[8];
  for (int t = 0; t < threads; ++t)
    mem[t] = malloc(kHandlesPerThread);
  double start = now_ns();
  for (int t = 0; t < threads; ++t)
    pthread_create(&tid[t], NULL, worker, mem[t]);
  for (int t = 0; t < threads; ++t)
    pthread_join(tid[t], NULL);
  double ns = (now_ns() - start) / gIterations;
  for (int t = 0; t < threads; ++t)
    free(mem[t]);
  return ns;
}

int main(int argc, char **argv) {
  if (argc > 1)
    gIterations = atol(argv[1]);
  run(1); // warm-up: fills the stack depot and the tables
  printf("acquire+read+release pair, 1 thread:  %6.1f ns\n", run(1));
  printf("acquire+read+release pair, 2 threads: %6.1f ns (wall time per pair per thread)\n", run(2));
  return 0;
}
