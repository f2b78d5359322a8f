//===- bodysan_thread.h - per-thread state of the BodySanitizer runtime ---===//
//
// Each thread has a small plain-old-data state in TLS (global-dynamic model,
// so the runtime works when dlopen'ed): a thread number for reports, cached
// stack bounds for the frame-pointer unwinder, the nestable disable counter and
// the scope list of handles local to the active instrumented functions.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_THREAD_H
#define BODYSAN_THREAD_H

#include "bodysan_internal.h"

namespace __bodysan {

// One handle local to an active instrumented function. Seq grows by one per
// push on this thread; scope tokens are sequence numbers, so compaction (which
// removes entries of closed handles) never invalidates a token.
struct ScopeEntry {
  const void *Handle;
  u64 Serial;
  u64 Seq;
};

struct ThreadState {
  bool Initialized;
  bool InReport;     // this thread is printing a report: hooks stay quiet
  int DisableCount;  // __bodysan_disable nesting
  u32 Tid;           // T<n> in reports
  uptr StackLo, StackHi;
  u64 NextSeq;
  Vector<ScopeEntry> Scope;
  u64 CompactAt;     // compact the scope list when it grows past this
};

// This thread's state, initialized on first use.
ThreadState *GetThreadState();
// Tid of the calling thread (T0 = the main thread).
u32 CurrentTid();
// Called in the child after fork: forget the scope list and other state.
void ThreadStateAfterForkChild();
// Creates the key whose destructor frees a thread's scope list.
void InitThreads();

} // namespace __bodysan

#endif // BODYSAN_THREAD_H
