// Intent: -mllvm -bodysan-warn warns at compile time, at the acquisition, when a
// libsoup body that stays in its function reaches a return unclosed: Go's
// FetchData bug (an early return on a bad status). Same at -O0 and -O2; nothing
// without the flag; -Werror=pass-failed makes it an error; with -g0 clang points
// at the function instead.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn 2>&1 | FileCheck %s
// RUN: %clang_bodysan -O2 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn 2>&1 | FileCheck %s
// RUN: %clang_bodysan -O2 -c %s -o /dev/null -Wno-unused-command-line-argument %soup 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty
// RUN: not %clang_bodysan -O0 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn -Werror=pass-failed 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: %clang_bodysan -O0 -g0 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn 2>&1 | FileCheck %s --check-prefix=NODEBUG
// OFF-NOT: warning
#include <libsoup/soup.h>

// NODEBUG: soup_bad_status_early_return.c:[[@LINE+1]]:16: warning: BodySanitizer: libsoup 3 response body (GInputStream) from 'soup_session_send' in 'fetch_data' is not released on a path that returns (compile with -g for the lines) [-Wpass-failed=bodysan]
static GBytes *fetch_data(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GError *error = NULL;
  // CHECK: soup_bad_status_early_return.c:[[@LINE+2]]:24: warning: BodySanitizer: libsoup 3 response body (GInputStream) from 'soup_session_send' in 'fetch_data' is not released on a path that returns at line [[@LINE+11]] [-Wpass-failed=bodysan]
  // ERROR: soup_bad_status_early_return.c:[[@LINE+1]]:24: error: BodySanitizer: {{.*}} [-Werror,-Wpass-failed=bodysan]
  GInputStream *body = soup_session_send(session, msg, NULL, &error);
  if (!body) {
    g_printerr("%s\n", error->message);
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
// CHECK: 1 warning generated.

int main(int argc, char **argv) {
  SoupSession *session = soup_session_new();
  GBytes *data = fetch_data(session, argc > 1 ? argv[1] : "http://127.0.0.1/");
  if (data)
    g_bytes_unref(data);
  g_object_unref(session);
  return 0;
}
