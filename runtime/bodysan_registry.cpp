//===- bodysan_registry.cpp - the table of tracked handles ----------------===//
//
// Sharded chained hash tables with per-shard free lists of records.
//
//===----------------------------------------------------------------------===//
#include "bodysan_registry.h"

namespace __bodysan {

Shard Shards[kNumShards];

void InitRegistry() {
  for (u32 I = 0; I < kNumShards; ++I) {
    Shards[I].Lock.reinit();
    Shards[I].Index = I;
  }
}

static inline u32 BucketOf(const Shard &S, const void *H) {
  return (u32)HashHandle(H) & (S.NumBuckets - 1);
}

Record *FindLocked(Shard &S, const void *H) {
  if (!S.NumBuckets)
    return nullptr;
  for (Record *R = S.Buckets[BucketOf(S, H)]; R; R = R->Next)
    if (R->Handle == H)
      return R;
  return nullptr;
}

static void Grow(Shard &S) {
  u32 NewNum = S.NumBuckets ? S.NumBuckets * 2 : 64;
  Record **NewBuckets =
      static_cast<Record **>(InternalCalloc(NewNum, sizeof(Record *)));
  u32 OldNum = S.NumBuckets;
  Record **Old = S.Buckets;
  S.Buckets = NewBuckets;
  S.NumBuckets = NewNum;
  for (u32 I = 0; I < OldNum; ++I) {
    Record *R = Old[I];
    while (R) {
      Record *Next = R->Next;
      u32 B = BucketOf(S, R->Handle);
      R->Next = NewBuckets[B];
      NewBuckets[B] = R;
      R = Next;
    }
  }
  InternalFree(Old);
}

Record *InsertLocked(Shard &S, const void *H) {
  if (S.NumRecords + 1 > S.NumBuckets)
    Grow(S);
  Record *R = S.FreeList;
  if (R)
    S.FreeList = R->Next;
  else
    R = static_cast<Record *>(InternalAlloc(sizeof(Record)));
  memset(R, 0, sizeof(*R));
  R->Handle = H;
  R->Serial = (++S.NextSerial << 6) | S.Index;
  R->QuarantineSlot = -1;
  R->RefCount = 1;
  u32 B = BucketOf(S, H);
  R->Next = S.Buckets[B];
  S.Buckets[B] = R;
  __atomic_store_n(&S.NumRecords, S.NumRecords + 1, __ATOMIC_RELAXED);
  ++S.NumOpen;
  return R;
}

static void Unlink(Shard &S, Record *R) {
  Record **P = &S.Buckets[BucketOf(S, R->Handle)];
  while (*P && *P != R)
    P = &(*P)->Next;
  if (*P)
    *P = R->Next;
  __atomic_store_n(&S.NumRecords, S.NumRecords - 1, __ATOMIC_RELAXED);
}

void RemoveLocked(Shard &S, Record *R) {
  if (R->QuarantineSlot >= 0)
    S.Quarantine[R->QuarantineSlot] = nullptr;
  if (IsLiveOpen(R))
    --S.NumOpen;
  Unlink(S, R);
  R->Next = S.FreeList;
  S.FreeList = R;
}

void QuarantineLocked(Shard &S, Record *R) {
  u32 Pos = S.QuarantinePos;
  if (Record *Victim = S.Quarantine[Pos])
    RemoveLocked(S, Victim);
  S.Quarantine[Pos] = R;
  R->QuarantineSlot = (int32_t)Pos;
  S.QuarantinePos = (Pos + 1) % kQuarantinePerShard;
}

void SetClosedLocked(Shard &S, Record *R) {
  if (IsLiveOpen(R))
    --S.NumOpen;
  R->Closed = 1;
}

void SetIgnoredLocked(Shard &S, Record *R) {
  if (IsLiveOpen(R))
    --S.NumOpen;
  R->Ignored = 1;
}

HandleInfo Snapshot(const Record *R) {
  HandleInfo H;
  H.Handle = R->Handle;
  H.Kind = R->Kind;
  H.AcquireSite = R->AcquireSite;
  H.ReleaseSite = R->ReleaseSite;
  H.Parent = R->Parent;
  H.Serial = R->Serial;
  H.Bytes = R->Bytes;
  H.AcquireStack = R->AcquireStack;
  H.ReleaseStack = R->ReleaseStack;
  H.Tid = R->Tid;
  H.ReleaseTid = R->ReleaseTid;
  return H;
}

void CollectOpenHandles(Vector<HandleInfo> *Out) {
  for (u32 I = 0; I < kNumShards; ++I) {
    Shard &S = Shards[I];
    ScopedLock L(S.Lock);
    for (u32 B = 0; B < S.NumBuckets; ++B)
      for (Record *R = S.Buckets[B]; R; R = R->Next)
        if (IsUnreportedOpen(R))
          Out->push_back(Snapshot(R));
  }
}

size_t LiveCount() {
  size_t N = 0;
  for (u32 I = 0; I < kNumShards; ++I) {
    ScopedLock L(Shards[I].Lock);
    N += Shards[I].NumOpen;
  }
  return N;
}

// Tables the child of a fork dropped. They stay reachable from this list so
// that a leak checker in the child (LSan, ASan's at-exit check) does not
// report the runtime's own memory as leaked. Quarantined records are still
// in their buckets; free records are on the free list.
namespace {
struct DroppedTables {
  DroppedTables *Prev;
  Record **Buckets[kNumShards];
  Record *FreeList[kNumShards];
};
} // namespace
static DroppedTables *Dropped;

void RegistryAfterForkChild() {
  // Another thread may have been inside a shard when the process forked: do
  // not walk the tables, drop them (the memory is lost, once per fork).
  DroppedTables *D =
      static_cast<DroppedTables *>(InternalCalloc(1, sizeof(DroppedTables)));
  if (D) {
    D->Prev = Dropped;
    for (u32 I = 0; I < kNumShards; ++I) {
      D->Buckets[I] = Shards[I].Buckets;
      D->FreeList[I] = Shards[I].FreeList;
    }
    Dropped = D;
  }
  for (u32 I = 0; I < kNumShards; ++I) {
    Shard &S = Shards[I];
    S.Lock.reinit();
    S.Buckets = nullptr;
    S.NumBuckets = 0;
    S.NumRecords = 0;
    S.NumOpen = 0;
    S.FreeList = nullptr;
    memset(S.Quarantine, 0, sizeof(S.Quarantine));
    S.QuarantinePos = 0;
  }
}

} // namespace __bodysan
