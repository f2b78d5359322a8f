// Intent: Go's FetchData bug in libsoup 3: a body left open by an early return on a bad
// status is reported when fetch_data returns, naming the acquisition; the program's own
// output is kept, and the server sees one TCP connection per request (nothing is reused).
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// Returns the whole body of `url`, or NULL on a bad status.
static GBytes *fetch_data(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GError *error = NULL;
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-DAG: when 'fetch_data' returned at {{.*}}unclosed_early_return.c:[[@LINE+11]]:5.
  // CHECK-DAG: in fetch_data {{.*}}unclosed_early_return.c:[[@LINE+2]]
  // CHECK-DAG: in main {{.*}}unclosed_early_return.c
  GInputStream *body = soup_session_send(session, msg, NULL, &error);
  if (!body) {
    g_clear_error(&error);
    g_object_unref(msg);
    return NULL;
  }
  if (soup_message_get_status(msg) != SOUP_STATUS_OK) {
    g_object_unref(msg);
    return NULL; // Bug: `body` is still open.
  }
  GByteArray *data = g_byte_array_new();
  guint8 buf[8192];
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    g_byte_array_append(data, buf, n);
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
  g_object_unref(msg);
  return g_byte_array_free_to_bytes(data);
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/status/503", NULL);
  // Leaked bodies hold their connections: allow more than libsoup's default 2 per host,
  // or the third request would wait forever.
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  int failed = 0;
  for (int i = 0; i < 5; ++i)
    if (!fetch_data(session, url))
      ++failed;
  g_object_unref(session);
  g_free(url);
  // CHECK: SUMMARY: BodySanitizer:
  // CHECK: fetch_data failed 5 times
  printf("fetch_data failed %d times\n", failed);
  fflush(stdout);
  return 0;
}
// CHECK: server: connections=5 requests=5
