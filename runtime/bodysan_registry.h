//===- bodysan_registry.h - the table of tracked handles ------------------===//
//
// Records of tracked handles, keyed by handle address, in 64 shards each with
// its own lock and chained hash table. Closed records of non-refcounted kinds
// stay in a bounded per-shard quarantine so double-close and use-after-close
// can be seen. Callers lock a shard, work on its records and unlock before
// reporting or calling into other libraries.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_REGISTRY_H
#define BODYSAN_REGISTRY_H

#include "bodysan_internal.h"
#include "bodysan_stack.h"

#include <bodysan/bodysan_abi.h>

namespace __bodysan {

struct Record {
  Record *Next; // hash chain / free list
  const void *Handle;
  const __bodysan_kind *Kind;
  const __bodysan_site *AcquireSite;
  const __bodysan_site *ReleaseSite;
  void *Parent; // the session or multi handle it belongs to, or NULL
  u64 Serial;
  u64 Bytes;
  u64 PendingCount;
  u64 Section; // the checked section it was acquired in, 0 for none
  StackId AcquireStack;
  StackId ReleaseStack;
  u32 Tid;
  u32 ReleaseTid;
  int32_t RefCount;
  int32_t QuarantineSlot; // -1 when not in the quarantine
  u8 Eof;
  u8 Closed;
  u8 Unobserved;
  u8 Reported;   // already reported as unclosed (at a scope exit)
  u8 Ignored;
  u8 UseAfterCloseReported;
  u8 Watched;       // a GObject weak reference reports the finalization
  u8 EofSignal;     // the library's EOF signal is connected: it decides Eof
  u8 AwaitFinalize; // the program dropped its last reference; the verdict
                    // waits for the finalization (GLib may still read it)
  u8 Exempt;        // an undrained release costs nothing (kind's exemption)
  u8 ReadFailed;    // a read failed: the end can no longer be read
  u8 ClosedByParent; // closed by __bodysan_close_children: the program's own
                     // release that follows is the correct one, not a second
  u8 TransferEnded;  // a done completion message ended the current transfer
                     // (reset by an attach): a detach gives no verdict
};

// Counted in NumOpen: not released by the program, not ignored.
inline bool IsLiveOpen(const Record *R) { return !R->Closed && !R->Ignored; }
// Still to be reported as unclosed: open and not reported at a scope exit.
inline bool IsUnreportedOpen(const Record *R) {
  return IsLiveOpen(R) && !R->Reported;
}

// A copy of the parts of a record a report needs (taken under the lock).
struct HandleInfo {
  const void *Handle;
  const __bodysan_kind *Kind;
  const __bodysan_site *AcquireSite;
  const __bodysan_site *ReleaseSite;
  const void *Parent;
  u64 Serial;
  u64 Bytes;
  StackId AcquireStack;
  StackId ReleaseStack;
  u32 Tid;
  u32 ReleaseTid;
};

enum { kNumShards = 64, kQuarantinePerShard = 64 };

struct alignas(64) Shard {
  Mutex Lock;
  Record **Buckets;
  u32 NumBuckets; // 0 or a power of two
  u32 NumRecords; // read without the lock as a fast "empty" check
  u32 NumOpen;    // not closed, not ignored
  u32 Index;
  u64 NextSerial;
  Record *FreeList;
  Record *Quarantine[kQuarantinePerShard];
  u32 QuarantinePos;
};

extern Shard Shards[kNumShards];

inline u64 HashHandle(const void *H) {
  u64 X = (u64)(uptr)H;
  X ^= X >> 33;
  X *= 0xff51afd7ed558ccdULL;
  X ^= X >> 33;
  return X;
}

inline Shard &ShardFor(const void *H) {
  return Shards[HashHandle(H) >> 58];
}

// True when the shard holds no record at all (no lock; may be stale).
inline bool ShardEmpty(Shard &S) {
  return __atomic_load_n(&S.NumRecords, __ATOMIC_RELAXED) == 0;
}

// Calls F(Shard, Record) for every record, shard by shard under its lock. F
// must not unlink records.
template <typename Fn> void ForEachRecordLocked(Fn F) {
  for (u32 I = 0; I < kNumShards; ++I) {
    Shard &S = Shards[I];
    if (ShardEmpty(S))
      continue;
    ScopedLock L(S.Lock);
    for (u32 B = 0; B < S.NumBuckets; ++B)
      for (Record *R = S.Buckets[B]; R; R = R->Next)
        F(S, R);
  }
}

void InitRegistry();
Record *FindLocked(Shard &S, const void *H);
// Allocates and inserts a fresh open record for H (zeroed except Handle, a new
// Serial, RefCount = 1, QuarantineSlot = -1); the caller removed any previous
// record for H.
Record *InsertLocked(Shard &S, const void *H);
// Unlinks R (and takes it out of the quarantine) and frees it.
void RemoveLocked(Shard &S, Record *R);
// Moves a just closed record of a non-refcounted kind into the quarantine,
// evicting the oldest quarantined record if needed.
void QuarantineLocked(Shard &S, Record *R);
// Marks R closed or ignored, keeping NumOpen right.
void SetClosedLocked(Shard &S, Record *R);
void SetIgnoredLocked(Shard &S, Record *R);
HandleInfo Snapshot(const Record *R);

// Copies every open (not closed, not ignored, not yet reported) record.
void CollectOpenHandles(Vector<HandleInfo> *Out);
size_t LiveCount();
// In the child after fork: forget everything.
void RegistryAfterForkChild();

} // namespace __bodysan

#endif // BODYSAN_REGISTRY_H
