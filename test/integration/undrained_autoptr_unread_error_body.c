// Intent: the literal C translation of Go's FetchDataSafe (`defer resp.Body.Close()` as
// g_autoptr) still loses the connection on a bad status: the unread error body is
// released by g_autoptr's unref before its end was read. Reported as undrained-body at
// that last unref, naming the acquisition; the server sees one connection per request.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// Returns the body's size, or -1 on a bad status. `body` is released on every path.
static gssize fetch_data_safe(SoupSession *session, const char *url) {
  g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
  // CHECK: ERROR: BodySanitizer: undrained-body
  // CHECK-DAG: {{[^0-9]}}0 byte
  // CHECK-DAG: released by g_object_unref
  // CHECK-DAG: in fetch_data_safe {{.*}}undrained_autoptr_unread_error_body.c:[[@LINE+1]]
  g_autoptr(GInputStream) body = soup_session_send(session, msg, NULL, NULL);
  if (!body)
    return -1;
  if (soup_message_get_status(msg) != SOUP_STATUS_OK)
    return -1; // `body` is unreffed here, unread.
  char buf[8192];
  gssize total = 0, n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  return total;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/status/503", NULL);
  SoupSession *session = soup_session_new();
  int failed = 0;
  for (int i = 0; i < 5; ++i)
    if (fetch_data_safe(session, url) < 0)
      ++failed;
  g_object_unref(session);
  g_free(url);
  // CHECK: SUMMARY: BodySanitizer: undrained-body
  // CHECK: failed 5 times
  printf("failed %d times\n", failed);
  fflush(stdout);
  return 0;
}
// CHECK: server: connections=5 requests=5
