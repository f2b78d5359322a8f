// Intent: an exception thrown after a body was acquired unwinds past the close: the body
// is reported when the exception leaves fetch_or_throw (scope exit by exception), with
// the acquisition stack; the program catches the exception and its output is kept.
// REQUIRES: libsoup
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

static void expect_ok(SoupMessage *msg) {
  if (soup_message_get_status(msg) != SOUP_STATUS_OK)
    throw std::runtime_error("bad status " + std::to_string(soup_message_get_status(msg)));
}

// Returns the body's size; throws on a bad status, before the body is closed.
static gsize fetch_or_throw(SoupSession *session, SoupMessage *msg) {
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK-DAG: exception{{.*}}fetch_or_throw
  // CHECK-DAG: in fetch_or_throw{{.*}} {{.*}}unclosed_exception_unwind.cpp:[[@LINE+2]]
  // CHECK-DAG: in main {{.*}}unclosed_exception_unwind.cpp
  GInputStream *body = soup_session_send(session, msg, nullptr, nullptr);
  if (!body)
    return 0;
  expect_ok(msg); // Throws past the close below.
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, nullptr, nullptr)) > 0)
    total += n;
  g_input_stream_close(body, nullptr, nullptr);
  g_object_unref(body);
  return total;
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  std::string url = std::string(base) + "/status/500";
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, nullptr);
  int errors = 0;
  for (int i = 0; i < 5; ++i) {
    SoupMessage *msg = soup_message_new("GET", url.c_str());
    try {
      fetch_or_throw(session, msg);
    } catch (const std::runtime_error &e) {
      if (i == 0)
        std::printf("caught: %s\n", e.what());
      ++errors;
    }
    g_object_unref(msg);
  }
  g_object_unref(session);
  // CHECK: SUMMARY: BodySanitizer:
  // CHECK: caught: bad status 500
  // CHECK: 5 errors
  std::printf("%d errors\n", errors);
  std::fflush(stdout);
  return 0;
}
// CHECK: server: connections=5 requests=5
