// Intent: a status-only check that drains the body with g_input_stream_skip until it
// returns 0 and then closes it (Go's PingService) is not reported, and the connection is
// reused: 1 connection for 5 requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static gboolean ping_service(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (!body) {
    g_object_unref(msg);
    return FALSE;
  }
  // Drain, so that libsoup can put the connection back in its pool.
  while (g_input_stream_skip(body, 1 << 20, NULL, NULL) > 0)
    ;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
  gboolean up = soup_message_get_status(msg) == SOUP_STATUS_OK;
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
  // CHECK: service up 5 of 5 times
  printf("service up %d of 5 times\n", up);
  return 0;
}
// CHECK: server: connections=1 requests=5
