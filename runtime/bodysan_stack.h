//===- bodysan_stack.h - stack capture and stack depot --------------------===//
//
// Stacks are captured in the hooks, with frame #0 the instrumented call in
// user code: every hook passes its own return address and frame address down.
// The fast unwinder follows frame pointers, validating each one against the
// thread's stack bounds; the slow one uses _Unwind_Backtrace. Captured stacks
// are stored once in a deduplicating depot (lock-free lookups, arena storage).
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_STACK_H
#define BODYSAN_STACK_H

#include "bodysan_internal.h"

namespace __bodysan {

enum { kMaxStackDepth = 256 };

struct StackTrace {
  const uptr *Pcs;
  u32 Size;
};

// A stored stack; 0 means "no stack".
typedef u32 StackId;

// The hook's caller: frame #0 of every captured stack.
#define BODYSAN_CALLER_PC_BP                                                   \
  (uptr) __builtin_return_address(0), (uptr)__builtin_frame_address(0)

struct ThreadState;
// Captures up to `Max` frames starting with Pc (the hook's return address);
// Bp is the hook's frame address; T is the calling thread's state.
u32 CaptureStack(ThreadState *T, uptr Pc, uptr Bp, uptr *Out, u32 Max);
// Captures with the depth and unwinder the flags ask for, and stores it.
StackId CaptureAndStore(ThreadState *T, uptr Pc, uptr Bp);

StackId StackDepotPut(const uptr *Pcs, u32 Size);
StackTrace StackDepotGet(StackId Id);
// In the child after fork: reinitialize the depot's locks (stored stacks stay).
void StackDepotAfterForkChild();

} // namespace __bodysan

#endif // BODYSAN_STACK_H
