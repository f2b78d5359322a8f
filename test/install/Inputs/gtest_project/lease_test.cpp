// lease_test.cpp - one clean and one leaking test of lease.h. Checked in
// test/install/gtest_package.test.
extern "C" {
#include "lease.h"
}

#include <gtest/gtest.h>

TEST(Lease, GivesBack) {
  struct lease *l = lease_take();
  ASSERT_NE(l, nullptr);
  lease_give(l);
}

TEST(Lease, Leaks) {
  struct lease *l = lease_take(); // LEAK
  ASSERT_NE(l, nullptr);
}
