// Intent: C++ __bodysan::ScopedDisabler with real libsoup 3 bodies in a program compiled
// with the plugin at -O0 and -O2: a body acquired inside the disabler's scope is not
// tracked (not counted, not reported at its scope exit nor at exit), tracking resumes
// when the disabler is destroyed (a second leak after it is reported), and the program's
// output is kept.
// REQUIRES: libsoup
// RUN: %clangxx_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clangxx_bodysan -O2 %s -o %t-O2 %soup
// RUN: sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
// RUN: sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include <bodysan/bodysan_interface.h>
#include <libsoup/soup.h>
#include <cstdio>
#include <cstdlib>
#include <string>

#define NOINLINE __attribute__((noinline))

static SoupSession *session;
static std::string url;
GInputStream *kept_after; // acquired after the disabler: reported at exit

// A local leak under a ScopedDisabler: not reported when this function returns.
NOINLINE static guint disabled_local_leak() {
  __bodysan::ScopedDisabler disabler;
  SoupMessage *msg = soup_message_new("GET", url.c_str());
  GInputStream *body = soup_session_send(session, msg, nullptr, nullptr);
  guint status = soup_message_get_status(msg);
  g_object_unref(msg);
  std::printf("live inside the disabler: %zu\n", __bodysan_live_count());
  return body ? status : 0;
}

NOINLINE static void tracked_global_leak() {
  SoupMessage *msg = soup_message_new("GET", url.c_str());
  kept_after = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
}

int main() {
  const char *base = std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = std::string(base) + "/ok";
  session = soup_session_new_with_options("max-conns-per-host", 10, nullptr);
  std::printf("disabled leak status %u\n", disabled_local_leak());
  std::printf("live after the disabler: %zu\n", __bodysan_live_count());
  tracked_global_leak();
  std::printf("live after a tracked leak: %zu\n", __bodysan_live_count());
  return 0;
}

// CHECK: live inside the disabler: 0
// CHECK-NEXT: disabled leak status 200
// CHECK-NEXT: live after the disabler: 0
// CHECK-NEXT: live after a tracked leak: 1
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// CHECK: #0 0x{{[0-9a-f]+}} in tracked_global_leak() {{.*}}public_api.cpp:36:16
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in tracked_global_leak
// CHECK-NEXT: server: connections=2 requests=2
// CHECK-NEXT: exit code 23
