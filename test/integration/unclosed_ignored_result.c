// Intent: the result of soup_session_send thrown away (the leak libsoup marks the
// function G_GNUC_WARN_UNUSED_RESULT for) is reported as an unclosed body acquired at
// that call; the program's output is kept and no connection is reused.
// REQUIRES: libsoup
// The report may come when notify_server returns or at exit: the program's own output
// is checked separately (OUT) so that its place does not matter.
// RUN: %clang_bodysan -g -O0 -Wno-unused-result %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 > %t-O0.log 2>&1
// RUN: FileCheck %s < %t-O0.log
// RUN: FileCheck %s --check-prefix=OUT < %t-O0.log
// RUN: %clang_bodysan -g -O2 -Wno-unused-result %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 > %t-O2.log 2>&1
// RUN: FileCheck %s < %t-O2.log
// RUN: FileCheck %s --check-prefix=OUT < %t-O2.log

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// "Fire and forget": the caller only wants the request to reach the server.
static void notify_server(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-DAG: in notify_server {{.*}}unclosed_ignored_result.c:[[@LINE+1]]
  soup_session_send(session, msg, NULL, NULL);
  g_object_unref(msg);
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/small", NULL);
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  for (int i = 0; i < 5; ++i)
    notify_server(session, url);
  g_free(url);
  // OUT: notified 5 times
  printf("notified 5 times\n");
  fflush(stdout);
  return 0;
}
// CHECK: SUMMARY: BodySanitizer:
// CHECK: server: connections=5 requests=5
// OUT: server: connections=5 requests=5
