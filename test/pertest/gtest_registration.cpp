// Intent: how the GoogleTest listener gets registered, with a real libsoup body. The
// anchor on the link line registers it; without the anchor nothing is registered (the
// leaking test passes and the exit check reports the body) unless main calls
// InstallListener; UninstallListener opts out of the automatic registration. ScopedCheck checks a block of a test on its own: its leak
// fails the test once, named after the block, and is not blamed on the test again.
// REQUIRES: libsoup, gtest
// RUN: %clangxx_bodysan -g -O2 %s -o %t-auto %soup %bodysan_gtest %gtest_libs
// RUN: not %with_server -- %t-auto 2>&1 | FileCheck %s --check-prefixes=CHECK,LISTENER
// RUN: %clangxx_bodysan -g -O2 %s -o %t-none %soup %bodysan_obj/lib/libbodysan_gtest.a %gtest_libs
// RUN: not %with_server -- %t-none 2>&1 | FileCheck %s --check-prefixes=CHECK,NONE
// RUN: %clangxx_bodysan -g -O0 -DMANUAL %s -o %t-manual %soup %bodysan_obj/lib/libbodysan_gtest.a %gtest_libs
// RUN: not %with_server -- %t-manual 2>&1 | FileCheck %s --check-prefixes=CHECK,LISTENER
// RUN: %clangxx_bodysan -g -O0 -DOPTOUT %s -o %t-optout %soup %bodysan_gtest %gtest_libs
// RUN: not %with_server -- %t-optout 2>&1 | FileCheck %s --check-prefixes=CHECK,NONE

#include <bodysan/gtest.h>
#include <gtest/gtest.h>
#include <libsoup/soup.h>

#include <cstdlib>
#include <string>

static SoupSession *session;
static std::string url;
static GInputStream *kept[4]; // out of reach of scope checks

static void leak(int i) {
  SoupMessage *msg = soup_message_new("GET", url.c_str());
  kept[i] = soup_session_send(session, msg, nullptr, nullptr);
  g_object_unref(msg);
}

// CHECK-LABEL: [ RUN      ] Registration.Leaks
// LISTENER: BodySanitizer: 1 handle acquired during Registration.Leaks is still open at its end:
// LISTENER: [  FAILED  ] Registration.Leaks (
// NONE-NEXT: [       OK ] Registration.Leaks (
TEST(Registration, Leaks) { leak(0); }

// The block's leak fails the test at the block (in every mode: ScopedCheck needs no
// listener), and the test's own check has nothing left to report.
// CHECK-LABEL: [ RUN      ] Registration.ScopedCheck
// CHECK-NEXT: ==
// CHECK-SAME: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 libsoup 3 {{.*}} was still open at the end of the checked section 'retry loop'.
// CHECK: BodySanitizer: 1 handle acquired during retry loop is still open at its end:
// CHECK: #0 {{.*}} in leak(int)
// CHECK-NOT: BodySanitizer
// CHECK: [  FAILED  ] Registration.ScopedCheck (
TEST(Registration, ScopedCheck) {
  {
    __bodysan::gtest::ScopedCheck Check("retry loop");
    leak(1);
  }
}

// NONE: [==========] 2 tests from 1 test suite ran.
// NONE: ERROR: BodySanitizer: unclosed-body
// NONE-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// LISTENER-NOT: BodySanitizer
// CHECK: server: connections=2 requests=2

int main(int argc, char **argv) {
  ::testing::InitGoogleTest(&argc, argv);
#if defined(MANUAL)
  __bodysan::gtest::InstallListener();
  __bodysan::gtest::InstallListener(); // once is enough; twice changes nothing
#elif defined(OPTOUT)
  __bodysan::gtest::UninstallListener();
#endif
  const char *base = std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = std::string(base) + "/ok?size=1000";
  session = soup_session_new_with_options("max-conns-per-host", 10, nullptr);
  return RUN_ALL_TESTS();
}
