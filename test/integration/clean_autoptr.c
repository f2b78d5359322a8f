// Intent: g_autoptr(GInputStream) releases a body read to the end when it goes out of
// scope (the cleanup attribute's unref); not reported; 1 connection for 5 requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static gsize fetch(SoupSession *session, const char *url) {
  g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
  g_autoptr(GInputStream) body = soup_session_send(session, msg, NULL, NULL);
  if (!body)
    return 0;
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  return total;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  g_autofree char *url = g_strconcat(base, "/ok", NULL);
  g_autoptr(SoupSession) session = soup_session_new();
  gsize total = 0;
  for (int i = 0; i < 5; ++i)
    total += fetch(session, url);
  // CHECK: read 327680 bytes
  printf("read %zu bytes\n", total);
  return 0;
}
// CHECK: server: connections=1 requests=5
