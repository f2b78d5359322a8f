// Intent: soup_session_abort drops every connection of the session, so a body
// of that session closed unread afterwards costs nothing: no undrained-body
// report. A body closed unread without the abort is still reported (the
// "undrained" run), which is what makes the clean run meaningful.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 abort 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %with_server -- %t-O0 noabort 2>&1 | FileCheck %s --check-prefix=UNDRAINED
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 abort 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %with_server -- %t-O2 noabort 2>&1 | FileCheck %s --check-prefix=UNDRAINED

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Reads one block of the body, then gives up on the whole session when asked.
static gssize first_block(SoupSession *session, const char *url,
                          gboolean abort_session) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (!body) {
    g_object_unref(msg);
    return -1;
  }
  char buf[4096];
  gssize n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL);
  if (abort_session)
    soup_session_abort(session);
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
  g_object_unref(msg);
  return n;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  gboolean abort_session = strcmp(argv[1], "abort") == 0;
  char *url = g_strconcat(base, "/ok?size=100000", NULL);
  SoupSession *session = soup_session_new();
  gssize total = 0;
  for (int i = 0; i < 3; ++i)
    total += first_block(session, url, abort_session);
  g_object_unref(session);
  g_free(url);
  printf("read %ld bytes\n", (long)total);
  return 0;
}
// CLEAN: read 12288 bytes
// CLEAN: server: connections=3 requests=3

// UNDRAINED: ERROR: BodySanitizer: undrained-body
// UNDRAINED: in first_block {{.*}}clean_close_after_session_abort.c:[[@LINE-34]]
// UNDRAINED: read 12288 bytes
// UNDRAINED: server: connections=3 requests=3
