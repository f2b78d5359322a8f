// Intent: extra g_object_ref/g_object_unref pairs on a body (a cache holding a second
// reference for a while) do not confuse the reference counting: a body read to the end
// and released by its last unref is not reported; 1 connection for 5 requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static gsize fetch(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  gsize total = 0;
  if (body) {
    GInputStream *extra = g_object_ref(body);
    GInputStream *another = g_object_ref(extra);
    char buf[8192];
    gssize n;
    while ((n = g_input_stream_read(another, buf, sizeof buf, NULL, NULL)) > 0)
      total += n;
    g_object_unref(another);
    g_object_unref(body);
    // The last reference closes the stream; no explicit close.
    g_object_unref(extra);
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
    total += fetch(session, url);
  g_object_unref(session);
  g_free(url);
  // CHECK: read 327680 bytes
  printf("read %zu bytes\n", total);
  return 0;
}
// CHECK: server: connections=1 requests=5
