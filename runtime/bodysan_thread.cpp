//===- bodysan_thread.cpp - per-thread state of the BodySanitizer runtime -===//
//
// Thread numbering, stack bounds and the TLS state.
//
//===----------------------------------------------------------------------===//
#include "bodysan_thread.h"

#include <sys/syscall.h>
#include <unistd.h>

namespace __bodysan {

static __thread ThreadState TLSState
    __attribute__((tls_model("global-dynamic")));
static u32 NextTid = 1;
static pthread_key_t ThreadKey;
static bool ThreadKeyCreated;

static void ThreadDestructor(void *Arg) {
  ThreadState *S = static_cast<ThreadState *>(Arg);
  S->Scope.reset();
}

void InitThreads() {
  if (!ThreadKeyCreated && pthread_key_create(&ThreadKey, ThreadDestructor) == 0)
    ThreadKeyCreated = true;
}

static void InitThreadState(ThreadState *S) {
  pid_t Tid = (pid_t)syscall(SYS_gettid);
  S->Tid = Tid == getpid() ? 0 : __atomic_fetch_add(&NextTid, 1, __ATOMIC_RELAXED);
  pthread_attr_t Attr;
  if (pthread_getattr_np(pthread_self(), &Attr) == 0) {
    void *Addr = nullptr;
    size_t Size = 0;
    if (pthread_attr_getstack(&Attr, &Addr, &Size) == 0) {
      S->StackLo = (uptr)Addr;
      S->StackHi = (uptr)Addr + Size;
    }
    pthread_attr_destroy(&Attr);
  }
  S->NextSeq = 1;
  S->CompactAt = 64;
  if (ThreadKeyCreated)
    pthread_setspecific(ThreadKey, S);
  S->Initialized = true;
}

ThreadState *GetThreadState() {
  ThreadState *S = &TLSState;
  if (BODYSAN_UNLIKELY(!S->Initialized))
    InitThreadState(S);
  return S;
}

u32 CurrentTid() { return GetThreadState()->Tid; }

void ThreadStateAfterForkChild() {
  ThreadState *S = &TLSState;
  if (!S->Initialized)
    return;
  S->Scope.clear();
  S->CompactAt = 64;
  S->InReport = false;
  // The forking thread is the child's main thread now; its stack is the same.
  S->Tid = 0;
}

} // namespace __bodysan
