// Intent: "start the async read, drop my reference": the pending operation keeps the
// body alive, and the callbacks take it back with g_async_result_get_source_object (a
// reference the pass cannot see), read it to the end and close it. Reads after the
// program's own last unref are not use-after-close, and nothing is undrained: no
// report, one connection for five requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  GMainLoop *loop;
  gsize total;
} Context;

static void on_read(GObject *source, GAsyncResult *res, gpointer user_data) {
  (void)source;
  Context *ctx = user_data;
  GInputStream *body = G_INPUT_STREAM(g_async_result_get_source_object(res));
  GBytes *bytes = g_input_stream_read_bytes_finish(body, res, NULL);
  gsize n = bytes ? g_bytes_get_size(bytes) : 0;
  if (bytes)
    g_bytes_unref(bytes);
  if (n > 0) {
    ctx->total += n;
    g_input_stream_read_bytes_async(body, 8192, G_PRIORITY_DEFAULT, NULL, on_read, ctx);
  } else {
    g_input_stream_close(body, NULL, NULL);
    g_main_loop_quit(ctx->loop);
  }
  g_object_unref(body);
}

int main(void) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok", NULL);
  SoupSession *session = soup_session_new();
  Context ctx = {g_main_loop_new(NULL, FALSE), 0};
  for (int i = 0; i < 5; i++) {
    SoupMessage *msg = soup_message_new("GET", url);
    GInputStream *body = soup_session_send(session, msg, NULL, NULL);
    g_input_stream_read_bytes_async(body, 8192, G_PRIORITY_DEFAULT, NULL, on_read, &ctx);
    g_object_unref(body); // the pending read keeps it alive
    g_main_loop_run(ctx.loop);
    g_object_unref(msg);
  }
  // CHECK: read 327680 bytes
  printf("read %zu bytes\n", ctx.total);
  g_main_loop_unref(ctx.loop);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK-NEXT: server: connections=1 requests=5
