// Intent: the runtime itself is clean under AddressSanitizer (with LeakSanitizer at exit) and ThreadSanitizer: linked against the runtime built with -fsanitize=address / -fsanitize=thread (build/lib/selfcheck), a program hammers it from 8 threads at once (acquire, read, release, unref on many shards; handles acquired on one thread and finished on another; scopes; reports from every thread at the same time; a recoverable check and forks while the threads run), then leaves one body open at exit and one suppressed: the runtime's reports (in log_path files) are all there, the exit code is BodySanitizer's 23, and neither sanitizer reports anything: no data race, no memory error, no leak of the runtime's own memory.
// REQUIRES: asan, tsan
// RUN: %clang -fsanitize=address %bodysan_inc -I%S/../runtime/Inputs -g -O1 -fno-omit-frame-pointer -fno-optimize-sibling-calls %s -o %t.asan %selfcheck_rt_asan -lpthread -ldl
// RUN: %clang -fsanitize=thread %bodysan_inc -I%S/../runtime/Inputs -g -O1 -fno-omit-frame-pointer -fno-optimize-sibling-calls %s -o %t.tsan %selfcheck_rt_tsan -lpthread -ldl
// RUN: printf 'unclosed:suppressed_leaker\n' > %t.supp
// RUN: rm -rf %t.logs-asan %t.logs-tsan && mkdir %t.logs-asan %t.logs-tsan
// RUN: env BODYSAN_OPTIONS=suppressions=%t.supp:dedup_reports=0:max_reports=0:log_path=%t.logs-asan/log sh -c '%run %t.asan 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=OUT --implicit-check-not=Sanitizer
// RUN: cat %t.logs-asan/log.* | FileCheck %s --check-prefix=LOG
// A forked child that exits after the workers finished (before main joined
// them) sees them as leaked threads: TSan's view of the parent, not a
// finding, hence report_thread_leaks=0.
// RUN: env TSAN_OPTIONS=report_thread_leaks=0 BODYSAN_OPTIONS=suppressions=%t.supp:dedup_reports=0:max_reports=0:log_path=%t.logs-tsan/log sh -c '%run %t.tsan 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=OUT --implicit-check-not=Sanitizer
// RUN: cat %t.logs-tsan/log.* | FileCheck %s --check-prefix=LOG
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

TEST_SITE(acquire_site, body_kind, "test_send", "worker", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, body_kind, "test_close", "worker", 30, 3,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(retain_site, body_kind, "test_ref", "worker", 31, 3,
          BODYSAN_ROLE_RETAIN);
TEST_SITE(unref_site, body_kind, "test_unref", "worker", 32, 3,
          BODYSAN_ROLE_UNREF);
TEST_SITE(handoff_site, body_kind, "test_pass", "worker", 33, 3,
          BODYSAN_ROLE_HANDOFF);
TEST_READ_SITE(read_site, body_kind, "test_read", "worker", 20, 9,
               BODYSAN_EOF_RET_ZERO, 0, 1, 0);
TEST_SITE(req_acquire_site, request_kind, "test_begin", "worker", 40, 9,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(req_end_site, request_kind, "test_end", "worker", 41, 9,
          BODYSAN_ROLE_RELEASE);
TEST_SITE(exit_acquire_site, plain_kind, "test_open", "leak_at_exit", 50, 7,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(supp_acquire_site, plain_kind, "test_open", "suppressed_leaker",
          51, 7, BODYSAN_ROLE_ACQUIRE);
TEST_EXIT_SITE(worker_exit, "scoped_round", 60, 1, BODYSAN_ROLE_EXIT_RETURN);

enum { kThreads = 8, kPerThread = 512, kRounds = 100 };
static char slots[kThreads][kPerThread];
// Handles that go through the queue are never reused: a second acquire at
// an address still waiting in the queue would be a bug of this program.
static char queued[kThreads][kRounds][kPerThread];
static char requests[kThreads][kPerThread];
static char leaked_at_exit, suppressed;

// Handles acquired on one thread and finished on another pass through this
// queue (a plain mutex-protected ring).
static void *queue[4096];
static unsigned q_head, q_tail;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;

static int push(void *h) {
  int pushed = 0;
  pthread_mutex_lock(&q_lock);
  if (q_tail - q_head < 4096) {
    queue[q_tail++ % 4096] = h;
    pushed = 1;
  }
  pthread_mutex_unlock(&q_lock);
  return pushed;
}

static void *pop(void) {
  void *h = 0;
  pthread_mutex_lock(&q_lock);
  if (q_head != q_tail)
    h = queue[q_head++ % 4096];
  pthread_mutex_unlock(&q_lock);
  return h;
}

// Finishes a handle another thread acquired: read to the end, close, unref.
static void finish(void *h) {
  __bodysan_read(h, &read_site, 100, 4096, 0);
  __bodysan_read(h, &read_site, 0, 4096, 0);
  __bodysan_release(h, &close_site);
  __bodysan_unref(h, &unref_site);
}

// One local handle per round, closed; in the last round one stays open and
// is reported at this scope's exit, by every thread at about the same time.
NOINLINE static void scoped_round(char *h, int leak) {
  uintptr_t token = __bodysan_scope_enter();
  __bodysan_acquire_local(h, &acquire_site);
  __bodysan_read(h, &read_site, 0, 4096, 0);
  if (!leak) {
    __bodysan_release(h, &close_site);
    __bodysan_unref(h, &unref_site);
  }
  __bodysan_scope_exit(token, &worker_exit, 0);
}

static void *worker(void *arg) {
  long id = (long)arg;
  char *mine = slots[id];
  char *reqs = requests[id];
  for (int round = 0; round < kRounds; ++round) {
    // Half of the handles: the whole life on this thread, with extra
    // references and a handoff; the other half goes to whoever pops it.
    for (int i = 1; i < kPerThread; ++i) {
      void *h = i % 2 ? (void *)&queued[id][round][i] : (void *)&mine[i];
      __bodysan_acquire(h, &acquire_site);
      if (i % 2) {
        if (!push(h))
          finish(h);
        continue;
      }
      __bodysan_retain(h, &retain_site);
      __bodysan_read(h, &read_site, 10, 4096, 0);
      if (i % 8 == 0)
        __bodysan_handoff(h, &handoff_site);
      __bodysan_unref(h, &unref_site);
      __bodysan_read(h, &read_site, 0, 4096, 0);
      __bodysan_release(h, &close_site);
      __bodysan_unref(h, &unref_site);
      // A non-refcounted kind: its closed records go to the quarantine.
      __bodysan_acquire(&reqs[i], &req_acquire_site);
      __bodysan_read(&reqs[i], &read_site, 0, 4096, 0);
      __bodysan_release(&reqs[i], &req_end_site);
      void *other = pop();
      if (other)
        finish(other);
    }
    (void)__bodysan_live_count();
    scoped_round(&mine[0], round == kRounds - 1);
  }
  return 0;
}

// Forks while the workers are inside the runtime: the child works with its
// own (reset) runtime, reports its own leak and exits.
static void fork_child(int n) {
  pid_t pid = fork();
  if (pid == 0) {
    static char child_handles[2];
    __bodysan_acquire(&child_handles[0], &exit_acquire_site);
    __bodysan_release(&child_handles[0], &close_site);
    __bodysan_acquire(&child_handles[1], &exit_acquire_site);
    // A report from the child, then leave without the parent's exit work.
    int found = __bodysan_do_recoverable_check();
    _exit(found == 1 ? 0 : 100 + found);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    printf("fork %d: child status %d\n", n, status);
}

NOINLINE static void leak_at_exit(void) {
  __bodysan_acquire(&leaked_at_exit, &exit_acquire_site);
}

NOINLINE static void suppressed_leaker(void) {
  __bodysan_acquire(&suppressed, &supp_acquire_site);
}

int main(void) {
  pthread_t t[kThreads];
  for (long i = 0; i < kThreads; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  // While the workers run: recoverable checks (they see whatever is open
  // right now) and forks.
  for (int n = 0; n < 6; ++n) {
    (void)__bodysan_do_recoverable_check();
    fork_child(n);
  }
  for (int i = 0; i < kThreads; ++i)
    pthread_join(t[i], 0);
  for (void *h = pop(); h; h = pop())
    finish(h);
  printf("live after workers %zu\n", __bodysan_live_count());
  leak_at_exit();
  suppressed_leaker();
  printf("done\n");
  return 0;
}

// The 8 bodies left open in the last scoped_round were reported at its exit.
// RUN: grep -h "was still open when 'scoped_round' returned" %t.logs-asan/log.* | count 8
// RUN: grep -h "was still open when 'scoped_round' returned" %t.logs-tsan/log.* | count 8

// OUT-NOT: fork {{.*}} child status
// OUT: live after workers 8
// OUT-NEXT: done
// OUT-NEXT: exit code 23

// The parent's exit-time report and suppression table, and the forked
// children's reports, each in its own log file (in no fixed order).
// LOG-DAG: 1 test handle from test_open was never closed (still open at exit).
// LOG-DAG: #0 0x{{[0-9a-f]+}} in leak_at_exit {{.*}}selfcheck_stress.c
// LOG-DAG: #0 0x{{[0-9a-f]+}} in fork_child {{.*}}selfcheck_stress.c
// LOG-DAG: Suppressions used:
// LOG-DAG: 1 unclosed:suppressed_leaker
