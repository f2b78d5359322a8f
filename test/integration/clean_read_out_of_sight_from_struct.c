// Intent: a body kept in a heap struct and read to its end where the pass cannot see
// it (g_output_stream_splice with CLOSE_SOURCE, inside GIO) is not reported as
// undrained: libsoup's own "eof" signal says the end was read. One connection serves
// all requests.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

struct response {
  SoupMessage *msg;
  GInputStream *body;
};

static struct response *response_new(SoupSession *session, const char *url) {
  struct response *r = g_new0(struct response, 1);
  r->msg = soup_message_new("GET", url);
  r->body = soup_session_send(session, r->msg, NULL, NULL);
  return r;
}

static void response_free(struct response *r) {
  g_clear_object(&r->body);
  g_object_unref(r->msg);
  g_free(r);
}

int main(void) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok", NULL);
  SoupSession *session = soup_session_new();
  gssize total = 0;
  for (int i = 0; i < 3; i++) {
    struct response *r = response_new(session, url);
    GOutputStream *out = g_memory_output_stream_new_resizable();
    total += g_output_stream_splice(out, r->body, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE,
                                    NULL, NULL);
    g_object_unref(out);
    response_free(r);
  }
  // CHECK: spliced 196608 bytes
  printf("spliced %zd bytes\n", total);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK-NEXT: server: connections=1 requests=3
