// Intent: a transfer the server cuts short (it announces 65536 bytes, sends 1024
// and closes) makes a read fail; a program that reads until the error and then
// closes the body is correct, and is not reported as undrained: after a failed
// read the end can no longer be read, and the connection is gone anyway.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/truncated?size=65536", NULL);
  SoupSession *session = soup_session_new();
  int failed = 0;
  gsize total = 0;
  for (int i = 0; i < 3; i++) {
    SoupMessage *msg = soup_message_new("GET", url);
    GInputStream *body = soup_session_send(session, msg, NULL, NULL);
    if (body) {
      char buf[4096];
      gssize n;
      GError *error = NULL;
      while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, &error)) > 0)
        total += n;
      if (n < 0) {
        failed++;
        g_clear_error(&error);
      }
      g_input_stream_close(body, NULL, NULL);
      g_object_unref(body);
    }
    g_object_unref(msg);
  }
  // CHECK: 3 transfers cut short after 3072 bytes
  printf("%d transfers cut short after %zu bytes\n", failed, total);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK-NEXT: server: connections=3 requests=3
