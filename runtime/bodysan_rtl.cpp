//===- bodysan_rtl.cpp - hooks, initialization and exit of BodySanitizer --===//
//
// The ABI hooks called by instrumented code (bodysan_abi.h), the public
// interface (bodysan_interface.h), initialization, the end-of-process check
// and fork handling. Each hook passes its own return address and frame down,
// so captured stacks start at the instrumented call in user code. Sibling
// calls are disabled for the runtime (see CMakeLists.txt) so the hook's frame
// stays alive while a stack is captured below it.
//
//===----------------------------------------------------------------------===//
#include "bodysan_checkpoint.h"
#include "bodysan_flags.h"
#include "bodysan_internal.h"
#include "bodysan_registry.h"
#include "bodysan_report.h"
#include "bodysan_sarif.h"
#include "bodysan_stack.h"
#include "bodysan_stats.h"
#include "bodysan_suppressions.h"
#include "bodysan_symbolizer.h"
#include "bodysan_thread.h"

#include <bodysan/bodysan_abi.h>
#include <bodysan/bodysan_interface.h>

#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

namespace __bodysan {

static bool Inited;
static pthread_once_t InitOnce = PTHREAD_ONCE_INIT;
static bool ExitCheckDone;

static void PendingAfterForkChild();
static void KindsAfterForkChild();

// In the child of a fork, every lock another thread held at the fork is
// held forever: each one is reset here.
static void AfterForkChild() {
  ResetCachedPid();
  KindsAfterForkChild();
  RegistryAfterForkChild();
  CheckpointAfterForkChild();
  PendingAfterForkChild();
  StackDepotAfterForkChild();
  ThreadStateAfterForkChild();
  ReportAfterForkChild();
  ResetSuppressionCounts();
  SymbolizerAfterForkChild();
  __atomic_store_n(&ExitCheckDone, false, __ATOMIC_RELAXED);
}

static void DoExitCheck();

// LeakSanitizer's exit-time check (standalone, or inside ASan), when the
// program runs under it: __lsan_do_leak_check, found with dlsym at init.
typedef void (*LsanDoLeakCheckFn)(void);
static LsanDoLeakCheckFn LsanDoLeakCheck;
static bool OnExitRan;

// Before we exit with our exitcode: LSan's own check would not run after
// _exit, so it runs here. Finding leaks, it prints its report and exits
// with its exitcode; else it marks its check done and returns.
static void RunLsanCheckBeforeExit() {
  if (LsanDoLeakCheck)
    LsanDoLeakCheck();
}

static void OnExit(int Status, void *) {
  // Registered more than once under LSan (see ArmExitCheckBeforeLsan).
  if (__atomic_exchange_n(&OnExitRan, true, __ATOMIC_ACQ_REL))
    return;
  SetAtExit();
  // Undrained verdicts still waiting on a parent harmed no request: they
  // are dropped with the process.
  if (!__atomic_exchange_n(&ExitCheckDone, true, __ATOMIC_ACQ_REL) &&
      flags()->check_at_exit)
    DoExitCheck();
  PrintExitNotes();
  if (ErrorReported() && Status == 0) {
    fflush(nullptr);
    RunLsanCheckBeforeExit();
    _exit(flags()->exitcode);
  }
}

static void DoInit() {
  InitTsanAnnotations();
  InitializeFlags();
  InitRegistry();
  InitThreads();
  InitSuppressions();
  InitJsonLog();
  pthread_atfork(nullptr, nullptr, AfterForkChild);
  LsanDoLeakCheck = reinterpret_cast<LsanDoLeakCheckFn>(
      dlsym(RTLD_DEFAULT, "__lsan_do_leak_check"));
  on_exit(OnExit, nullptr);
  if (flags()->verbosity >= 1) {
    const char *Env = getenv("BODYSAN_OPTIONS");
    const char *Sym = flags()->symbolize ? SymbolizerPath() : nullptr;
    ErrPrintf("==%d==BodySanitizer: initialized (ABI v%d); BODYSAN_OPTIONS=%s%s%s;"
              " default options: '%s'\n",
              CachedPid(), BODYSAN_ABI_VERSION, Env ? "'" : "",
              Env ? Env : "<unset>", Env ? "'" : "",
              __bodysan_default_options());
    ErrPrintf("==%d==BodySanitizer: symbolizer: %s\n", CachedPid(),
              !flags()->symbolize ? "<disabled by symbolize=0>"
              : Sym               ? Sym
                                  : "<none found; using dladdr>");
    ErrPrintf("==%d==BodySanitizer: unwinder: %s, stack_depth=%d\n",
              CachedPid(),
              flags()->fast_unwind ? "frame pointers" : "_Unwind_Backtrace",
              flags()->stack_depth);
  }
  __atomic_store_n(&Inited, true, __ATOMIC_RELEASE);
}

static BODYSAN_ALWAYS_INLINE void EnsureInit() {
  if (BODYSAN_UNLIKELY(!__atomic_load_n(&Inited, __ATOMIC_ACQUIRE)))
    pthread_once(&InitOnce, DoInit);
}

//===-- Functions named by kinds and sites --------------------------------===//
//
// Size functions (EOF_SIZE_FN_ZERO) and exemption getters are named in the
// descriptors and looked up once with dlsym; the cache is append-only and read
// without the lock.

namespace {
struct NamedFnEntry {
  const char *Name;
  void *Fn;
};
} // namespace
enum { kMaxNamedFns = 32 };
static NamedFnEntry NamedFns[kMaxNamedFns];
static u32 NumNamedFns;
static Mutex NamedFnLock = BODYSAN_MUTEX_INITIALIZER;

static void *LookupNamedFunction(const char *Name) {
  u32 N = __atomic_load_n(&NumNamedFns, __ATOMIC_ACQUIRE);
  for (u32 I = 0; I < N; ++I)
    if (NamedFns[I].Name == Name || !strcmp(NamedFns[I].Name, Name))
      return NamedFns[I].Fn;
  ScopedLock L(NamedFnLock);
  N = NumNamedFns;
  for (u32 I = 0; I < N; ++I)
    if (!strcmp(NamedFns[I].Name, Name))
      return NamedFns[I].Fn;
  void *Fn = dlsym(RTLD_DEFAULT, Name);
  if (!Fn && flags()->verbosity >= 1)
    ErrPrintf("==%d==BodySanitizer: WARNING: function '%s' not found; the "
              "kind's rule that names it is not applied\n",
              CachedPid(), Name);
  if (N < kMaxNamedFns) {
    NamedFns[N].Name = InternalStrdup(Name);
    NamedFns[N].Fn = Fn;
    __atomic_store_n(&NumNamedFns, N + 1, __ATOMIC_RELEASE);
  }
  return Fn;
}

//===-- GObject watch -----------------------------------------------------===//
//
// For WATCH_GOBJECT kinds the runtime watches the object itself, through GLib
// functions found with dlsym (the runtime does not link GLib):
//  - a weak reference: finalization is a release the instrumentation may not
//    see (inside GLib, through a function pointer);
//  - the kind's EOF signal, when the object's type has it: the library says
//    when it saw the end of the body, whoever read it.
// Callback data is the record's serial, never a pointer into freed memory.

typedef void (*WeakNotifyFn)(void *Data, void *Object);
typedef void (*WeakRefFn)(void *Object, WeakNotifyFn Notify, void *Data);
typedef unsigned (*SignalLookupFn)(const char *Name, uptr InstanceType);
typedef unsigned long (*SignalConnectFn)(void *Instance, const char *Signal,
                                         void (*Handler)(void), void *Data,
                                         void *DestroyData, int ConnectFlags);
typedef void *(*FindPropertyFn)(void *Class, const char *Name);
typedef int (*TypeIsAFn)(uptr Type, uptr IsAType);
typedef void (*ObjectGetFn)(void *Object, const char *First, ...);
typedef void (*ObjectUnrefFn)(void *Object);
static WeakRefFn GWeakRef;
static SignalLookupFn GSignalLookup;
static SignalConnectFn GSignalConnect;
static FindPropertyFn GFindProperty;
static TypeIsAFn GTypeIsA;
static ObjectGetFn GObjectGet;
static ObjectUnrefFn GObjectUnref;
static pthread_once_t GObjectOnce = PTHREAD_ONCE_INIT;

template <typename Fn> static void Resolve(Fn &F, const char *Name) {
  F = reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, Name));
}

static void ResolveGObject() {
  Resolve(GWeakRef, "g_object_weak_ref");
  Resolve(GSignalLookup, "g_signal_lookup");
  Resolve(GSignalConnect, "g_signal_connect_data");
  Resolve(GFindProperty, "g_object_class_find_property");
  Resolve(GTypeIsA, "g_type_is_a");
  Resolve(GObjectGet, "g_object_get");
  Resolve(GObjectUnref, "g_object_unref");
}

// G_TYPE_FROM_INSTANCE: GTypeInstance { GTypeClass *g_class; } and
// GTypeClass { GType g_type; }.
static uptr TypeOfInstance(const void *Object) {
  return **reinterpret_cast<const uptr *const *>(Object);
}

// One exemption rule (see __bodysan_exemption). Every step is checked first,
// so that GLib never warns on the program's stderr.
static bool MatchesExemption(void *Object, const __bodysan_exemption &E) {
  if (!E.property || !E.getter || !GFindProperty || !GTypeIsA || !GObjectGet ||
      !GObjectUnref)
    return false;
  typedef int (*GetterFn)(void *);
  auto Getter = reinterpret_cast<GetterFn>(LookupNamedFunction(E.getter));
  if (!Getter)
    return false;
  void *Class = *reinterpret_cast<void *const *>(Object);
  const char *Spec = static_cast<const char *>(GFindProperty(Class, E.property));
  if (!Spec)
    return false;
  // GParamSpec { GTypeInstance; const gchar *name; GParamFlags flags;
  // GType value_type; ... }: the property must hold an object (G_TYPE_OBJECT
  // is fundamental type 20, shifted by G_TYPE_FUNDAMENTAL_SHIFT 2).
  const uptr kGTypeObject = 20 << 2;
  uptr ValueType;
  memcpy(&ValueType, Spec + 3 * sizeof(void *), sizeof(ValueType));
  if (!GTypeIsA(ValueType, kGTypeObject))
    return false;
  void *Value = nullptr;
  GObjectGet(Object, E.property, &Value, nullptr);
  if (!Value)
    return false;
  // Getters return enums and gboolean: compare as int.
  bool Match = Getter(Value) == (int)E.value;
  GObjectUnref(Value);
  return Match;
}

static bool IsExempt(void *Object, const __bodysan_kind *Kind) {
  for (u32 I = 0; Kind->exemptions && I < Kind->num_exemptions; ++I)
    if (MatchesExemption(Object, Kind->exemptions[I]))
      return true;
  return false;
}

static bool UndrainedLocked(const Record *R);

// The object was finalized. If the program had dropped its last reference
// before (AwaitFinalize), this is when the body was really closed: give the
// undrained verdict now, with the stack of that last unref.
static void WeakNotify(void *Data, void *Object) {
  u64 Serial = (u64)(uptr)Data;
  Shard &S = ShardFor(Object);
  HandleInfo Info;
  bool Undrained = false;
  {
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Object);
    if (!R || R->Serial != Serial)
      return;
    if (R->AwaitFinalize && UndrainedLocked(R)) {
      Undrained = true;
      Info = Snapshot(R);
    }
    // Released now: after the program's last unref, or inside GLib.
    if (StatsEnabled() && (R->AwaitFinalize || !R->Closed))
      StatsClose(R, /*Verdict=*/true);
    RemoveLocked(S, R);
  }
  ThreadState *T = GetThreadState();
  if (Undrained && !T->InReport)
    ReportUndrained(Info, Info.ReleaseSite, Info.ReleaseStack, Info.ReleaseTid,
                    /*LastUnref=*/true);
}

static void EofNotify(void *Object, void *Data) {
  u64 Serial = (u64)(uptr)Data;
  Shard &S = ShardFor(Object);
  ScopedLock L(S.Lock);
  Record *R = FindLocked(S, Object);
  if (R && R->Serial == Serial)
    R->Eof = 1;
}

static void WatchGObject(void *Handle, const __bodysan_kind *Kind, u64 Serial) {
  pthread_once(&GObjectOnce, ResolveGObject);
  if (!GWeakRef)
    return;
  GWeakRef(Handle, WeakNotify, (void *)(uptr)Serial);
  bool Signal = false, Exempt = false;
  if (Kind->eof_signal && GSignalLookup && GSignalConnect) {
    if (GSignalLookup(Kind->eof_signal, TypeOfInstance(Handle))) {
      GSignalConnect(Handle, Kind->eof_signal,
                     reinterpret_cast<void (*)(void)>(EofNotify),
                     (void *)(uptr)Serial, nullptr, 0);
      Signal = true;
    } else {
      Exempt = true; // not a body on a connection (a memory stream)
    }
  }
  if (!Exempt)
    Exempt = IsExempt(Handle, Kind);
  Shard &S = ShardFor(Handle);
  ScopedLock L(S.Lock);
  Record *R = FindLocked(S, Handle);
  if (R && R->Serial == Serial) {
    R->Watched = 1;
    R->EofSignal = Signal;
    R->Exempt = Exempt;
  }
}

//===-- Keeping site constants mapped -------------------------------------===//
// Records point at the kind and site constants of the module that acquired or
// released the handle. If that module were dlclose'd, a later report would
// read unmapped memory; so the first time a kind is seen, its module is made
// undeletable (dlopen with RTLD_NOLOAD | RTLD_NODELETE). Kinds are constants
// emitted per module, so one pin per kind pointer covers the module's sites.

enum { kKnownKinds = 256 };
static const __bodysan_kind *KnownKinds[kKnownKinds];
static Mutex KnownKindsLock = BODYSAN_MUTEX_INITIALIZER;

static void PinModuleOf(const void *Addr) {
  Dl_info Info;
  if (!dladdr(Addr, &Info) || !Info.dli_fname || !Info.dli_fname[0])
    return;
  // The main executable is never unloaded; its dli_fname may be argv[0].
  static char SelfProbe;
  Dl_info Self;
  if (dladdr(&SelfProbe, &Self) && Self.dli_fbase == Info.dli_fbase)
    return; // the runtime itself (static runtime: the executable)
  if (void *H = dlopen(Info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE))
    (void)H; // keeps a reference on purpose
}

static void KindsAfterForkChild() {
  KnownKindsLock.reinit();
  NamedFnLock.reinit();
}

static BODYSAN_ALWAYS_INLINE void NoteKind(const __bodysan_kind *K) {
  u32 Slot = (u32)((HashHandle(K) >> 8) & (kKnownKinds - 1));
  for (u32 I = 0; I < 8; ++I) {
    const __bodysan_kind *Seen =
        __atomic_load_n(&KnownKinds[(Slot + I) & (kKnownKinds - 1)], __ATOMIC_ACQUIRE);
    if (Seen == K)
      return;
    if (!Seen)
      break;
  }
  ScopedLock L(KnownKindsLock);
  for (u32 I = 0; I < kKnownKinds; ++I) {
    const __bodysan_kind **P = &KnownKinds[(Slot + I) & (kKnownKinds - 1)];
    if (*P == K)
      return;
    if (!*P) {
      PinModuleOf(K);
      __atomic_store_n(P, K, __ATOMIC_RELEASE);
      return;
    }
  }
  PinModuleOf(K); // the set is full: pin every time (idempotent)
}

//===-- Scope list --------------------------------------------------------===//

// Drops entries whose handle is no longer open (closed, finished, replaced).
static void CompactScope(ThreadState *T) {
  Vector<ScopeEntry> &L = T->Scope;
  size_t Out = 0;
  for (size_t I = 0; I < L.Size; ++I) {
    const ScopeEntry &E = L[I];
    Shard &S = ShardFor(E.Handle);
    bool Keep = false;
    {
      ScopedLock Lock(S.Lock);
      Record *R = FindLocked(S, E.Handle);
      Keep = R && R->Serial == E.Serial && IsUnreportedOpen(R);
    }
    if (Keep)
      L[Out++] = E;
  }
  L.Size = Out;
  T->CompactAt = L.Size * 2 > 64 ? L.Size * 2 : 64;
}

static void PushScope(ThreadState *T, const void *Handle, u64 Serial) {
  if (T->Scope.Size >= T->CompactAt)
    CompactScope(T);
  ScopeEntry E = {Handle, Serial, T->NextSeq++};
  T->Scope.push_back(E);
}

//===-- Verdicts waiting on a parent --------------------------------------===//
//
// An undrained release of a handle whose kind has UNDRAINED_WAITS_FOR_PARENT
// and that has a parent (a neon request on its session) is not reported at
// once: the library may have known the body to be empty or complete (HEAD,
// 204, 304, exactly Content-Length bytes read) and reuse the connection fine,
// or the program may still close the parent's connection (ne_getbuf). The
// verdict waits in a small list for the next request on the same parent: if
// it fails to start (__bodysan_set_parent with a NULL handle), the body left
// on the connection broke it, and the verdict is reported; if it starts, the
// verdict is dropped. __bodysan_close_children on the parent, the parent's
// release or destruction, and exit drop it too: no request was harmed.
// NumPending keeps the hooks cheap while nothing waits.

namespace {
struct PendingVerdict {
  HandleInfo Info;
  const __bodysan_site *ReleaseSite;
  StackId ReleaseStack;
  u32 Tid;
  bool LastUnref;
  // A request on the parent is under way (__bodysan_request_start): only its
  // outcome decides this verdict, not a close of the connection inside it.
  bool Claimed;
  // A transfer stopped early on a handle whose kind has
  // STOPPED_WAITS_FOR_REUSE: Info.Parent is the handle itself (the verdict
  // waits on it), ReleaseSite/ReleaseStack are the stopped transfer's and
  // Result what it returned. Silent: only print_stats counts it (the handle
  // is ignored, or report_undrained=0).
  bool Stopped;
  bool Silent;
  int64_t Result;
};
} // namespace
enum { kMaxPending = 64 };
static PendingVerdict Pending[kMaxPending];
static u32 NumPending;
static Mutex PendingLock = BODYSAN_MUTEX_INITIALIZER;

static BODYSAN_ALWAYS_INLINE bool HavePending() {
  return BODYSAN_UNLIKELY(__atomic_load_n(&NumPending, __ATOMIC_RELAXED) != 0);
}

// When the list is full, the oldest verdict is dropped: reporting it without
// its next request could be a false positive.
static void AddPending(const PendingVerdict &V) {
  ScopedLock L(PendingLock);
  u32 N = NumPending;
  if (N >= kMaxPending) {
    for (u32 I = 1; I < N; ++I)
      Pending[I - 1] = Pending[I];
    --N;
  }
  Pending[N] = V;
  __atomic_store_n(&NumPending, N + 1, __ATOMIC_RELAXED);
}

static bool SameKindName(const __bodysan_kind *A, const __bodysan_kind *B) {
  if (A == B)
    return true;
  return A && B && A->name && B->name && !strcmp(A->name, B->name);
}

// Moves the verdicts waiting on Parent (only those of Kind when Kind is not
// NULL, and only unclaimed ones with SkipClaimed) to Out, if given, else
// drops them (counted as Dropped by print_stats).
static void TakePending(const void *Parent, const __bodysan_kind *Kind,
                        Vector<PendingVerdict> *Out, bool SkipClaimed = false,
                        PendingOutcome Dropped = kPendingNoVerdict) {
  ScopedLock L(PendingLock);
  u32 Keep = 0;
  for (u32 I = 0; I < NumPending; ++I) {
    const PendingVerdict &V = Pending[I];
    bool Take = V.Info.Parent == Parent &&
                (!Kind || SameKindName(Kind, V.Info.Kind)) &&
                !(SkipClaimed && V.Claimed);
    if (!Take)
      Pending[Keep++] = V;
    else if (Out)
      Out->push_back(V);
    else if (StatsEnabled())
      StatsPendingDecided(V.Info.AcquireSite, Dropped);
  }
  __atomic_store_n(&NumPending, Keep, __ATOMIC_RELAXED);
}

// The next request on Parent failed to start (WhySite, WhyStack): the
// verdicts waiting there are reported.
static void ReportPending(const void *Parent, const __bodysan_site *WhySite,
                          StackId WhyStack, u32 WhyTid) {
  Vector<PendingVerdict> Due = {};
  TakePending(Parent, nullptr, &Due);
  for (size_t I = 0; I < Due.Size; ++I) {
    const PendingVerdict &V = Due[I];
    if (StatsEnabled())
      StatsPendingDecided(V.Info.AcquireSite, kPendingUndrained);
    ReportUndrained(V.Info, V.ReleaseSite, V.ReleaseStack, V.Tid, V.LastUnref,
                    kNextFailed, WhySite, WhyStack, WhyTid);
  }
  Due.reset();
}

static bool AnyPendingOn(const void *Parent) {
  ScopedLock L(PendingLock);
  for (u32 I = 0; I < NumPending; ++I)
    if (Pending[I].Info.Parent == Parent)
      return true;
  return false;
}

// Parent was released, unref'd for the last time or destroyed: no request on
// it can fail any more (and a new object at its address is another parent).
static void ParentGone(const void *Parent) {
  if (HavePending())
    TakePending(Parent, nullptr, nullptr);
}

static void ClaimPending(const void *Parent) {
  ScopedLock L(PendingLock);
  for (u32 I = 0; I < NumPending; ++I)
    if (Pending[I].Info.Parent == Parent)
      Pending[I].Claimed = true;
}

static void PendingAfterForkChild() {
  PendingLock.reinit();
  NumPending = 0;
}

// A transfer on R returned a stop value: does its verdict wait for R's next
// transfer? Only on a handle without a parent: the connection it closed was
// in the handle's own pool, which dies with the handle. With a parent (a
// multi handle) the pool is shared, and the verdict is immediate.
static bool StoppedWaitsForReuse(const Record *R) {
  return !R->Parent &&
         (R->Kind->flags & BODYSAN_KIND_STOPPED_WAITS_FOR_REUSE);
}

// A transfer call on Handle returned (Site; its stack is captured into *Here
// when needed): the transfers stopped earlier on Handle cost this one its
// connection, so their verdicts are due.
static void ReportStoppedBeforeReuse(ThreadState *T, const void *Handle,
                                     const __bodysan_site *Site, StackId *Here,
                                     uptr Pc, uptr Bp) {
  Vector<PendingVerdict> Due = {};
  {
    ScopedLock L(PendingLock);
    u32 Keep = 0;
    for (u32 I = 0; I < NumPending; ++I) {
      const PendingVerdict &V = Pending[I];
      if (V.Stopped && V.Info.Parent == Handle)
        Due.push_back(V);
      else
        Pending[Keep++] = V;
    }
    __atomic_store_n(&NumPending, Keep, __ATOMIC_RELAXED);
  }
  for (size_t I = 0; I < Due.Size; ++I) {
    PendingVerdict V = Due[I];
    if (StatsEnabled())
      StatsPendingDecided(V.Info.AcquireSite, kPendingUndrained);
    if (V.Silent)
      continue;
    if (!*Here)
      *Here = CaptureAndStore(T, Pc, Bp);
    V.Info.Parent = nullptr; // it had none: the key was the handle itself
    ReportTransferStopped(V.Info, V.ReleaseSite, V.ReleaseStack, V.Tid,
                          V.Result, Site, *Here, T->Tid);
  }
  Due.reset();
}

//===-- Parents -----------------------------------------------------------===//

// int progress_fn(void *handle, int what, int64_t *out). Called through a
// variadic type: the real one (curl_easy_getinfo) is variadic, and on the
// supported targets a non-variadic function receives the same arguments.
typedef int (*ProgressFn)(void *Handle, int What, ...);

// Asks Kind's progress function how far the body of Handle got: false when
// the kind has none, it cannot be found, or it fails. Call without any lock
// held: it calls into the library.
static bool AskProgress(void *Handle, const __bodysan_kind *Kind,
                        int64_t *Received, int64_t *Total) {
  if (!Kind || !Kind->progress_fn)
    return false;
  auto Fn = reinterpret_cast<ProgressFn>(LookupNamedFunction(Kind->progress_fn));
  if (!Fn)
    return false;
  *Received = -1;
  *Total = -1;
  return Fn(Handle, (int)Kind->progress_received, Received) == 0 &&
         Fn(Handle, (int)Kind->progress_total, Total) == 0;
}

// True when the body of Handle is known to be incomplete: some but not all of
// a known total arrived (before any byte of the body, a HEAD request announces
// a length it never downloads).
static bool BodyIncomplete(void *Handle, const __bodysan_kind *Kind,
                           int64_t *Received, int64_t *Total) {
  return AskProgress(Handle, Kind, Received, Total) && *Total > 0 &&
         *Received > 0 && *Received < *Total;
}

// A parent of a kind with OPEN_CHILDREN_ARE_ERRORS is released: each open
// handle still attached to it whose transfer is in flight is reported as
// unclosed at this call. A child whose transfer is over (a done message, a
// running count of 0, or its whole known body received) is only detached:
// the program may still clean it up (libcurl's own examples call
// curl_multi_cleanup first); if it never does, the exit check reports it.
static void ReportOpenChildren(ThreadState *T, void *Parent,
                               const __bodysan_site *Site, uptr Pc, uptr Bp) {
  Vector<HandleInfo> Children = {};
  ForEachRecordLocked([&](Shard &, Record *R) {
    if (R->Parent != Parent || !IsUnreportedOpen(R))
      return;
    R->Parent = nullptr;
    if (!R->TransferEnded)
      Children.push_back(Snapshot(R));
  });
  StackId Here = 0;
  for (size_t I = 0; I < Children.Size; ++I) {
    HandleInfo &C = Children[I];
    int64_t Received, Total;
    if (AskProgress(const_cast<void *>(C.Handle), C.Kind, &Received, &Total) &&
        Total > 0 && Received >= Total)
      continue;
    {
      Shard &S = ShardFor(C.Handle);
      ScopedLock L(S.Lock);
      Record *R = FindLocked(S, C.Handle);
      if (!R || R->Serial != C.Serial || !IsUnreportedOpen(R))
        continue;
      R->Reported = 1;
    }
    if (!Here)
      Here = CaptureAndStore(T, Pc, Bp);
    C.Parent = Parent;
    ReportUnclosedAtCall(C, Site, Here, T->Tid, Site->kind);
  }
  Children.reset();
}

//===-- Hook bodies -------------------------------------------------------===//

static bool HookDisabled(ThreadState *T) {
  return T->DisableCount > 0 || T->InReport;
}

static void Acquire(void *Handle, const __bodysan_site *Site, bool Local,
                    uptr Pc, uptr Bp) {
  if (!Handle || !Site || !Site->kind)
    return;
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (HookDisabled(T))
    return;
  NoteKind(Site->kind);
  StackId Stack = CaptureAndStore(T, Pc, Bp);
  u64 Section = SectionForAcquire();
  Shard &S = ShardFor(Handle);
  u64 Serial;
  {
    ScopedLock L(S.Lock);
    if (Record *Old = FindLocked(S, Handle))
      RemoveLocked(S, Old); // a new object at a reused address
    Record *R = InsertLocked(S, Handle);
    R->Kind = Site->kind;
    R->AcquireSite = Site;
    R->AcquireStack = Stack;
    R->Tid = T->Tid;
    R->Section = Section;
    Serial = R->Serial;
  }
  if (StatsEnabled())
    StatsAcquire(Site);
  if (Local)
    PushScope(T, Handle, Serial);
  if (Site->kind->flags & BODYSAN_KIND_WATCH_GOBJECT)
    WatchGObject(Handle, Site->kind, Serial);
}

static void AdoptLocal(void *Handle) {
  if (!Handle)
    return;
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (HookDisabled(T))
    return;
  Shard &S = ShardFor(Handle);
  if (ShardEmpty(S))
    return;
  u64 Serial = 0;
  {
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (!R || !IsUnreportedOpen(R))
      return;
    Serial = R->Serial;
  }
  PushScope(T, Handle, Serial);
}

static void ApplyEof(Record *R, const __bodysan_site *Site, int64_t Result,
                     uint64_t Count, const void *Out, bool HaveSize,
                     size_t Size) {
  // A read that fails (the rule's error result: a transfer cut short, a
  // cancelled or aborted operation) ends the question: the body cannot be read
  // to its end any more, and the library drops the connection anyway.
  switch (Site->eof_rule) {
  case BODYSAN_EOF_RET_ZERO:
    if (Result > 0)
      R->Bytes += (u64)Result;
    else if (Result == 0 && !(Site->has_count && Count == 0))
      R->Eof = 1;
    else if (Result < 0)
      R->ReadFailed = 1;
    break;
  case BODYSAN_EOF_OUT_SHORT:
  case BODYSAN_EOF_OUT_SHORT_PENDING: {
    if (Result == 0)
      R->ReadFailed = 1;
    if (Result == 0 || !Out)
      break;
    u64 N = *static_cast<const uint64_t *>(Out);
    u64 Want = Site->eof_rule == BODYSAN_EOF_OUT_SHORT ? Count : R->PendingCount;
    R->Bytes += N;
    if (N < Want)
      R->Eof = 1;
    break;
  }
  case BODYSAN_EOF_SIZE_FN_ZERO:
    if (!Result)
      R->ReadFailed = 1;
    if (Result && HaveSize) {
      if (Size == 0)
        R->Eof = 1;
      else
        R->Bytes += Size;
    }
    break;
  case BODYSAN_EOF_RET_EQ:
    if (Result == Site->eof_value)
      R->Eof = 1;
    else
      R->ReadFailed = 1;
    break;
  case BODYSAN_EOF_TRANSFER:
    // Each call is a whole transfer: its result alone decides. A stopped
    // transfer is reported by the caller; it leaves no verdict for later.
    if (Result == Site->eof_value) {
      R->Eof = 1;
      R->ReadFailed = 0;
    } else {
      R->Eof = 0;
      R->ReadFailed = 1;
    }
    break;
  default:
    break;
  }
}

static bool IsStopValue(const __bodysan_site *Site, int64_t Result) {
  if (Site->eof_rule != BODYSAN_EOF_TRANSFER || Result == Site->eof_value)
    return false;
  for (u32 I = 0; Site->stop_values && I < Site->num_stop_values; ++I)
    if (Site->stop_values[I] == Result)
      return true;
  return false;
}

// The start of a hook on a handle that may report: the calling thread's
// state, or nullptr when there is nothing to do (no handle or site, nothing
// tracked in the handle's shard, a report being printed on this thread).
static ThreadState *EnterHandleHook(const void *Handle,
                                    const __bodysan_site *Site) {
  if (!Handle || !Site || ShardEmpty(ShardFor(Handle)))
    return nullptr;
  EnsureInit();
  ThreadState *T = GetThreadState();
  return T->InReport ? nullptr : T;
}

static void Read(void *Handle, const __bodysan_site *Site, int64_t Result,
                 uint64_t Count, const void *Out, uptr Pc, uptr Bp) {
  ThreadState *T = EnterHandleHook(Handle, Site);
  if (!T)
    return;
  Shard &S = ShardFor(Handle);
  // Call the size function (a library call) before taking the lock.
  bool HaveSize = false;
  size_t Size = 0;
  if (Site->eof_rule == BODYSAN_EOF_SIZE_FN_ZERO && Result && Site->size_fn) {
    typedef size_t (*SizeFn)(const void *);
    if (auto Fn = reinterpret_cast<SizeFn>(LookupNamedFunction(Site->size_fn))) {
      Size = Fn(reinterpret_cast<const void *>((uptr)Result));
      HaveSize = true;
    }
  }
  // A transfer: the verdicts of transfers stopped before on this handle are
  // decided first (this one may stop again and leave its own).
  StackId Here = 0;
  if (Site->eof_rule == BODYSAN_EOF_TRANSFER && HavePending())
    ReportStoppedBeforeReuse(T, Handle, Site, &Here, Pc, Bp);
  HandleInfo Info;
  bool Stopped = false, Wait = false, Silent = false;
  {
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (!R)
      return;
    // After the program's last unref (AwaitFinalize), a read goes through a
    // reference the program got where the pass cannot see (the source object
    // of a GAsyncResult): it still counts, and is no use after close.
    if (!R->Closed || R->AwaitFinalize) {
      ApplyEof(R, Site, Result, Count, Out, HaveSize, Size);
      bool Stop = !R->Closed && IsStopValue(Site, Result);
      Wait = Stop && StoppedWaitsForReuse(R);
      if (StatsEnabled() && Stop && !Wait)
        StatsStopped(R);
      // A transfer the program stopped before the end of its body: reported
      // now, or at the handle's next transfer (Wait); the handle stays open
      // (and may transfer again). A silent waiting verdict still feeds
      // print_stats.
      Silent = R->Ignored || !flags()->report_undrained;
      if (!Stop || (Silent && !(Wait && StatsEnabled())))
        return;
      Info = Snapshot(R);
      Stopped = true;
    } else {
      // Closed through its parent (close_children): the library dropped the
      // body itself, the program's own end call has not come yet.
      if (!(R->Kind->flags & BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR) ||
          R->Ignored || R->UseAfterCloseReported || R->ClosedByParent)
        return;
      R->UseAfterCloseReported = 1;
      Info = Snapshot(R);
    }
  }
  if (!Here && !(Wait && Silent))
    Here = CaptureAndStore(T, Pc, Bp);
  if (Stopped && Wait) {
    Info.Parent = Handle; // the verdict waits on the handle itself
    PendingVerdict P = {Info, Site, Here, T->Tid, /*LastUnref=*/false,
                        /*Claimed=*/false, /*Stopped=*/true, Silent, Result};
    AddPending(P);
  } else if (Stopped)
    ReportTransferStopped(Info, Site, Here, T->Tid, Result);
  else
    ReportUseAfterClose(Info, Site, Here, T->Tid);
}

static void ReadRequest(void *Handle, uint64_t Count) {
  if (!Handle)
    return;
  Shard &S = ShardFor(Handle);
  if (ShardEmpty(S))
    return;
  ScopedLock L(S.Lock);
  if (Record *R = FindLocked(S, Handle))
    R->PendingCount = Count;
}

namespace {
enum ReleaseVerdict { kNothing, kUndrained, kDoubleClose };
} // namespace

// Released now, would this be an undrained body? Reads the program handed to
// code the pass cannot see are not observed, unless the library's EOF signal
// tells the truth anyway.
static bool UndrainedLocked(const Record *R) {
  return !R->Eof && (!R->Unobserved || R->EofSignal) && !R->Ignored &&
         !R->Exempt && !R->ReadFailed &&
         (R->Kind->flags & BODYSAN_KIND_UNDRAINED_IS_ERROR) &&
         flags()->report_undrained;
}

// An undrained release of R goes to the verdicts waiting on its parent
// (ReleaseHandle): print_stats classifies it when that verdict is decided.
static bool VerdictWaits(const Record *R, bool Undrained) {
  return Undrained && R->Parent &&
         (R->Kind->flags & BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT);
}

// Decides whether the release of R, happening now, is undrained, and counts
// it for print_stats.
static bool ReleaseVerdictLocked(const Record *R) {
  bool Undrained = UndrainedLocked(R);
  if (StatsEnabled())
    StatsClose(R, /*Verdict=*/!VerdictWaits(R, Undrained));
  return Undrained;
}

static void SetReleaseLocked(Record *R, const __bodysan_site *Site, u32 Tid,
                             StackId ReleaseStack) {
  R->ReleaseSite = Site;
  R->ReleaseTid = Tid;
  R->ReleaseStack = ReleaseStack;
}

// The release logic shared by release and the last unref. Called with the
// shard locked; returns what to report after unlocking.
static ReleaseVerdict ReleaseLocked(Shard &S, Record *R,
                                    const __bodysan_site *Site, u32 Tid,
                                    StackId ReleaseStack, bool Finish,
                                    HandleInfo *Info) {
  u32 KindFlags = R->Kind->flags;
  if (R->AwaitFinalize) {
    // The program let go of its counted references before, and now acts on
    // the body through one the pass did not see. An explicit close is the
    // real release: decide now, not at finalization. An unref changes
    // nothing: the finalization decides.
    if (Finish)
      return kNothing;
    R->AwaitFinalize = 0;
    bool Undrained = ReleaseVerdictLocked(R);
    SetReleaseLocked(R, Site, Tid, ReleaseStack);
    if (Undrained)
      *Info = Snapshot(R);
    return Undrained ? kUndrained : kNothing;
  }
  if (R->Closed && R->ClosedByParent) {
    // Closed through its parent before: this is the program's own release,
    // the correct one. A further release is a double close again.
    R->ClosedByParent = 0;
    SetReleaseLocked(R, Site, Tid, ReleaseStack);
    if (Finish)
      RemoveLocked(S, R);
    return kNothing;
  }
  if (R->Closed) {
    if ((KindFlags & BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR) && !R->Ignored && !Finish) {
      *Info = Snapshot(R);
      return kDoubleClose;
    }
    if (Finish)
      RemoveLocked(S, R);
    return kNothing;
  }
  bool Undrained = ReleaseVerdictLocked(R);
  SetClosedLocked(S, R);
  SetReleaseLocked(R, Site, Tid, ReleaseStack);
  if (Undrained)
    *Info = Snapshot(R);
  if (Finish)
    RemoveLocked(S, R);
  else if (!(KindFlags & BODYSAN_KIND_REFCOUNTED))
    QuarantineLocked(S, R);
  return Undrained ? kUndrained : kNothing;
}

// The handle's own release logic; returns true when the handle is gone (a
// release call, or the last unref of a tracked handle).
static bool ReleaseHandle(ThreadState *T, void *Handle,
                          const __bodysan_site *Site, bool Unref, uptr Pc,
                          uptr Bp) {
  Shard &S = ShardFor(Handle);
  if (ShardEmpty(S))
    return !Unref;
  // Kinds that report double-close or use-after-close keep the release stack.
  StackId ReleaseStack = 0;
  const u32 KeepStack =
      BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR | BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR;
  if (Site->kind && (Site->kind->flags & KeepStack))
    ReleaseStack = CaptureAndStore(T, Pc, Bp);
  if (Site->kind)
    NoteKind(Site->kind); // the record will point at this release site
  HandleInfo Info;
  ReleaseVerdict V = kNothing;
  u64 NeedStack = 0; // serial of a record that waits for its release stack
  {
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (!R)
      return !Unref;
    if (Unref) {
      if (!(R->Kind->flags & BODYSAN_KIND_REFCOUNTED))
        return false;
      if (R->AwaitFinalize || --R->RefCount > 0)
        return false;
      if (R->Watched && !R->Closed) {
        // The program let go of the body without closing it. GLib may still
        // hold a reference (a GDataInputStream, a pending read) and read the
        // body to its end: the verdict waits for the finalization.
        SetClosedLocked(S, R);
        R->AwaitFinalize = 1;
        R->ReleaseSite = Site;
        R->ReleaseTid = T->Tid;
        if (!ReleaseStack)
          NeedStack = R->Serial;
        else
          R->ReleaseStack = ReleaseStack;
      } else {
        V = ReleaseLocked(S, R, Site, T->Tid, ReleaseStack, /*Finish=*/true,
                          &Info);
      }
    } else {
      V = ReleaseLocked(S, R, Site, T->Tid, ReleaseStack, /*Finish=*/false,
                        &Info);
    }
  }
  if (NeedStack) {
    // Captured outside the lock; the object cannot be finalized meanwhile,
    // the program's own unref call has not run yet.
    StackId Here = CaptureAndStore(T, Pc, Bp);
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (R && R->Serial == NeedStack)
      R->ReleaseStack = Here;
    return true;
  }
  if (V == kNothing)
    return true;
  StackId Here = ReleaseStack ? ReleaseStack : CaptureAndStore(T, Pc, Bp);
  if (V == kDoubleClose) {
    ReportDoubleClose(Info, Site, Here, T->Tid);
    return true;
  }
  if (Info.Parent && Info.Kind &&
      (Info.Kind->flags & BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT)) {
    // Claimed by the release call under way: a library that closes the
    // connection inside it (neon's ne_end_request failing on an unread
    // chunked body) must not drop it before __bodysan_release_result.
    PendingVerdict P = {Info, Site, Here, T->Tid, Unref, /*Claimed=*/true,
                        /*Stopped=*/false, /*Silent=*/false, 0};
    AddPending(P);
    return true;
  }
  ReportUndrained(Info, Site, Here, T->Tid, Unref);
  return true;
}

static void Release(void *Handle, const __bodysan_site *Site, bool Unref,
                    uptr Pc, uptr Bp) {
  if (!Handle || !Site)
    return;
  bool Children =
      !Unref && Site->kind &&
      (Site->kind->flags & BODYSAN_KIND_OPEN_CHILDREN_ARE_ERRORS);
  if (!Children && !HavePending() && ShardEmpty(ShardFor(Handle)))
    return;
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (T->InReport)
    return;
  if (Children) {
    // Not for a second release of a parent already closed.
    Shard &S = ShardFor(Handle);
    bool AlreadyClosed = false;
    {
      ScopedLock L(S.Lock);
      Record *R = FindLocked(S, Handle);
      AlreadyClosed = R && R->Closed && !R->AwaitFinalize;
    }
    if (!AlreadyClosed)
      ReportOpenChildren(T, Handle, Site, Pc, Bp);
  }
  if (ReleaseHandle(T, Handle, Site, Unref, Pc, Bp))
    ParentGone(Handle);
}

static void Retain(void *Handle) {
  if (!Handle)
    return;
  Shard &S = ShardFor(Handle);
  if (ShardEmpty(S))
    return;
  ScopedLock L(S.Lock);
  Record *R = FindLocked(S, Handle);
  if (R && (R->Kind->flags & BODYSAN_KIND_REFCOUNTED))
    ++R->RefCount;
}

static void Handoff(void *Handle) {
  if (!Handle)
    return;
  Shard &S = ShardFor(Handle);
  if (ShardEmpty(S))
    return;
  ScopedLock L(S.Lock);
  if (Record *R = FindLocked(S, Handle))
    R->Unobserved = 1;
}

static void SetParent(void *Handle, void *Parent, const __bodysan_site *Site,
                      uptr Pc, uptr Bp) {
  if (!Site)
    return;
  // This call is the next request on Parent. Handle is NULL for a request
  // that failed to start (neon's ne_begin_request returning an error): a body
  // left undrained there by the previous one is what broke it.
  bool Tracked = Handle && !ShardEmpty(ShardFor(Handle));
  bool Next = Parent && HavePending();
  if (!Tracked && !Next)
    return;
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (T->InReport)
    return;
  if (Tracked) {
    Shard &S = ShardFor(Handle);
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (R && !R->Closed) {
      R->Parent = Parent;
      if (Site->role == BODYSAN_ROLE_ATTACH) {
        // A new transfer starts on this handle.
        R->Eof = 0;
        R->Bytes = 0;
        R->ReadFailed = 0;
        R->PendingCount = 0;
        R->TransferEnded = 0;
      }
    }
  }
  if (!Next)
    return;
  if (Handle) {
    // The request started: whatever the previous ones left on the
    // connection did no harm (the library knew the body was empty or
    // complete).
    TakePending(Parent, nullptr, nullptr, false, kPendingDrained);
    return;
  }
  if (AnyPendingOn(Parent))
    ReportPending(Parent, Site, CaptureAndStore(T, Pc, Bp), T->Tid);
}

// After the release call of Handle: if it failed, the verdict waiting for it
// is due now; else the release call no longer claims it.
static void ReleaseResult(void *Handle, int64_t Result) {
  if (!Handle || !HavePending())
    return;
  if (Result == 0) {
    ScopedLock L(PendingLock);
    for (u32 I = 0; I < NumPending; ++I)
      if (Pending[I].Info.Handle == Handle)
        Pending[I].Claimed = false;
    return;
  }
  EnsureInit();
  if (GetThreadState()->InReport)
    return;
  Vector<PendingVerdict> Due = {};
  {
    ScopedLock L(PendingLock);
    u32 Keep = 0;
    for (u32 I = 0; I < NumPending; ++I) {
      const PendingVerdict &V = Pending[I];
      if (V.Info.Handle == Handle)
        Due.push_back(V);
      else
        Pending[Keep++] = V;
    }
    __atomic_store_n(&NumPending, Keep, __ATOMIC_RELAXED);
  }
  if (Due.Size) {
    for (size_t I = 0; I < Due.Size; ++I) {
      const PendingVerdict &V = Due[I];
      if (StatsEnabled())
        StatsPendingDecided(V.Info.AcquireSite, kPendingUndrained);
      ReportUndrained(V.Info, V.ReleaseSite, V.ReleaseStack, V.Tid,
                      V.LastUnref, kEndFailed);
    }
  }
  Due.reset();
}

static void RequestStart(void *Parent) {
  if (Parent && HavePending())
    ClaimPending(Parent);
}

static void RequestEnd(void *Parent, int Started, const __bodysan_site *Site,
                       uptr Pc, uptr Bp) {
  if (!Parent || !Site || !HavePending())
    return;
  if (Started) {
    TakePending(Parent, nullptr, nullptr, false, kPendingDrained);
    return;
  }
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (T->InReport)
    return;
  if (AnyPendingOn(Parent))
    ReportPending(Parent, Site, CaptureAndStore(T, Pc, Bp), T->Tid);
}

// A call that names Parent as the parent of a handle (attach, detach) after
// the program released Parent: use-after-close, for kinds that say so
// (curl_multi_remove_handle on a multi handle already cleaned up).
static void CheckParentUse(const void *Parent, const __bodysan_site *Site,
                           uptr Pc, uptr Bp) {
  if (!Parent || !Site || ShardEmpty(ShardFor(Parent)))
    return;
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (HookDisabled(T))
    return;
  HandleInfo Info;
  {
    Shard &S = ShardFor(Parent);
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Parent);
    if (!R || !R->Closed || R->AwaitFinalize || R->Ignored ||
        R->UseAfterCloseReported || R->ClosedByParent ||
        !(R->Kind->flags & BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR))
      return;
    R->UseAfterCloseReported = 1;
    Info = Snapshot(R);
  }
  ReportParentUseAfterClose(Info, Site, CaptureAndStore(T, Pc, Bp), T->Tid);
}

static void Detach(void *Handle, const __bodysan_site *Site, uptr Pc,
                   uptr Bp) {
  ThreadState *T = EnterHandleHook(Handle, Site);
  if (!T)
    return;
  Shard &S = ShardFor(Handle);
  const __bodysan_kind *Kind = nullptr;
  u64 Serial = 0;
  {
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (!R)
      return;
    R->Parent = nullptr;
    // Progress comes from the library itself: whether the program's reads
    // were observed does not matter.
    // A transfer that ended (a done completion message) was handled by the
    // library itself: its connection is already kept or closed.
    if (IsLiveOpen(R) && !R->TransferEnded && R->Kind->progress_fn &&
        flags()->report_undrained) {
      Kind = R->Kind;
      Serial = R->Serial;
    }
  }
  if (!Kind)
    return;
  // No verdict without a known total, or before any byte of the body arrived.
  int64_t Received, Total;
  if (!BodyIncomplete(Handle, Kind, &Received, &Total))
    return;
  HandleInfo Info;
  {
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (!R || R->Serial != Serial || !IsLiveOpen(R) || R->TransferEnded)
      return;
    Info = Snapshot(R);
  }
  ReportDetachedEarly(Info, Site, CaptureAndStore(T, Pc, Bp), T->Tid, Received,
                      Total);
}

// A completion call returned Message (curl_multi_info_read's CURLMsg). Its
// layout comes from the site; a message that is not "done" says nothing.
static void Completion(const void *Message, const __bodysan_site *Site,
                       uptr Pc, uptr Bp) {
  if (!Message || !Site || !Site->completion)
    return;
  const struct __bodysan_completion &C = *Site->completion;
  const char *M = static_cast<const char *>(Message);
  int Status;
  memcpy(&Status, M + C.status_offset, sizeof(Status));
  if (Status != C.done_value)
    return;
  void *Handle;
  memcpy(&Handle, M + C.handle_offset, sizeof(Handle));
  if (!Handle)
    return;
  Shard &S = ShardFor(Handle);
  if (ShardEmpty(S))
    return;
  int Result;
  memcpy(&Result, M + C.result_offset, sizeof(Result));
  bool Stop = false;
  if (Result != Site->eof_value)
    for (u32 I = 0; Site->stop_values && I < Site->num_stop_values; ++I)
      Stop |= Site->stop_values[I] == Result;
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (T->InReport)
    return;
  HandleInfo Info;
  {
    ScopedLock L(S.Lock);
    Record *R = FindLocked(S, Handle);
    if (!R || R->Closed)
      return;
    // The transfer is over: a later detach gives no verdict.
    R->TransferEnded = 1;
    if (Result == Site->eof_value) {
      R->Eof = 1;
      R->ReadFailed = 0;
    } else {
      R->Eof = 0;
      R->ReadFailed = 1;
    }
    if (Stop && StatsEnabled())
      StatsStopped(R);
    if (!Stop || R->Ignored || !flags()->report_undrained)
      return;
    Info = Snapshot(R);
  }
  ReportTransferStopped(Info, Site, CaptureAndStore(T, Pc, Bp), T->Tid,
                        Result);
}

static void Destroy(void *Handle, const __bodysan_site *Site, uptr Pc,
                    uptr Bp) {
  if (!Handle || !Site)
    return;
  Shard &S = ShardFor(Handle);
  if (ShardEmpty(S) && !HavePending())
    return;
  EnsureInit();
  ThreadState *T = GetThreadState();
  if (T->InReport)
    return;
  HandleInfo Info;
  bool Open = false;
  if (!ShardEmpty(S)) {
    ScopedLock L(S.Lock);
    if (Record *R = FindLocked(S, Handle)) {
      // Still open: not released, not closed through its parent, not
      // ignored, not reported at a scope exit, and no failed read (the
      // library dropped the body itself).
      Open = IsUnreportedOpen(R) && !R->ReadFailed;
      if (Open)
        Info = Snapshot(R);
      RemoveLocked(S, R); // finished: a later acquire here is a new handle
    }
  }
  if (Open)
    ReportUnclosedAtCall(Info, Site, CaptureAndStore(T, Pc, Bp), T->Tid,
                         nullptr);
  ParentGone(Handle);
}

static void CloseChildren(void *Parent, const __bodysan_site *Site) {
  if (!Parent || !Site)
    return;
  EnsureInit();
  // Collected first, then closed: quarantining may evict other records.
  Vector<Record *> Children = {};
  for (u32 I = 0; I < kNumShards; ++I) {
    Shard &S = Shards[I];
    if (ShardEmpty(S))
      continue;
    ScopedLock L(S.Lock);
    for (u32 B = 0; B < S.NumBuckets; ++B)
      for (Record *R = S.Buckets[B]; R; R = R->Next)
        if (R->Parent == Parent && !R->Closed &&
            (!Site->kind || SameKindName(Site->kind, R->Kind)))
          Children.push_back(R);
    for (size_t C = 0; C < Children.Size; ++C) {
      Record *R = Children[C];
      if (StatsEnabled())
        StatsClose(R, /*Verdict=*/false);
      SetClosedLocked(S, R);
      R->ClosedByParent = 1;
      R->Parent = nullptr;
      R->ReleaseSite = Site;
      if (!(R->Kind->flags & BODYSAN_KIND_REFCOUNTED))
        QuarantineLocked(S, R);
    }
    Children.clear();
  }
  Children.reset();
  // The connection is closed: what the previous bodies left on it is gone.
  // Verdicts claimed by a request under way stay: the library closes the
  // connection of a request that failed because of them.
  if (HavePending())
    TakePending(Parent, Site->kind, nullptr, /*SkipClaimed=*/true,
                kPendingUndrained); // the program threw the connection away
}

static void ScopeExit(uintptr_t Token, const __bodysan_site *Site,
                      const void *Returned) {
  ThreadState *T = GetThreadState();
  Vector<ScopeEntry> &L = T->Scope;
  size_t Keep = L.Size;
  while (Keep > 0 && L[Keep - 1].Seq >= (u64)Token)
    --Keep;
  if (Keep == L.Size)
    return;
  EnsureInit();
  bool Check = flags()->check_scope_exit && !T->InReport;
  for (size_t I = Keep; Check && I < L.Size; ++I) {
    const ScopeEntry E = L[I];
    if (E.Handle == Returned)
      continue;
    Shard &S = ShardFor(E.Handle);
    HandleInfo Info;
    {
      ScopedLock Lock(S.Lock);
      Record *R = FindLocked(S, E.Handle);
      if (!R || R->Serial != E.Serial || !IsUnreportedOpen(R))
        continue;
      R->Reported = 1;
      Info = Snapshot(R);
    }
    ReportUnclosedAtScopeExit(Info, Site);
  }
  L.Size = Keep;
}

static size_t CheckOpenHandles(OpenHandlesMode Mode) {
  Vector<HandleInfo> Open = {};
  CollectOpenHandles(&Open);
  size_t N = ReportOpenHandles(&Open, Mode);
  Open.reset();
  return N;
}

static void DoExitCheck() { CheckOpenHandles(kAtExit); }

// LSan runs its exit-time check from a handler of the executable, which
// glibc runs when the dynamic linker finalizes the executable (_dl_fini):
// before the handlers registered while shared libraries were initialized,
// such as ours when the runtime is libbodysan_rt.so. Finding leaks, LSan
// exits there and our check would never run. Module constructors of an
// instrumented executable run after _dl_fini was registered, so the handler
// they register runs first; OnExit runs once however often it is registered.
static void ArmExitCheckBeforeLsan() {
  static u32 Armed;
  if (LsanDoLeakCheck && __atomic_fetch_add(&Armed, 1, __ATOMIC_RELAXED) < 64)
    on_exit(OnExit, nullptr);
}

} // namespace __bodysan

using namespace __bodysan;

//===-- Exported ABI ------------------------------------------------------===//

BODYSAN_EXPORT void __bodysan_init(void) {
  EnsureInit();
  ArmExitCheckBeforeLsan();
}

BODYSAN_EXPORT void __bodysan_version_mismatch_check_v3(void) {}

BODYSAN_EXPORT void __bodysan_acquire(void *handle,
                                      const struct __bodysan_site *site) {
  Acquire(handle, site, false, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_acquire_local(void *handle,
                                            const struct __bodysan_site *site) {
  Acquire(handle, site, true, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_adopt_local(void *handle,
                                          const struct __bodysan_site *) {
  AdoptLocal(handle);
}

BODYSAN_EXPORT void __bodysan_read(void *handle,
                                   const struct __bodysan_site *site,
                                   int64_t result, uint64_t count,
                                   const void *out) {
  Read(handle, site, result, count, out, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_read_request(void *handle,
                                           const struct __bodysan_site *,
                                           uint64_t count) {
  ReadRequest(handle, count);
}

BODYSAN_EXPORT void __bodysan_release(void *handle,
                                      const struct __bodysan_site *site) {
  Release(handle, site, false, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_retain(void *handle,
                                     const struct __bodysan_site *) {
  Retain(handle);
}

BODYSAN_EXPORT void __bodysan_unref(void *handle,
                                    const struct __bodysan_site *site) {
  Release(handle, site, true, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_handoff(void *handle,
                                      const struct __bodysan_site *) {
  Handoff(handle);
}

BODYSAN_EXPORT void __bodysan_set_parent(void *handle, void *parent,
                                         const struct __bodysan_site *site) {
  if (site && site->role == BODYSAN_ROLE_ATTACH)
    CheckParentUse(parent, site, BODYSAN_CALLER_PC_BP);
  SetParent(handle, parent, site, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_transfers_running(void *parent, int64_t running,
                                               const struct __bodysan_site *) {
  if (!parent || running != 0)
    return;
  // Every transfer of the handles attached to parent ended.
  ForEachRecordLocked([&](Shard &, Record *R) {
    if (R->Parent == parent && !R->Closed)
      R->TransferEnded = 1;
  });
}

BODYSAN_EXPORT void __bodysan_release_result(void *handle, int64_t result,
                                             const struct __bodysan_site *) {
  ReleaseResult(handle, result);
}

BODYSAN_EXPORT void __bodysan_request_start(void *parent,
                                            const struct __bodysan_site *) {
  RequestStart(parent);
}

BODYSAN_EXPORT void __bodysan_request_end(void *parent, int started,
                                          const struct __bodysan_site *site) {
  RequestEnd(parent, started, site, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_detach(void *handle, void *parent,
                                     const struct __bodysan_site *site) {
  CheckParentUse(parent, site, BODYSAN_CALLER_PC_BP);
  Detach(handle, site, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_destroy(void *handle,
                                      const struct __bodysan_site *site) {
  Destroy(handle, site, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT void __bodysan_close_children(void *parent,
                                             const struct __bodysan_site *site) {
  CloseChildren(parent, site);
}

BODYSAN_EXPORT void __bodysan_completion(const void *message,
                                         const struct __bodysan_site *site) {
  Completion(message, site, BODYSAN_CALLER_PC_BP);
}

BODYSAN_EXPORT uintptr_t __bodysan_scope_enter(void) {
  return (uintptr_t)GetThreadState()->NextSeq;
}

BODYSAN_EXPORT void __bodysan_scope_exit(uintptr_t token,
                                         const struct __bodysan_site *site,
                                         const void *returned) {
  ScopeExit(token, site, returned);
}

//===-- Public interface --------------------------------------------------===//

BODYSAN_EXPORT int __bodysan_do_recoverable_check(void) {
  EnsureInit();
  return (int)CheckOpenHandles(kRecoverable);
}

BODYSAN_EXPORT void __bodysan_do_check(void) {
  EnsureInit();
  if (__atomic_exchange_n(&ExitCheckDone, true, __ATOMIC_ACQ_REL))
    return;
  SetAtExit();
  if (CheckOpenHandles(kAtExit)) {
    PrintExitNotes();
    fflush(nullptr);
    RunLsanCheckBeforeExit();
    _exit(flags()->exitcode);
  }
}

BODYSAN_EXPORT void __bodysan_disable(void) {
  ++GetThreadState()->DisableCount;
}

BODYSAN_EXPORT void __bodysan_enable(void) {
  ThreadState *T = GetThreadState();
  if (T->DisableCount > 0)
    --T->DisableCount;
}

BODYSAN_EXPORT void __bodysan_ignore(const void *handle) {
  if (!handle)
    return;
  EnsureInit();
  Shard &S = ShardFor(handle);
  if (ShardEmpty(S))
    return;
  ScopedLock L(S.Lock);
  if (Record *R = FindLocked(S, handle))
    SetIgnoredLocked(S, R);
}

BODYSAN_EXPORT size_t __bodysan_live_count(void) {
  EnsureInit();
  return LiveCount();
}

// Runs before ordinary constructors, so the exit handler it registers runs
// after the program's atexit handlers and global destructors.
__attribute__((constructor(101))) static void BodysanConstructor() {
  __bodysan_init();
}
