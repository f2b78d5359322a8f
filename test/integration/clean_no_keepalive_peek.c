// Intent: a response with "Connection: close" ends its connection whatever the
// client does, so closing its body after reading only the first 100 bytes costs
// nothing and is not reported (libsoup's soup_message_is_keepalive () is FALSE:
// the kind's exemption). The same program against a keep-alive URL is reported,
// so the exemption is what keeps the first run quiet.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 /close 2>&1 | FileCheck %s --check-prefix=CLOSE --implicit-check-not=BodySanitizer
// RUN: not %with_server -- %t-O0 /ok 2>&1 | FileCheck %s --check-prefix=KEEPALIVE
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 /close 2>&1 | FileCheck %s --check-prefix=CLOSE --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), argc > 1 ? argv[1] : "/close", NULL);
  SoupSession *session = soup_session_new();
  gssize peeked = 0;
  for (int i = 0; i < 3; i++) {
    SoupMessage *msg = soup_message_new("GET", url);
    GInputStream *body = soup_session_send(session, msg, NULL, NULL);
    char head[100];
    peeked += g_input_stream_read(body, head, sizeof head, NULL, NULL);
    // KEEPALIVE: ERROR: BodySanitizer: undrained-body
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
    g_object_unref(msg);
  }
  // CLOSE: peeked at 300 bytes
  // KEEPALIVE: peeked at 300 bytes
  printf("peeked at %zd bytes\n", peeked);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CLOSE-NEXT: server: connections=3 requests=3
// KEEPALIVE: server: connections=3 requests=3
