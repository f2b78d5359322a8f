// Intent: a helper that checks its argument with g_return_val_if_fail (G_IS_INPUT_STREAM
// (in)) and closes it without reading is reported as undrained: GLib's type checks only
// look at the handle, they do not hide its reads.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean finish(GInputStream *in) {
  g_return_val_if_fail(G_IS_INPUT_STREAM(in), FALSE);
  g_debug("closing %s", G_OBJECT_TYPE_NAME(in));
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-NEXT: was released by g_input_stream_close at {{.*}}undrained_after_type_check.c:[[@LINE+1]]:10 before its end was read (0 bytes read)
  return g_input_stream_close(in, NULL, NULL);
}

int main(void) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok", NULL);
  SoupSession *session = soup_session_new();
  for (int i = 0; i < 3; i++) {
    SoupMessage *msg = soup_message_new("GET", url);
    GInputStream *body = soup_session_send(session, msg, NULL, NULL);
    finish(body);
    g_object_unref(body);
    g_object_unref(msg);
  }
  // CHECK: done
  printf("done\n");
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK: server: connections=3 requests=3
