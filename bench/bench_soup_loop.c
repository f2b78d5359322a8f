// bench_soup_loop.c - a loopback request loop with libsoup 3, timed.
//
// Built twice by bench/run-bench.sh, plain and instrumented; each run makes
// REQUESTS sequential GETs on one session (read to EOF, close, unref) and
// prints the mean microseconds per request. The slowdown is the ratio.
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

// CPU time of this process (all its threads), in microseconds.
static double cpu_us(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + ru.ru_utime.tv_usec +
         ru.ru_stime.tv_usec;
}

static gboolean get_once(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (!body) {
    g_object_unref(msg);
    return FALSE;
  }
  char buf[16384];
  while (g_input_stream_read(body, buf, sizeof buf, NULL, NULL) > 0)
    ;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
  g_object_unref(msg);
  return TRUE;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  int requests = argc > 1 ? atoi(argv[1]) : 2000;
  if (!base || requests <= 0) {
    fprintf(stderr, "usage: BODYSAN_TEST_URL=http://127.0.0.1:PORT %s [requests]\n", argv[0]);
    return 2;
  }
  char *url = g_strdup_printf("%s/ok?size=4096", base);
  SoupSession *session = soup_session_new();
  get_once(session, url); // warm-up: opens the connection
  double start = now_us(), cpu_start = cpu_us();
  int ok = 0;
  for (int i = 0; i < requests; ++i)
    ok += get_once(session, url);
  double per = (now_us() - start) / requests;
  double cpu = (cpu_us() - cpu_start) / requests;
  printf("%d/%d requests ok, %.1f us per request, client cpu %.1f us per request\n", ok,
         requests, per, cpu);
  g_object_unref(session);
  g_free(url);
  return ok == requests ? 0 : 1;
}
