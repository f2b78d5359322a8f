/* lease_app.c - takes two leases and gives one back. Checked in
 * test/install/cmake_package.test. */
#include "lease.h"

#include <stdio.h>

static struct lease *kept;

int main(void) {
  struct lease *a = lease_take();
  kept = lease_take(); /* Bug: never given back. LEASE-LINE */
  lease_give(a);
  printf("lease_app: done\n");
  return 0;
}
