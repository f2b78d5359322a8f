/* lease.c - the pool behind lease.h. */
#include "lease.h"

#include <stddef.h>

struct lease {
  int taken;
};

static struct lease pool[4];

struct lease *lease_take(void) {
  for (size_t i = 0; i < sizeof pool / sizeof pool[0]; ++i)
    if (!pool[i].taken) {
      pool[i].taken = 1;
      return &pool[i];
    }
  return NULL;
}

void lease_give(struct lease *l) { l->taken = 0; }
