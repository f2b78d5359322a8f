// Intent: the asynchronous API, soup_session_send_async + soup_session_send_finish (the
// acquisition) in a callback, driven by a bounded GMainContext loop, then a read to the
// end and a close, is not reported; 1 connection for 5 requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

struct request {
  GInputStream *body;
  gboolean done;
};

static void on_sent(GObject *source, GAsyncResult *result, gpointer data) {
  struct request *req = data;
  req->body = soup_session_send_finish(SOUP_SESSION(source), result, NULL);
  req->done = TRUE;
}

static gsize fetch_async(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  struct request req = {NULL, FALSE};
  soup_session_send_async(session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &req);
  // Bounded: 30 s at most, then give up rather than hang.
  gint64 deadline = g_get_monotonic_time() + 30 * G_USEC_PER_SEC;
  while (!req.done && g_get_monotonic_time() < deadline)
    g_main_context_iteration(NULL, TRUE);
  gsize total = 0;
  if (req.body) {
    char buf[8192];
    gssize n;
    while ((n = g_input_stream_read(req.body, buf, sizeof buf, NULL, NULL)) > 0)
      total += n;
    g_input_stream_close(req.body, NULL, NULL);
    g_object_unref(req.body);
  }
  g_object_unref(msg);
  return total;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new();
  gsize total = 0;
  for (int i = 0; i < 5; ++i)
    total += fetch_async(session, url);
  g_object_unref(session);
  g_free(url);
  // CHECK: read 327680 bytes asynchronously
  printf("read %zu bytes asynchronously\n", total);
  return 0;
}
// CHECK: server: connections=1 requests=5
