//===- bodysan_checkpoint.cpp - checked sections (per-test checks) --------===//
//
// A checked section is what a test framework opens around one test: every
// handle acquired while it is open is attributed to it (the record keeps the
// section's id), and its check reports those still open at its end, naming
// the section. Attribution follows the acquiring thread, so tests that run at
// the same time on different threads get only their own verdicts:
//  - a thread with open sections: its innermost one (sections nest per
//    thread; an inner section's handles also belong to the outer one, since
//    checking the outer one closes the inner ones with it);
//  - a thread with none (a worker a test started): the only open section of
//    the process if exactly one is open, else none. No guessing: a handle of
//    no section is left to the end-of-process check.
//
// Each thread keeps a chain of its open sections in TLS (innermost first,
// linked by Parent); the process keeps a list of all open sections under
// SectionLock, for the worker rule. A section is freed only by its own thread
// (its check, or the thread's exit), so the chain needs no lock.
//
//===----------------------------------------------------------------------===//
#include "bodysan_checkpoint.h"
#include "bodysan_flags.h"
#include "bodysan_registry.h"
#include "bodysan_report.h"
#include "bodysan_thread.h"

#include <bodysan/bodysan_abi.h>
#include <bodysan/bodysan_interface.h>

#include <errno.h>
#include <time.h>

namespace __bodysan {

namespace {
struct Section {
  u64 Id;
  Section *Parent;     // the enclosing open section of the same thread
  Section *Prev, *Next; // in the list of all open sections
};
} // namespace

u8 SectionsUsed;

static Mutex SectionLock = BODYSAN_MUTEX_INITIALIZER;
static Section *OpenSections; // guarded by SectionLock
static u32 NumOpenSections;   // guarded by SectionLock
static u64 LastSectionId;     // guarded by SectionLock
static __thread Section *Innermost
    __attribute__((tls_model("global-dynamic")));

// A thread that exits with open sections closes them unchecked (its handles
// stay for the exit check), so they do not count as open for the worker rule.
// The key's value is the thread's innermost section.
static pthread_key_t ChainKey;
static bool ChainKeyCreated;
static pthread_once_t ChainKeyOnce = PTHREAD_ONCE_INIT;

static void UnlinkLocked(Section *S) {
  if (S->Prev)
    S->Prev->Next = S->Next;
  else
    OpenSections = S->Next;
  if (S->Next)
    S->Next->Prev = S->Prev;
  --NumOpenSections;
}

// Closes the chain from Inner up to and including Outer (all of it if Outer
// is NULL), without a check.
static void CloseChain(Section *Inner, Section *Outer) {
  {
    ScopedLock L(SectionLock);
    for (Section *S = Inner; S; S = S->Parent) {
      UnlinkLocked(S);
      if (S == Outer)
        break;
    }
  }
  for (Section *S = Inner; S;) {
    Section *Parent = S->Parent;
    bool Last = S == Outer;
    InternalFree(S);
    if (Last)
      break;
    S = Parent;
  }
}

static void ThreadExit(void *Arg) {
  CloseChain(static_cast<Section *>(Arg), nullptr);
}

static void CreateChainKey() {
  ChainKeyCreated = pthread_key_create(&ChainKey, ThreadExit) == 0;
}

static void SetInnermost(Section *S) {
  Innermost = S;
  if (ChainKeyCreated)
    pthread_setspecific(ChainKey, S);
}

u64 SectionForAcquireSlow() {
  if (Section *S = Innermost)
    return S->Id;
  ScopedLock L(SectionLock);
  return NumOpenSections == 1 ? OpenSections->Id : 0;
}

void CheckpointAfterForkChild() {
  // Only the forking thread lives on, and the registry forgot every record:
  // nothing is open (the sections' memory is lost, once per fork).
  SectionLock.reinit();
  OpenSections = nullptr;
  NumOpenSections = 0;
  Innermost = nullptr;
  if (ChainKeyCreated)
    pthread_setspecific(ChainKey, nullptr);
}

static uintptr_t Checkpoint() {
  pthread_once(&ChainKeyOnce, CreateChainKey);
  __atomic_store_n(&SectionsUsed, 1, __ATOMIC_RELAXED);
  Section *S = static_cast<Section *>(InternalAlloc(sizeof(Section)));
  S->Parent = Innermost;
  S->Prev = nullptr;
  {
    ScopedLock L(SectionLock);
    S->Id = ++LastSectionId;
    S->Next = OpenSections;
    if (OpenSections)
      OpenSections->Prev = S;
    OpenSections = S;
    ++NumOpenSections;
  }
  SetInnermost(S);
  return (uintptr_t)S->Id;
}

static bool Contains(const Vector<u64> &Ids, u64 Id) {
  for (size_t I = 0; I < Ids.Size; ++I)
    if (Ids[I] == Id)
      return true;
  return false;
}

// How many handles attributed to the sections Ids are still open and not
// reported (a count only: nothing is marked).
static size_t CountOpen(const Vector<u64> &Ids) {
  size_t N = 0;
  ForEachRecordLocked([&](Shard &, Record *R) {
    if (R->Section && IsUnreportedOpen(R) && Contains(Ids, R->Section))
      ++N;
  });
  return N;
}

static u64 NowNs() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return (u64)T.tv_sec * 1000000000ull + (u64)T.tv_nsec;
}

// The settle window (section_settle_ms), as goleak's VerifyNone retries: the
// last owner of a handle acquired during a test may be a task of a thread pool
// that releases it a moment after the test saw its result (cpr's async
// requests: the worker drops its shared_ptr to the curl handle just after the
// future became ready). While handles of the section are open, wait with
// sleeps that double from 1 ms up to 100 ms until none is open or the window
// has passed. Returns whether any is still open. A clean section costs one
// scan, as before; only a section that really leaks waits the whole window.
// No lock is held while sleeping (the section is closed, the scan's shard
// locks are released), so the threads that close can run.
static bool Settle(const Vector<u64> &Ids) {
  if (!CountOpen(Ids))
    return false;
  const u64 Window = (u64)flags()->section_settle_ms * 1000000ull;
  const u64 Start = NowNs();
  u64 DelayNs = 1000000ull; // 1 ms
  for (;;) {
    u64 Elapsed = NowNs() - Start;
    if (Elapsed >= Window)
      return true;
    u64 Sleep = DelayNs < Window - Elapsed ? DelayNs : Window - Elapsed;
    struct timespec T = {(time_t)(Sleep / 1000000000ull),
                         (long)(Sleep % 1000000000ull)};
    while (nanosleep(&T, &T) != 0 && errno == EINTR)
      ;
    if (!CountOpen(Ids))
      return false;
    DelayNs = DelayNs * 2 < 100000000ull ? DelayNs * 2 : 100000000ull;
  }
}

static int CheckSince(uintptr_t Token, SectionReport *Out) {
  Section *Target = nullptr;
  for (Section *S = Innermost; S && !Target; S = S->Parent)
    if (S->Id == (u64)Token)
      Target = S;
  if (!Token || !Target)
    return -1;
  // Closed first: a worker that acquires from now on no longer attributes
  // its handle to this section, so none can slip past the scan below.
  Vector<u64> Ids = {};
  for (Section *S = Innermost;; S = S->Parent) {
    Ids.push_back(S->Id);
    if (S == Target)
      break;
  }
  Section *Outer = Target->Parent;
  CloseChain(Innermost, Target);
  SetInnermost(Outer);
  // Called while this thread prints a report (a suppression or symbolizer
  // callback): nothing is reported, nothing marked.
  if (GetThreadState()->InReport) {
    Ids.reset();
    return 0;
  }

  if (flags()->section_settle_ms > 0 && !Settle(Ids)) {
    Ids.reset();
    return 0;
  }

  Vector<HandleInfo> Open = {};
  ForEachRecordLocked([&](Shard &, Record *R) {
    if (R->Section && IsUnreportedOpen(R) && Contains(Ids, R->Section)) {
      // Reported here, never again: not at exit, not by an enclosing section
      // of another framework.
      R->Reported = 1;
      Open.push_back(Snapshot(R));
    }
  });
  Ids.reset();
  size_t N = 0;
  if (Open.Size)
    N = ReportOpenHandles(&Open, kAtSectionEnd, Out);
  Open.reset();
  return (int)N;
}

} // namespace __bodysan

using namespace __bodysan;

//===-- Public interface --------------------------------------------------===//

BODYSAN_EXPORT uintptr_t __bodysan_checkpoint(void) {
  __bodysan_init();
  return Checkpoint();
}

BODYSAN_EXPORT int __bodysan_check_since(uintptr_t token) {
  __bodysan_init();
  SectionReport Out = {nullptr, nullptr, 0, nullptr};
  return CheckSince(token, &Out);
}

BODYSAN_EXPORT int __bodysan_check_section(uintptr_t token, const char *name,
                                           char *report, size_t report_size,
                                           const char **acquire_file,
                                           unsigned *acquire_line) {
  __bodysan_init();
  if (report && report_size)
    report[0] = 0;
  SectionReport Out = {name, report, report_size, nullptr};
  int N = CheckSince(token, &Out);
  const __bodysan_site *Site = N > 0 ? Out.FirstSite : nullptr;
  if (acquire_file)
    *acquire_file = Site ? Site->file : nullptr;
  if (acquire_line)
    *acquire_line = Site && Site->file ? Site->line : 0;
  return N;
}
