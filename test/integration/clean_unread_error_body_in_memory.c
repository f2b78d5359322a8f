// Intent: for a final 401 libsoup reads the body itself and returns it as a
// GMemoryInputStream: closing it unread costs no connection, so it is not reported
// (an object without libsoup's "eof" signal is not a body on a connection). The
// connection is reused.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/status/401", NULL);
  SoupSession *session = soup_session_new();
  int unauthorized = 0;
  for (int i = 0; i < 5; i++) {
    SoupMessage *msg = soup_message_new("GET", url);
    GInputStream *body = soup_session_send(session, msg, NULL, NULL);
    if (body && soup_message_get_status(msg) == SOUP_STATUS_UNAUTHORIZED)
      unauthorized++;
    g_clear_object(&body); // unread: there is nothing left to read on the wire
    g_object_unref(msg);
  }
  // CHECK: 5 of 5 unauthorized
  printf("%d of 5 unauthorized\n", unauthorized);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK-NEXT: server: connections=1 requests=5
