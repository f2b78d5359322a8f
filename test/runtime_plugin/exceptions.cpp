// Intent: C++ exceptions in a real libsoup 3 program compiled with the plugin at -O0 and
// -O2: (1) a function acquires a body and calls something that throws, caught in main:
// reported as "an exception unwound through 'fetch_then_throw'" with the acquisition
// stack; (2) a try/catch inside the acquiring function that catches and closes (after
// reading to the end): clean; (3) a catch-only landing pad in the acquiring function that
// does not match the exception (catches std::bad_alloc, std::runtime_error is thrown):
// still reported when the exception unwinds through it; (4) a RAII wrapper that drains
// and closes in its destructor during the unwind: clean. Exactly two reports; the
// program's own lines are all printed, and it exits 23.
// REQUIRES: libsoup
// RUN: %clangxx_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clangxx_bodysan -O2 %s -o %t-O2 %soup
// RUN: sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
// RUN: sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include <libsoup/soup.h>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <string>

#define NOINLINE __attribute__((noinline))

static SoupSession *session;
static const char *url;

NOINLINE static void fail(const char *what) { throw std::runtime_error(what); }

static GInputStream *send_get() {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
  return body;
}

static gsize drain_and_close(GInputStream *body) {
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, nullptr, nullptr)) > 0)
    total += n;
  g_input_stream_close(body, nullptr, nullptr);
  g_object_unref(body);
  return total;
}

// (1) The body is open when fail() throws out of this function.
NOINLINE static gsize fetch_then_throw() {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
  if (!body)
    return 0;
  fail("one");
  return drain_and_close(body);
}

// (2) Caught here, and the handler closes the body.
NOINLINE static gsize catch_and_close() {
  GInputStream *body = send_get();
  if (!body)
    return 0;
  try {
    fail("two");
  } catch (const std::runtime_error &) {
    return drain_and_close(body);
  }
  return 0;
}

// (3) The handler does not match: the exception unwinds through with the body open.
NOINLINE static gsize wrong_catch() {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
  if (!body)
    return 0;
  try {
    fail("three");
  } catch (const std::bad_alloc &) {
    return drain_and_close(body);
  }
  return drain_and_close(body);
}

// (4) RAII: the destructor drains and closes, also during an unwind.
struct BodyGuard {
  GInputStream *Body;
  explicit BodyGuard(GInputStream *B) : Body(B) {}
  ~BodyGuard() {
    if (Body)
      drain_and_close(Body);
  }
  BodyGuard(const BodyGuard &) = delete;
  BodyGuard &operator=(const BodyGuard &) = delete;
};

NOINLINE static void raii_throw() {
  BodyGuard G(send_get());
  fail("four");
}

int main() {
  url = std::getenv("BODYSAN_TEST_URL");
  if (!url)
    return 2;
  std::string full = std::string(url) + "/ok";
  url = full.c_str();
  session = soup_session_new_with_options("max-conns-per-host", 10, nullptr);
  try {
    fetch_then_throw();
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
    std::fflush(stdout);
  }
  std::printf("catch_and_close read %zu bytes\n", catch_and_close());
  std::fflush(stdout);
  try {
    wrong_catch();
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
    std::fflush(stdout);
  }
  try {
    raii_throw();
  } catch (const std::exception &e) {
    std::printf("caught %s\n", e.what());
    std::fflush(stdout);
  }
  g_object_unref(session);
  return 0;
}

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: libsoup 3 response body (GInputStream) from soup_session_send was still open when an exception unwound through 'fetch_then_throw{{(\(\))?}}' at {{.*}}exceptions.cpp:48
// CHECK: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in fetch_then_throw() {{.*}}exceptions.cpp:50:24
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}exceptions.cpp
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in fetch_then_throw
// CHECK-NEXT: caught one
// CHECK-NEXT: catch_and_close read 65536 bytes
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: libsoup 3 response body (GInputStream) from soup_session_send was still open when an exception unwound through 'wrong_catch{{(\(\))?}}' at {{.*}}exceptions.cpp:72
// CHECK: Acquired by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in wrong_catch() {{.*}}exceptions.cpp:74:24
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in wrong_catch
// CHECK-NEXT: caught three
// CHECK-NEXT: caught four
// CHECK-NEXT: server: connections=3 requests=4
// CHECK-NEXT: exit code 23
