//===- bodysan_gtest_register.cpp - automatic listener registration -------===//
//
// Linking this object registers the GoogleTest listener before main runs.
// Nothing references it from a program, so a static archive would leave it
// out: the link line names its anchor (-Wl,--undefined=...; the CMake target
// BodySanitizer::gtest does it), which pulls it in.
//
// UnitTest::GetInstance() is safe from a static initializer (a function-local
// static) and already holds the default result printer, so the listener comes
// after it and its OnTestEnd runs first.
//
//===----------------------------------------------------------------------===//
#include <bodysan/gtest.h>

extern "C" __attribute__((visibility("default"), used)) int
    __bodysan_gtest_listener_anchor = 0;

namespace {
struct AutoRegister {
  AutoRegister() { __bodysan::gtest::InstallListener(); }
};
AutoRegister Registration;
} // namespace
