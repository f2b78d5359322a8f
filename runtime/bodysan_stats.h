//===- bodysan_stats.h - per-site statistics (print_stats) ----------------===//
//
// With print_stats=1 the hooks count, per acquisition site, the handles
// acquired, closed, drained and undrained; at exit the table adds the ones
// still open and prints it with the totals. Counters live in a fixed
// lock-free table keyed by the __bodysan_site pointer (atomic adds, a CAS
// to claim a slot); with the flag off the hooks pay one flag check.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_STATS_H
#define BODYSAN_STATS_H

#include "bodysan_flags.h"
#include "bodysan_internal.h"
#include "bodysan_registry.h"

namespace __bodysan {

BODYSAN_ALWAYS_INLINE bool StatsEnabled() {
  return BODYSAN_UNLIKELY(flags()->print_stats);
}

// A handle was acquired at Site.
void StatsAcquire(const __bodysan_site *Site);
// R (still open) is being released by the program. With Verdict, the
// release is also classified: drained (its end was read, or the kind's
// exemption says an early close costs nothing) or undrained (released
// before its end, where the kind treats that as an error, whatever the
// report flags and suppressions say); without (closed through its parent),
// it only counts as closed. Call with R's shard locked.
void StatsClose(const Record *R, bool Verdict);
// An undrained release whose verdict waits for the parent's next request
// (BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT) counts as closed at the release
// (StatsClose without verdict) and is classified when the verdict is decided.
enum PendingOutcome {
  kPendingNoVerdict, // dropped with no request harmed or helped (the parent
                     // went away, exit)
  kPendingDrained,   // the next request started: the release cost nothing
  kPendingUndrained  // reported, or the program closed the connection
};
void StatsPendingDecided(const __bodysan_site *AcquireSite,
                         PendingOutcome Outcome);
// A transfer on R was stopped before the end of its body (libcurl's
// TRANSFER rule or a completion message): one undrained.
void StatsStopped(const Record *R);
// Appends the table (with the handles still open now) to Out. Takes the
// registry's shard locks: call with none held.
void AppendStats(TextBuffer *Out);
void StatsAfterForkChild();

} // namespace __bodysan

#endif // BODYSAN_STATS_H
