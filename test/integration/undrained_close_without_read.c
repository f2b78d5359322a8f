// Intent: closing a body without reading it (a status-only check, Go's PingService
// without the drain) is undrained: reported at the close with 0 bytes read, with the
// acquisition stack; the server sees one connection per request.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// Returns TRUE when the service answers 200; the body is not needed.
static gboolean ping_service(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-DAG: {{[^0-9]}}0 byte
  // CHECK-DAG: in ping_service {{.*}}undrained_close_without_read.c:[[@LINE+6]]
  // CHECK-DAG: in ping_service {{.*}}undrained_close_without_read.c:[[@LINE+1]]
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (!body)
    return FALSE;
  gboolean up = soup_message_get_status(msg) == SOUP_STATUS_OK;
  g_input_stream_close(body, NULL, NULL); // Bug: not drained first.
  g_object_unref(body);
  g_object_unref(msg);
  return up;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new();
  int up = 0;
  for (int i = 0; i < 5; ++i)
    up += ping_service(session, url);
  g_object_unref(session);
  g_free(url);
  // CHECK: SUMMARY: BodySanitizer:
  // CHECK: service up 5 of 5 times
  printf("service up %d of 5 times\n", up);
  fflush(stdout);
  return 0;
}
// CHECK: server: connections=5 requests=5
