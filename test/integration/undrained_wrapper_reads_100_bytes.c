// Intent: a body handed to a GDataInputStream that reads only its first 100 bytes is
// still undrained, although every read of the body happens inside GIO (the wrapper
// fills its buffer) where the pass cannot see it: libsoup's "eof" signal never fired. The verdict comes when the body is finalized
// (the wrapper's unref), naming the program's last unref of the body; the server sees
// one connection per request.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static gssize peek(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  GDataInputStream *data = g_data_input_stream_new(body);
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-NEXT: was released by g_object_unref (last reference) at {{.*}}undrained_wrapper_reads_100_bytes.c:[[@LINE+1]]:3 before its end was read
  g_object_unref(body);
  char head[100];
  gssize n = g_input_stream_read(G_INPUT_STREAM(data), head, sizeof head, NULL, NULL);
  g_object_unref(data); // the body is finalized here, its end unread
  g_object_unref(msg);
  return n;
}
// CHECK: Acquired by thread T0 here:
// CHECK-NEXT: in peek {{.*}}undrained_wrapper_reads_100_bytes.c:[[@LINE-12]]

int main(void) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok?size=100000", NULL);
  SoupSession *session = soup_session_new();
  gssize total = 0;
  for (int i = 0; i < 3; i++)
    total += peek(session, url);
  // CHECK: peeked at 300 bytes
  printf("peeked at %zd bytes\n", total);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK: server: connections=3 requests=3
