// Intent: threads in a real libsoup 3 program compiled with the plugin at -O0 and -O2:
// a body acquired on a pthread and read to the end and closed on a GThread is not
// reported (exit 0, nothing printed); three threads that each leak one body into a global
// (each from its own function) are reported at exit, each with the thread that acquired
// it; a body left open in a thread function is reported when that function returns,
// with its thread, and not again at exit.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup -lpthread
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup -lpthread
// RUN: sh -c '%with_server -- %t-O0 handover 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=HANDOVER --implicit-check-not=BodySanitizer
// RUN: sh -c '%with_server -- %t-O2 handover 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=HANDOVER --implicit-check-not=BodySanitizer
// RUN: sh -c '%with_server -- %t-O0 leaks 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=LEAKS --implicit-check-not="ERROR: BodySanitizer"
// RUN: sh -c '%with_server -- %t-O2 leaks 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=LEAKS --implicit-check-not="ERROR: BodySanitizer"
#include <libsoup/soup.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

static char *url;
static SoupSession *sessions[8]; // one per thread; kept alive until exit
GInputStream *leaked[3];         // the three leaks kept until exit

// Sends a GET on session `i` (created here, in the calling thread).
NOINLINE static GInputStream *send_get(int i) {
  sessions[i] = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(sessions[i], msg, NULL, NULL);
  g_object_unref(msg);
  return body;
}

// pthread: acquires a body and hands it over through pthread_join.
static void *acquirer(void *arg) { return send_get(0); }

// GThread: reads the body it was given to the end and closes it.
static gpointer reader(gpointer data) {
  GInputStream *body = data;
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
  return GSIZE_TO_POINTER(total);
}

// Three threads, three functions: each keeps its body in a global, never closed.
NOINLINE static void *leaker_a(void *arg) { leaked[0] = send_get(1); return NULL; }
NOINLINE static void *leaker_b(void *arg) { leaked[1] = send_get(2); return NULL; }
NOINLINE static void *leaker_c(void *arg) { leaked[2] = send_get(3); return NULL; }

// A thread function whose local body is still open when it returns.
NOINLINE static void *local_leak_thread(void *arg) {
  sessions[4] = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(sessions[4], msg, NULL, NULL);
  guint status = soup_message_get_status(msg);
  g_object_unref(msg);
  return body ? GUINT_TO_POINTER(status) : NULL; // Bug: body is never closed.
}

static void run(void *(*fn)(void *)) {
  pthread_t t;
  pthread_create(&t, NULL, fn, NULL);
  pthread_join(t, NULL);
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  url = g_strconcat(base, "/ok", NULL);
  if (!strcmp(argv[1], "handover")) {
    pthread_t t;
    void *body = NULL;
    pthread_create(&t, NULL, acquirer, NULL);
    pthread_join(t, &body);
    GThread *r = g_thread_new("reader", reader, body);
    gsize total = GPOINTER_TO_SIZE(g_thread_join(r));
    printf("handover: read %zu bytes on another thread\n", total);
    return 0;
  }
  run(leaker_a);
  run(leaker_b);
  run(leaker_c);
  printf("three leakers joined\n");
  fflush(stdout);
  run(local_leak_thread);
  printf("local leak thread joined\n");
  return 0;
}

// HANDOVER: handover: read 65536 bytes on another thread
// HANDOVER-NEXT: server: connections=1 requests=1
// HANDOVER-NEXT: exit code 0

// Threads are numbered in creation order: leaker_a T1, leaker_b T2, leaker_c T3,
// local_leak_thread T4 (main is T0; every thread is joined before the next starts).
// LEAKS: three leakers joined
// LEAKS-NEXT: ERROR: BodySanitizer: unclosed-body
// LEAKS-NEXT: {{.*}} was still open when 'local_leak_thread' returned at {{.*}}threads.c:63:
// LEAKS: Acquired by thread T4 here:
// LEAKS-NEXT: #0 0x{{[0-9a-f]+}} in local_leak_thread {{.*}}threads.c:60:24
// LEAKS: local leak thread joined
// LEAKS-NEXT: ERROR: BodySanitizer: unclosed-body
// LEAKS-DAG: Acquired by thread T1 here:{{[[:space:]]+}}#0 0x{{[0-9a-f]+}} in send_get {{.*}}threads.c:30:24{{[[:space:]]+}}#1 0x{{[0-9a-f]+}} in leaker_a
// LEAKS-DAG: Acquired by thread T2 here:{{[[:space:]]+}}#0 0x{{[0-9a-f]+}} in send_get {{.*}}threads.c:30:24{{[[:space:]]+}}#1 0x{{[0-9a-f]+}} in leaker_b
// LEAKS-DAG: Acquired by thread T3 here:{{[[:space:]]+}}#0 0x{{[0-9a-f]+}} in send_get {{.*}}threads.c:30:24{{[[:space:]]+}}#1 0x{{[0-9a-f]+}} in leaker_c
// LEAKS: SUMMARY: BodySanitizer: unclosed-body: 3 bodies acquired at 3 stacks never closed
// LEAKS-NEXT: server: connections=4 requests=4
// LEAKS-NEXT: exit code 23
