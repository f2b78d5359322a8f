//===- bodysan_stack.cpp - stack capture and stack depot ------------------===//
//
// Frame-pointer unwinding (default) and _Unwind_Backtrace (fast_unwind=0),
// and the stack depot.
//
//===----------------------------------------------------------------------===//
#include "bodysan_stack.h"
#include "bodysan_flags.h"
#include "bodysan_thread.h"

#include <sys/mman.h>
#include <unwind.h>

namespace __bodysan {

static u32 FastUnwind(ThreadState *T, uptr Pc, uptr Bp, uptr *Out, u32 Max) {
  uptr Lo = T->StackLo, Hi = T->StackHi;
  u32 N = 0;
  Out[N++] = Pc;
  // Bp is the hook's frame: {saved caller fp, return address = Pc}.
  uptr Frame = Bp;
  if (!Lo || Frame < Lo || Frame + 2 * sizeof(uptr) > Hi)
    return N;
  Frame = reinterpret_cast<uptr *>(Frame)[0];
  while (N < Max) {
    if (Frame < Lo || Frame + 2 * sizeof(uptr) > Hi ||
        (Frame & (sizeof(uptr) - 1)))
      break;
    uptr *F = reinterpret_cast<uptr *>(Frame);
    uptr Ret = F[1];
    if (Ret < 4096)
      break;
    Out[N++] = Ret;
    uptr Next = F[0];
    if (Next <= Frame)
      break;
    Frame = Next;
  }
  return N;
}

namespace {
struct UnwindState {
  uptr *Out;
  u32 N, Max;
  uptr StartPc;
  bool Started;
};
} // namespace

static _Unwind_Reason_Code UnwindCallback(struct _Unwind_Context *Ctx,
                                          void *Arg) {
  UnwindState *S = static_cast<UnwindState *>(Arg);
  uptr Pc = (uptr)_Unwind_GetIP(Ctx);
  if (!Pc)
    return _URC_END_OF_STACK;
  // Skip the runtime's own frames: start at the hook's return address.
  if (!S->Started) {
    if (Pc != S->StartPc)
      return _URC_NO_REASON;
    S->Started = true;
  }
  S->Out[S->N++] = Pc;
  return S->N >= S->Max ? _URC_END_OF_STACK : _URC_NO_REASON;
}

static u32 SlowUnwind(ThreadState *T, uptr Pc, uptr Bp, uptr *Out, u32 Max) {
  UnwindState S = {Out, 0, Max, Pc, false};
  _Unwind_Backtrace(UnwindCallback, &S);
  if (S.N == 0)
    return FastUnwind(T, Pc, Bp, Out, Max);
  return S.N;
}

u32 CaptureStack(ThreadState *T, uptr Pc, uptr Bp, uptr *Out, u32 Max) {
  if (Max == 0)
    return 0;
  if (flags()->fast_unwind)
    return FastUnwind(T, Pc, Bp, Out, Max);
  return SlowUnwind(T, Pc, Bp, Out, Max);
}

StackId CaptureAndStore(ThreadState *T, uptr Pc, uptr Bp) {
  uptr Buf[kMaxStackDepth];
  int Depth = flags()->stack_depth;
  if (Depth < 1)
    Depth = 1;
  if (Depth > kMaxStackDepth)
    Depth = kMaxStackDepth;
  u32 N = CaptureStack(T, Pc, Bp, Buf, (u32)Depth);
  return StackDepotPut(Buf, N);
}

//===-- Stack depot --------------------------------------------------------===//
// A fixed hash table of lock-free singly linked chains. Readers walk a chain
// without locks (nodes are immutable once published); writers take a lock per
// bucket group, re-check and publish at the head. Ids index a node table.

namespace {
struct DepotNode {
  DepotNode *Next;
  u32 Hash;
  u32 Id;
  u32 Size;
  uptr Pcs[1];
};

enum {
  kDepotBuckets = 1 << 16,
  kDepotLocks = 64,
  kIdChunk = 1 << 14,
  kMaxIdChunks = 1 << 12
};
} // namespace

static DepotNode *DepotBuckets[kDepotBuckets];
static Mutex DepotLocks[kDepotLocks] = {
#define M4 BODYSAN_MUTEX_INITIALIZER, BODYSAN_MUTEX_INITIALIZER,               \
           BODYSAN_MUTEX_INITIALIZER, BODYSAN_MUTEX_INITIALIZER
    M4, M4, M4, M4, M4, M4, M4, M4, M4, M4, M4, M4, M4, M4, M4, M4
#undef M4
};
// Id -> node, in chunks allocated on demand.
static DepotNode **IdChunks[kMaxIdChunks];
static u32 NextId = 1;
static Mutex IdLock = BODYSAN_MUTEX_INITIALIZER;

// Arena for nodes (never freed).
static char *ArenaPos, *ArenaEnd;
static Mutex ArenaLock = BODYSAN_MUTEX_INITIALIZER;

static void *ArenaAlloc(size_t Size) {
  Size = (Size + 15) & ~(size_t)15;
  ScopedLock L(ArenaLock);
  if ((size_t)(ArenaEnd - ArenaPos) < Size) {
    size_t Chunk = Size > (1 << 20) ? Size : (1 << 20);
    void *P = mmap(nullptr, Chunk, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (P == MAP_FAILED)
      return InternalAlloc(Size);
    ArenaPos = static_cast<char *>(P);
    ArenaEnd = ArenaPos + Chunk;
  }
  void *R = ArenaPos;
  ArenaPos += Size;
  return R;
}

static u32 HashPcs(const uptr *Pcs, u32 Size) {
  // One multiply per pc, then a final avalanche.
  u64 H = 0x9e3779b97f4a7c15ULL ^ Size;
  for (u32 I = 0; I < Size; ++I)
    H = (H ^ Pcs[I]) * 0xff51afd7ed558ccdULL;
  H ^= H >> 33;
  H *= 0xc4ceb9fe1a85ec53ULL;
  H ^= H >> 33;
  return (u32)H;
}

static bool SamePcs(const uptr *A, const uptr *B, u32 Size) {
  for (u32 I = 0; I < Size; ++I)
    if (A[I] != B[I])
      return false;
  return true;
}

static DepotNode *FindInChain(DepotNode *N, u32 Hash, const uptr *Pcs,
                              u32 Size) {
  for (; N; N = __atomic_load_n(&N->Next, __ATOMIC_ACQUIRE))
    if (N->Hash == Hash && N->Size == Size &&
        SamePcs(N->Pcs, Pcs, Size))
      return N;
  return nullptr;
}

StackId StackDepotPut(const uptr *Pcs, u32 Size) {
  if (Size == 0)
    return 0;
  u32 Hash = HashPcs(Pcs, Size);
  DepotNode **Bucket = &DepotBuckets[Hash & (kDepotBuckets - 1)];
  DepotNode *Head = __atomic_load_n(Bucket, __ATOMIC_ACQUIRE);
  if (DepotNode *N = FindInChain(Head, Hash, Pcs, Size))
    return N->Id;
  ScopedLock L(DepotLocks[Hash % kDepotLocks]);
  Head = __atomic_load_n(Bucket, __ATOMIC_ACQUIRE);
  if (DepotNode *N = FindInChain(Head, Hash, Pcs, Size))
    return N->Id;
  DepotNode *N = static_cast<DepotNode *>(
      ArenaAlloc(sizeof(DepotNode) + (Size - 1) * sizeof(uptr)));
  N->Hash = Hash;
  N->Size = Size;
  memcpy(N->Pcs, Pcs, Size * sizeof(uptr));
  N->Next = Head;
  {
    ScopedLock IL(IdLock);
    u32 Id = NextId;
    u32 Chunk = Id / kIdChunk;
    if (Chunk >= kMaxIdChunks)
      return 0; // Depot full: the stack is not kept.
    if (!IdChunks[Chunk])
      IdChunks[Chunk] = static_cast<DepotNode **>(
          ArenaAlloc(kIdChunk * sizeof(DepotNode *)));
    __atomic_store_n(&IdChunks[Chunk][Id % kIdChunk], N, __ATOMIC_RELEASE);
    N->Id = Id;
    NextId = Id + 1;
  }
  __atomic_store_n(Bucket, N, __ATOMIC_RELEASE);
  return N->Id;
}

StackTrace StackDepotGet(StackId Id) {
  StackTrace T = {nullptr, 0};
  if (!Id)
    return T;
  DepotNode **Chunk = __atomic_load_n(&IdChunks[Id / kIdChunk], __ATOMIC_ACQUIRE);
  if (!Chunk)
    return T;
  DepotNode *N = __atomic_load_n(&Chunk[Id % kIdChunk], __ATOMIC_ACQUIRE);
  if (!N)
    return T;
  T.Pcs = N->Pcs;
  T.Size = N->Size;
  return T;
}

void StackDepotAfterForkChild() {
  for (unsigned I = 0; I < kDepotLocks; ++I)
    DepotLocks[I].reinit();
  IdLock.reinit();
  ArenaLock.reinit();
}

} // namespace __bodysan
