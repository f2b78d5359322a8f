/* A real libsoup 3 program with three bugs, shared by the flag and suppression
 * tests of this directory (compiled with the plugin, so every hook is inserted
 * by the pass):
 *   scope_leak      - a local body still open when the function returns
 *                     (unclosed-body at scope exit),
 *   undrained_close - a body closed before any of it was read (undrained-body),
 *   global_leak     - a body kept in a global until exit (unclosed-body at exit).
 * Each step prints a fixed line on stdout (flushed, so it interleaves with the
 * reports on stderr), and main returns atoi(argv[1]) (0 without arguments). */
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))

static SoupSession *session;
static char *url;
GInputStream *kept_body; /* the leak kept until exit */

static void say(const char *line) {
  printf("%s\n", line);
  fflush(stdout);
}

NOINLINE static guint scope_leak(void) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL); /* SCOPE-ACQ */
  guint status = soup_message_get_status(msg);
  g_object_unref(msg);
  if (!body)
    return 0;
  return status; /* SCOPE-RET: the bug, body is still open */
}

NOINLINE static void undrained_close(void) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL); /* UNDRAINED-ACQ */
  if (body) {
    g_input_stream_close(body, NULL, NULL); /* UNDRAINED-CLOSE: nothing was read */
    g_object_unref(body);
  }
  g_object_unref(msg);
}

NOINLINE static void global_leak(void) {
  SoupMessage *msg = soup_message_new("GET", url);
  kept_body = soup_session_send(session, msg, NULL, NULL); /* GLOBAL-ACQ */
  g_object_unref(msg);
}

static int run_three_bugs(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = g_strconcat(base, "/ok", NULL);
  /* Leaked bodies hold their connections: more than libsoup's default 2. */
  session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  if (scope_leak() == 200)
    say("step 1: scope_leak got 200");
  undrained_close();
  say("step 2: undrained_close done");
  global_leak();
  say("step 3: global_leak done");
  return argc > 1 ? atoi(argv[1]) : 0;
}
