// Intent: a body acquired on the main thread and read to the end and closed by another
// thread (GThread) is not reported; 1 connection for 5 requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// Thread function: reads the body it was given to the end and closes it.
static gpointer reader_thread(gpointer data) {
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

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new();
  gsize total = 0;
  for (int i = 0; i < 5; ++i) {
    SoupMessage *msg = soup_message_new("GET", url);
    GInputStream *body = soup_session_send(session, msg, NULL, NULL);
    if (body) {
      GThread *reader = g_thread_new("reader", reader_thread, body);
      total += GPOINTER_TO_SIZE(g_thread_join(reader));
    }
    g_object_unref(msg);
  }
  g_object_unref(session);
  g_free(url);
  // CHECK: read 327680 bytes on another thread
  printf("read %zu bytes on another thread\n", total);
  return 0;
}
// CHECK: server: connections=1 requests=5
