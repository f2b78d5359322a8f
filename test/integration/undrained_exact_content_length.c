// Intent: a body read for exactly Content-Length bytes and closed without the read that
// returns 0 is undrained: libsoup reuses a connection only after it saw the end of the
// body. The report names the release and the acquisition and the 65536 bytes read; the
// server sees one connection per request.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// Reads exactly as many bytes as the response announced, then stops: "I have it all".
static gsize fetch_exactly(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-DAG: {{[^0-9]}}65536 byte
  // CHECK-DAG: in fetch_exactly {{.*}}undrained_exact_content_length.c:[[@LINE+15]]
  // CHECK-DAG: in fetch_exactly {{.*}}undrained_exact_content_length.c:[[@LINE+1]]
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  gsize total = 0;
  if (body) {
    goffset length = soup_message_headers_get_content_length(
        soup_message_get_response_headers(msg));
    char buf[8192];
    while (total < (gsize)length) {
      gssize n = g_input_stream_read(body, buf, MIN(sizeof buf, (gsize)length - total),
                                     NULL, NULL);
      if (n <= 0)
        break;
      total += n;
    }
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
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
    total += fetch_exactly(session, url);
  g_object_unref(session);
  g_free(url);
  // CHECK: SUMMARY: BodySanitizer:
  // CHECK: read 327680 bytes
  printf("read %zu bytes\n", total);
  fflush(stdout);
  return 0;
}
// CHECK: server: connections=5 requests=5
