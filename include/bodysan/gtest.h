//===- gtest.h - BodySanitizer's GoogleTest integration ---------*- C++ -*-===//
//
// Fails the test during which a body (or any tracked handle) was acquired and
// is still open when the test ends, like goleak's VerifyNone for Go. Link
// libbodysan_gtest.a (CMake: `target_link_libraries(tests PRIVATE
// BodySanitizer::gtest)`; by hand: `libbodysan_gtest.a
// -Wl,--undefined=__bodysan_gtest_listener_anchor -lgtest`) into an
// instrumented test binary and the listener below is registered before main
// runs; no code changes are needed. docs/PerTestChecks.md has the details.
//
// What fails a test: a handle acquired while the test ran (from the test
// fixture's constructor to its destructor, on the test's thread or on a
// thread the test started while no other checked section was open) that is
// still open at the end of the test: not released, not ignored, not already
// reported, and not an object the program let go of whose finalization is
// pending. The failure is non-fatal (the test goes on to its end anyway), is
// located at the acquisition call, names the test (`Suite.Name`) and has the
// acquisition stack; the report is printed as usual too, counts as an error,
// and is not repeated at exit. Handles acquired before the test (by another
// test, in SetUpTestSuite, by a global Environment) are never blamed on it.
//
// Nothing here needs the runtime at link time: in a binary built without
// BodySanitizer the listener does nothing.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_GTEST_H
#define BODYSAN_GTEST_H

#include <bodysan/bodysan_interface.h>

#include <gtest/gtest.h>

#include <stdint.h>

/* Defined by the object of libbodysan_gtest.a that registers the listener
 * automatically; linking with -Wl,--undefined=__bodysan_gtest_listener_anchor
 * pulls that object in. Link without it to register by hand. */
extern "C" int __bodysan_gtest_listener_anchor;

namespace __bodysan {
namespace gtest {

// Opens a checked section when a test starts and checks it when the test
// ends, adding a non-fatal failure to the test for what is still open.
// OnTestEnd runs inside the test's result scope, before the result printer
// prints the test's verdict (GoogleTest calls OnTestEnd in reverse order of
// registration; the listener moves itself to the end of the list once the
// environments are set up, so it also runs before printers added later).
class Listener : public ::testing::EmptyTestEventListener {
public:
  void OnEnvironmentsSetUpEnd(const ::testing::UnitTest &UnitTest) override;
  void OnTestStart(const ::testing::TestInfo &Info) override;
  void OnTestEnd(const ::testing::TestInfo &Info) override;

private:
  uintptr_t Token = 0; // of the running test's section, 0 between tests
};

// Registers a Listener with ::testing::UnitTest::GetInstance()->listeners()
// unless one registered by this function (or automatically) is there already,
// and returns it (owned by GoogleTest). For a binary linked without the
// anchor, or a custom main that replaced the listeners: call it before
// RUN_ALL_TESTS().
::testing::TestEventListener *InstallListener();

// Removes and deletes the listener InstallListener (or the automatic
// registration) added, if any: the opt-out for a binary linked with the
// anchor. Call it before RUN_ALL_TESTS().
void UninstallListener();

// Checks the checked section Token (from __bodysan_checkpoint() on this
// thread): what is still open of it is reported, and fails the current test
// (non-fatally) at the acquisition call, naming Section (the current test's
// `Suite.Name` when NULL). Returns how many handles were reported, or -1 for
// a token that does not name a section open on this thread (and in a binary
// without the runtime).
int ExpectNoOpenHandlesSince(uintptr_t Token, const char *Section = nullptr);

// Checks a block of a test on its own, e.g. each iteration of a loop:
//   { __bodysan::gtest::ScopedCheck Check("FetchTest.Retry loop");
//     fetch_with_retry(session, url); }
// The handles it reports fail the test once, here, and are not blamed on the
// test again at its end. Section (the current test's name when NULL) must
// outlive the object: a string literal.
class ScopedCheck {
public:
  explicit ScopedCheck(const char *Section = nullptr);
  ~ScopedCheck();
  ScopedCheck(const ScopedCheck &) = delete;
  ScopedCheck &operator=(const ScopedCheck &) = delete;
  ScopedCheck(ScopedCheck &&) = delete;
  ScopedCheck &operator=(ScopedCheck &&) = delete;

private:
  const char *Section;
  uintptr_t Token;
};

} // namespace gtest
} // namespace __bodysan

#endif // BODYSAN_GTEST_H
