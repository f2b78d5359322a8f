// Intent: a body handed to a helper function that reads it to the end and closes it is
// not reported (neither at the acquiring function's return nor at exit); 1 connection
// for 5 requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// Reads `body` to its end, closes it and drops the caller's reference.
static gsize consume_body(GInputStream *body) {
  char buf[4096];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
  return total;
}

static gsize fetch(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  gsize total = body ? consume_body(body) : 0;
  g_object_unref(msg);
  return total;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/chunked", NULL);
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
