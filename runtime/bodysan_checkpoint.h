//===- bodysan_checkpoint.h - checked sections (per-test checks) ----------===//
//
// __bodysan_checkpoint opens a checked section on the calling thread and
// __bodysan_check_since closes it, reporting the handles acquired in it that
// are still open (bodysan_interface.h has the contract). Acquire asks which
// section a new handle belongs to and keeps the answer in its record.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_CHECKPOINT_H
#define BODYSAN_CHECKPOINT_H

#include "bodysan_internal.h"

namespace __bodysan {

// Set by the first checkpoint and never cleared: until then, acquisitions
// pay one relaxed load for checked sections.
extern u8 SectionsUsed;

u64 SectionForAcquireSlow();

// The id of the checked section a handle acquired now on this thread belongs
// to, or 0 for none.
BODYSAN_ALWAYS_INLINE u64 SectionForAcquire() {
  if (BODYSAN_LIKELY(!__atomic_load_n(&SectionsUsed, __ATOMIC_RELAXED)))
    return 0;
  return SectionForAcquireSlow();
}

// In the child after fork: no section is open (the records are gone too).
void CheckpointAfterForkChild();

} // namespace __bodysan

#endif // BODYSAN_CHECKPOINT_H
