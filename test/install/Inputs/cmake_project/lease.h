/* lease.h - a tiny in-house API: leases from a fixed pool, declared to
 * BodySanitizer by lease.yaml. */
#ifndef LEASE_H
#define LEASE_H

struct lease;

/* Takes a lease from the pool, or NULL when the pool is empty. */
struct lease *lease_take(void);
/* Gives a lease back to the pool. */
void lease_give(struct lease *l);

#endif
