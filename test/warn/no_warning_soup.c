// Intent: correct libsoup code in the shapes real programs use gets no
// compile-time warning: every release path, the GError out-parameter checked
// instead of the result, goto cleanup, g_autoptr and g_clear_object, a handle
// returned or handed over, a flag that decides both the acquisition and the
// close, a helper that closes, noreturn error paths, loops, switches, type and
// state checks. One function with a real leak (last) shows the warning is on;
// --implicit-check-not makes any other warning fail the test. -O0 and -O2.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_bodysan -O2 -c %s -o /dev/null -Wno-unused-command-line-argument %soup -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static void drain_and_close(GInputStream *body) {
  char buf[4096];
  while (g_input_stream_read(body, buf, sizeof buf, NULL, NULL) > 0)
    ;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
}

// The result is not checked: the GError is (the body is NULL then).
int gerror_checked(SoupSession *s, SoupMessage *msg) {
  GError *error = NULL;
  GInputStream *body = soup_session_send(s, msg, NULL, &error);
  if (error) {
    g_printerr("%s\n", error->message);
    g_error_free(error);
    return -1;
  }
  drain_and_close(body);
  return 0;
}

int goto_cleanup(SoupSession *s, SoupMessage *msg) {
  int rc = -1;
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (!body)
    goto out;
  if (soup_message_get_status(msg) != 200)
    goto out;
  rc = 0;
out:
  if (body) {
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
  }
  return rc;
}

int autoptr(SoupSession *s, SoupMessage *msg) {
  g_autoptr(GInputStream) body = soup_session_send(s, msg, NULL, NULL);
  if (!body || soup_message_get_status(msg) != 200)
    return -1;
  return (int)g_input_stream_skip(body, 100, NULL, NULL);
}

int clear_object(SoupSession *s, SoupMessage *msg) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (soup_message_get_status(msg) != 200) {
    g_clear_object(&body);
    return -1;
  }
  g_input_stream_close(body, NULL, NULL);
  g_clear_object(&body);
  return 0;
}

GInputStream *returned(SoupSession *s, SoupMessage *msg) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (!body)
    return NULL;
  if (soup_message_get_status(msg) >= 400) {
    drain_and_close(body);
    return NULL;
  }
  return body;
}

struct fetch {
  GInputStream *body;
};

int handed_over(SoupSession *s, SoupMessage *msg, struct fetch *out) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (!body)
    return -1;
  out->body = body;
  return 0;
}

int flag_decides(SoupSession *s, SoupMessage *msg, int online) {
  GInputStream *body = NULL;
  if (online)
    body = soup_session_send(s, msg, NULL, NULL);
  puts("working");
  if (online)
    drain_and_close(body);
  return 0;
}

int ok_flag(SoupSession *s, SoupMessage *msg) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  int ok = body != NULL;
  puts("sent");
  if (ok)
    drain_and_close(body);
  return ok;
}

int noreturn_paths(SoupSession *s, SoupMessage *msg) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (!body)
    return -1;
  guint status = soup_message_get_status(msg);
  if (status == 500)
    abort();
  if (status == 501)
    g_error("not implemented");
  if (status == 502)
    exit(2);
  drain_and_close(body);
  return 0;
}

int loop(SoupSession *s, SoupMessage **msgs, int n) {
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    GInputStream *body = soup_session_send(s, msgs[i], NULL, NULL);
    if (!body)
      continue;
    if (soup_message_get_status(msgs[i]) != 200) {
      g_object_unref(body);
      continue;
    }
    drain_and_close(body);
    ++ok;
  }
  return ok;
}

int switch_on_status(SoupSession *s, SoupMessage *msg) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (!body)
    return -1;
  switch (soup_message_get_status(msg)) {
  case 200:
    drain_and_close(body);
    return 1;
  case 204:
  case 304:
    g_object_unref(body);
    return 0;
  default:
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
    return -1;
  }
}

GInputStream *type_checked(SoupSession *s, SoupMessage *msg) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  g_return_val_if_fail(G_IS_INPUT_STREAM(body), NULL);
  return body;
}

int state_checked(SoupSession *s, SoupMessage *msg) {
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (!body)
    return -1;
  if (g_input_stream_is_closed(body))
    return 0;
  drain_and_close(body);
  return 1;
}

int leaks(SoupSession *s, SoupMessage *msg) {
  // CHECK: no_warning_soup.c:[[@LINE+1]]:24: warning: BodySanitizer: {{.*}} in 'leaks' is not released on a path that returns at line [[@LINE+4]]
  GInputStream *body = soup_session_send(s, msg, NULL, NULL);
  if (!body)
    return -1;
  return soup_message_get_status(msg) == 200;
}
// CHECK: 1 warning generated.
