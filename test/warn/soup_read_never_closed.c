// Intent: a function that reads its libsoup body to the end but never closes
// it (and never drops its reference) gets the compile-time warning at -O0 and
// -O2: reads do not release the body. The handle check `if (!body)` is
// followed only in its success direction, so the NULL return is not blamed.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_bodysan -O2 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -Wno-unused-command-line-argument %soup 2>&1 | count 0
#include <libsoup/soup.h>

static gssize count_bytes(SoupSession *session, SoupMessage *msg) {
  // CHECK: soup_read_never_closed.c:[[@LINE+1]]:24: warning: BodySanitizer: libsoup 3 response body (GInputStream) from 'soup_session_send' in 'count_bytes' is not released on a path that returns at line [[@LINE+9]] [-Wpass-failed=bodysan]
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (!body)
    return -1;
  char buf[4096];
  gssize total = 0, n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  // Bug: read to the end, but neither closed nor unreferenced.
  return total;
}

int main(int argc, char **argv) {
  SoupSession *session = soup_session_new();
  SoupMessage *msg = soup_message_new("GET", argc > 1 ? argv[1] : "http://127.0.0.1/");
  g_print("%zd\n", count_bytes(session, msg));
  g_object_unref(msg);
  g_object_unref(session);
  return 0;
}
