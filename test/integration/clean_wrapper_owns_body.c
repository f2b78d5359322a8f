// Intent: "wrap it, then drop my reference": a GDataInputStream takes its own reference
// to the body, the program unrefs the body at once and reads lines through the wrapper
// to the end. The program's last unref is not the body's release; the verdict waits for
// the body's finalization, when libsoup had seen its end: no report, one connection.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok?size=1000", NULL);
  SoupSession *session = soup_session_new();
  int lines = 0;
  for (int i = 0; i < 3; i++) {
    SoupMessage *msg = soup_message_new("GET", url);
    GInputStream *body = soup_session_send(session, msg, NULL, NULL);
    GDataInputStream *data = g_data_input_stream_new(body);
    g_object_unref(body); // the wrapper owns the body now
    char *line;
    while ((line = g_data_input_stream_read_line(data, NULL, NULL, NULL))) {
      lines++;
      g_free(line);
    }
    g_object_unref(data); // finalizes the body, after its end was read
    g_object_unref(msg);
  }
  // CHECK: read {{[0-9]+}} lines
  printf("read %d lines\n", lines);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK-NEXT: server: connections=1 requests=3
