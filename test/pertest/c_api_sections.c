// Intent: the C API of checked sections with real libsoup bodies. Two threads each
// run a checked section at the same time (a barrier makes them overlap, and every
// body is acquired while both are open): each check reports only its own thread's
// leaked body, and the one of the main thread (no section of its own, two open) is
// blamed on neither. Sections nest; checking an outer section also checks and closes
// the inner ones. A worker thread's body goes to the only open section (a thread that
// exited with a section open does not count). Bodies acquired before a checkpoint are
// never blamed on it, and a body the program unref'd without closing (read to its
// end, or handed to a GDataInputStream that still holds it) is not blamed.
// What a section reported is not reported again at exit.
// REQUIRES: libsoup
// (section_settle_ms=0: leaks are reported at once, without the settle window;
// gtest_settle_window.cpp tests the window.)
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup -pthread
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup -pthread
// RUN: %env_bodysan_opts=section_settle_ms=0 not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <bodysan/bodysan_interface.h>
#include <libsoup/soup.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *url;
static pthread_barrier_t barrier;
// Leaked bodies are kept here, so no scope check reports them first.
static GInputStream *kept[16];
static int num_kept;

static SoupSession *new_session(void) {
  // Leaked bodies hold their connections: more than the default 2 per host.
  return soup_session_new_with_options("max-conns-per-host", 20, NULL);
}

static SoupMessage *new_message(void) { return soup_message_new("GET", url); }

static void keep(GInputStream *body) { kept[num_kept++] = body; }

static void drain_and_close(GInputStream *body) {
  char buf[8192];
  while (g_input_stream_read(body, buf, sizeof buf, NULL, NULL) > 0)
    ;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
}

// Source lines of the acquisitions of the threads, for the checks.
static int leaky_line, worker_line;

static void *leaky_thread(void *arg) {
  SoupSession *session = new_session();
  uintptr_t token = __bodysan_checkpoint();
  pthread_barrier_wait(&barrier); // both sections are open
  SoupMessage *msg = new_message();
  leaky_line = __LINE__ + 1;
  keep(soup_session_send(session, msg, NULL, NULL));
  g_object_unref(msg);
  pthread_barrier_wait(&barrier); // every body was acquired
  pthread_barrier_wait(&barrier); // the clean thread checked its section
  char report[8192];
  const char *file = NULL;
  unsigned line = 0;
  int n = __bodysan_check_section(token, "leaky thread", report, sizeof report,
                                  &file, &line);
  const char *base = file ? strrchr(file, '/') : NULL;
  fprintf(stderr, "leaky section: %d reported, at %s:%u (line %d), copy has the "
          "summary: %s\n", n, base ? base + 1 : file, line, leaky_line,
          strstr(report, "SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in "
                         "leaky_thread") ? "yes" : "no");
  g_object_unref(session);
  return NULL;
}

static void *clean_thread(void *arg) {
  SoupSession *session = new_session();
  uintptr_t token = __bodysan_checkpoint();
  pthread_barrier_wait(&barrier);
  SoupMessage *msg = new_message();
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  g_object_unref(msg);
  pthread_barrier_wait(&barrier);
  // The leaky thread's body and the main thread's are open now: not ours.
  drain_and_close(body);
  char report[256] = "untouched";
  int n = __bodysan_check_section(token, "clean thread", report, sizeof report,
                                  NULL, NULL);
  fprintf(stderr, "clean section: %d reported, copy: '%s'\n", n, report);
  pthread_barrier_wait(&barrier);
  g_object_unref(session);
  return NULL;
}

// Started inside a section of the main thread, the only one open.
static void *worker_thread(void *arg) {
  SoupSession *session = arg;
  SoupMessage *msg = new_message();
  worker_line = __LINE__ + 1;
  keep(soup_session_send(session, msg, NULL, NULL));
  g_object_unref(msg);
  return NULL;
}

// Opens a section and exits without checking it.
static void *abandon_section(void *arg) {
  __bodysan_checkpoint();
  return NULL;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = g_strconcat(base, "/ok?size=1000", NULL);
  SoupSession *session = new_session();

  // Two checked sections at the same time.
  pthread_barrier_init(&barrier, NULL, 3);
  pthread_t leaky, clean;
  pthread_create(&leaky, NULL, leaky_thread, NULL);
  pthread_create(&clean, NULL, clean_thread, NULL);
  pthread_barrier_wait(&barrier);
  // No section on this thread and two open elsewhere: blamed on neither.
  SoupMessage *msg = new_message();
  GInputStream *orphan = soup_session_send(session, msg, NULL, NULL);
  keep(orphan);
  g_object_unref(msg);
  pthread_barrier_wait(&barrier);
  pthread_barrier_wait(&barrier);
  pthread_join(leaky, NULL);
  pthread_join(clean, NULL);
  // CHECK: clean section: 0 reported, copy: ''
  // CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was still open at the end of the checked section 'leaky thread'.
  // CHECK: Acquired by thread T{{[0-9]+}} here:
  // CHECK-NEXT: #0 {{.*}} in leaky_thread {{.*}}c_api_sections.c:[[LEAKY:[0-9]+]]
  // CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in leaky_thread at {{.*}}c_api_sections.c:[[LEAKY]]:{{[0-9]+}} still open at the end of the checked section 'leaky thread'
  // CHECK-NEXT: leaky section: 1 reported, at c_api_sections.c:[[LEAKY]] (line [[LEAKY]]), copy has the summary: yes

  // Nested sections: the inner check reports the inner body, the outer one
  // only its own (the inner one was reported).
  uintptr_t outer = __bodysan_checkpoint();
  msg = new_message();
  keep(soup_session_send(session, msg, NULL, NULL)); // the outer body
  g_object_unref(msg);
  uintptr_t inner = __bodysan_checkpoint();
  msg = new_message();
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: 1 libsoup 3 {{.*}} at the end of the checked section 'inner'.
  // CHECK: #0 {{.*}} in main {{.*}}c_api_sections.c:[[@LINE+5]]
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: 1 libsoup 3 {{.*}} at the end of the checked section 'outer'.
  // CHECK: #0 {{.*}} in main {{.*}}c_api_sections.c:[[@LINE-9]]
  // CHECK: nested: inner 1, outer 1
  keep(soup_session_send(session, msg, NULL, NULL)); // the inner body
  g_object_unref(msg);
  int n_inner = __bodysan_check_section(inner, "inner", NULL, 0, NULL, NULL);
  int n_outer = __bodysan_check_section(outer, "outer", NULL, 0, NULL, NULL);
  fprintf(stderr, "nested: inner %d, outer %d\n", n_inner, n_outer);

  // Checking the outer section closes the inner one with it.
  outer = __bodysan_checkpoint();
  inner = __bodysan_checkpoint();
  msg = new_message();
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: 1 libsoup 3 {{.*}} at the end of the checked section 'outer only'.
  // CHECK: #0 {{.*}} in main {{.*}}c_api_sections.c:[[@LINE+1]]
  keep(soup_session_send(session, msg, NULL, NULL));
  g_object_unref(msg);
  n_outer = __bodysan_check_section(outer, "outer only", NULL, 0, NULL, NULL);
  n_inner = __bodysan_check_since(inner);
  // CHECK: outer only: 1, then inner: -1, again: -1
  fprintf(stderr, "outer only: %d, then inner: %d, again: %d\n", n_outer, n_inner,
          __bodysan_check_since(outer));

  // Acquired before the checkpoint, closed after it: nothing. Acquired before
  // and still open: not blamed on the section (the exit check reports it).
  msg = new_message();
  GInputStream *before = soup_session_send(session, msg, NULL, NULL);
  g_object_unref(msg);
  msg = new_message();
  // CHECK: before: 0
  GInputStream *still_open = soup_session_send(session, msg, NULL, NULL);
  keep(still_open);
  g_object_unref(msg);
  uintptr_t token = __bodysan_checkpoint();
  drain_and_close(before);
  fprintf(stderr, "before: %d\n", __bodysan_check_since(token));

  // Read to the end and unref'd without a close: released, not blamed.
  token = __bodysan_checkpoint();
  msg = new_message();
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  g_object_unref(msg);
  char buf[8192];
  while (g_input_stream_read(body, buf, sizeof buf, NULL, NULL) > 0)
    ;
  g_object_unref(body);
  // CHECK: unref'd: 0
  fprintf(stderr, "unref'd: %d\n", __bodysan_check_since(token));

  // Handed to a GDataInputStream and unref'd: the program let go of it, GLib
  // still holds it (the verdict waits for its finalization): not blamed.
  token = __bodysan_checkpoint();
  msg = new_message();
  body = soup_session_send(session, msg, NULL, NULL);
  g_object_unref(msg);
  GDataInputStream *data = g_data_input_stream_new(body);
  g_object_unref(body);
  // CHECK: handed over: 0
  fprintf(stderr, "handed over: %d\n", __bodysan_check_since(token));
  while (g_input_stream_read(G_INPUT_STREAM(data), buf, sizeof buf, NULL, NULL) > 0)
    ;
  g_object_unref(data);

  // A worker thread of the only open section: blamed on it. (A thread that
  // exits with a section open closes it: it does not count as open.)
  pthread_t abandoning;
  pthread_create(&abandoning, NULL, abandon_section, NULL);
  pthread_join(abandoning, NULL);
  token = __bodysan_checkpoint();
  pthread_t worker;
  pthread_create(&worker, NULL, worker_thread, session);
  pthread_join(worker, NULL);
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was still open at the end of the checked section.
  // CHECK: #0 {{.*}} in worker_thread {{.*}}c_api_sections.c:[[WORKER:[0-9]+]]
  // CHECK: worker: 1 (line [[WORKER]])
  int n_worker = __bodysan_check_since(token);
  fprintf(stderr, "worker: %d (line %d)\n", n_worker, worker_line);
  // CHECK: invalid token: -1
  fprintf(stderr, "invalid token: %d\n", __bodysan_check_since(12345));

  // At exit: the main thread's two bodies that no section reported, and
  // nothing a section reported.
  // CHECK-NOT: ERROR: BodySanitizer
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-NOT: in leaky_thread
  // CHECK-NOT: in worker_thread
  // CHECK: SUMMARY: BodySanitizer: unclosed-body: 2 bodies acquired at 2 stacks never closed
  // CHECK-NOT: ERROR: BodySanitizer
  // The leaky and the clean thread have a session each (a connection each).
  // The main session opens six: one per body open at its next request
  // (orphan, outer, inner, outer only, before, still open); the unref'd and
  // the handed over bodies reuse the connection of `before`, and the worker's
  // body reuses it again.
  // CHECK: server: connections=8 requests=11
  return 0;
}
