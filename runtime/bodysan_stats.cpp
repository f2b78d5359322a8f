//===- bodysan_stats.cpp - per-site statistics (print_stats) --------------===//
//
// Counters per acquisition site, for the table print_stats=1 prints at exit:
// what the program acquired there, closed, drained, released undrained (each
// such release throws a connection away) and left open. The hooks only add
// to atomics in a fixed open-addressing table keyed by the site pointer;
// sites that find no slot are counted together as "<other sites>".
//
//===----------------------------------------------------------------------===//
#include "bodysan_stats.h"
#include "bodysan_sarif.h"

#include <stdlib.h>

namespace __bodysan {

namespace {
struct SiteCounters {
  const __bodysan_site *Site; // NULL: free slot (claimed with a CAS)
  u64 Acquired, Closed, Drained, Undrained;
};
} // namespace

enum { kStatsSlots = 4096, kMaxProbes = 64 };
static SiteCounters Table[kStatsSlots];
static SiteCounters Overflow;

static SiteCounters *Find(const __bodysan_site *Site, bool Insert) {
  if (!Site)
    return &Overflow;
  u64 H = HashHandle(Site);
  for (u32 I = 0; I < kMaxProbes; ++I) {
    SiteCounters &C = Table[(H + I) & (kStatsSlots - 1)];
    const __bodysan_site *S = __atomic_load_n(&C.Site, __ATOMIC_ACQUIRE);
    if (S == Site)
      return &C;
    if (S)
      continue;
    if (!Insert)
      return &Overflow;
    const __bodysan_site *Expected = nullptr;
    if (__atomic_compare_exchange_n(&C.Site, &Expected, Site, false,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
        Expected == Site)
      return &C;
  }
  return &Overflow;
}

static void Add(u64 *Counter) {
  __atomic_fetch_add(Counter, 1, __ATOMIC_RELAXED);
}

void StatsAcquire(const __bodysan_site *Site) {
  Add(&Find(Site, true)->Acquired);
}

void StatsClose(const Record *R, bool Verdict) {
  SiteCounters *C = Find(R->AcquireSite, true);
  Add(&C->Closed);
  if (!Verdict)
    return;
  if (R->Eof || R->Exempt)
    Add(&C->Drained);
  else if (!R->ReadFailed && (!R->Unobserved || R->EofSignal) &&
           (R->Kind->flags & BODYSAN_KIND_UNDRAINED_IS_ERROR))
    Add(&C->Undrained);
}

void StatsPendingDecided(const __bodysan_site *AcquireSite,
                         PendingOutcome Outcome) {
  if (Outcome == kPendingDrained)
    Add(&Find(AcquireSite, true)->Drained);
  else if (Outcome == kPendingUndrained)
    Add(&Find(AcquireSite, true)->Undrained);
}

void StatsStopped(const Record *R) {
  Add(&Find(R->AcquireSite, true)->Undrained);
}

//===-- The table ---------------------------------------------------------===//

namespace {
struct Row {
  const __bodysan_site *Site; // NULL: other sites
  u64 N[5];                   // acquired, closed, drained, undrained, open
};
} // namespace

static const char *Str(const char *S) { return S ? S : ""; }

static int CompareRows(const void *PA, const void *PB) {
  const __bodysan_site *A = static_cast<const Row *>(PA)->Site;
  const __bodysan_site *B = static_cast<const Row *>(PB)->Site;
  if (!A || !B)
    return A ? -1 : B ? 1 : 0;
  if (int C = strcmp(Str(ReportPath(A->file)), Str(ReportPath(B->file))))
    return C;
  if (A->line != B->line)
    return A->line < B->line ? -1 : 1;
  if (A->column != B->column)
    return A->column < B->column ? -1 : 1;
  if (int C = strcmp(Str(A->function), Str(B->function)))
    return C;
  return strcmp(A->kind ? Str(A->kind->name) : "",
                B->kind ? Str(B->kind->name) : "");
}

static int Digits(u64 V) {
  int D = 1;
  while (V >= 10)
    V /= 10, ++D;
  return D;
}

static void AppendSiteText(TextBuffer *Out, const __bodysan_site *S) {
  if (!S) {
    Out->append("<other sites>");
    return;
  }
  Out->appendf("%s ", S->function ? S->function : "<unknown function>");
  if (!S->file) {
    Out->append("<unknown location>");
    return;
  }
  Out->append(ReportPath(S->file));
  if (S->line) {
    Out->appendf(":%u", S->line);
    if (S->column)
      Out->appendf(":%u", S->column);
  }
}

void AppendStats(TextBuffer *Out) {
  // Rows: one per slot in use (slot order), then the overflow.
  Vector<Row> Rows = {};
  u32 *RowOfSlot =
      static_cast<u32 *>(InternalCalloc(kStatsSlots, sizeof(u32)));
  for (u32 I = 0; I < kStatsSlots; ++I) {
    SiteCounters &C = Table[I];
    const __bodysan_site *S = __atomic_load_n(&C.Site, __ATOMIC_ACQUIRE);
    if (!S)
      continue;
    Row R = {S,
             {__atomic_load_n(&C.Acquired, __ATOMIC_RELAXED),
              __atomic_load_n(&C.Closed, __ATOMIC_RELAXED),
              __atomic_load_n(&C.Drained, __ATOMIC_RELAXED),
              __atomic_load_n(&C.Undrained, __ATOMIC_RELAXED), 0}};
    RowOfSlot[I] = (u32)Rows.Size + 1;
    Rows.push_back(R);
  }
  Row Other = {nullptr,
               {__atomic_load_n(&Overflow.Acquired, __ATOMIC_RELAXED),
                __atomic_load_n(&Overflow.Closed, __ATOMIC_RELAXED),
                __atomic_load_n(&Overflow.Drained, __ATOMIC_RELAXED),
                __atomic_load_n(&Overflow.Undrained, __ATOMIC_RELAXED), 0}};
  // Still open now: not released by the program (ignored handles neither).
  ForEachRecordLocked([&](Shard &, Record *R) {
    if (!IsLiveOpen(R))
      return;
    SiteCounters *C = Find(R->AcquireSite, false);
    u32 RowIndex = C == &Overflow ? 0 : RowOfSlot[C - Table];
    ++(RowIndex ? Rows[RowIndex - 1] : Other).N[4];
  });
  InternalFree(RowOfSlot);
  if (Other.N[0] || Other.N[4])
    Rows.push_back(Other);
  qsort(Rows.Data, Rows.Size, sizeof(Row), CompareRows);
  // Sites of two modules for the same source location (an inline function
  // in a header) make one row.
  size_t Out2 = 0;
  for (size_t I = 0; I < Rows.Size; ++I) {
    if (Out2 && Rows[I].Site && Rows[Out2 - 1].Site &&
        !CompareRows(&Rows[I], &Rows[Out2 - 1])) {
      for (int K = 0; K < 5; ++K)
        Rows[Out2 - 1].N[K] += Rows[I].N[K];
      continue;
    }
    Rows[Out2++] = Rows[I];
  }
  Rows.Size = Out2;

  static const char *const kHeads[5] = {"acquired", "closed", "drained",
                                        "undrained", "open"};
  u64 Total[5] = {0, 0, 0, 0, 0};
  for (size_t I = 0; I < Rows.Size; ++I)
    for (int K = 0; K < 5; ++K)
      Total[K] += Rows[I].N[K];
  int Width[5];
  for (int K = 0; K < 5; ++K) {
    Width[K] = (int)strlen(kHeads[K]);
    if (Digits(Total[K]) > Width[K])
      Width[K] = Digits(Total[K]);
  }
  int KindWidth = 4;
  for (size_t I = 0; I < Rows.Size; ++I) {
    const __bodysan_site *S = Rows[I].Site;
    int W = S && S->kind && S->kind->name ? (int)strlen(S->kind->name) : 1;
    if (W > KindWidth)
      KindWidth = W;
  }
  Out->appendf("==%d==BodySanitizer: statistics (print_stats=1):\n",
               CachedPid());
  for (int K = 0; K < 5; ++K)
    Out->appendf("  %*s", Width[K], kHeads[K]);
  Out->appendf("  %-*s  acquisition site\n", KindWidth, "kind");
  for (size_t I = 0; I < Rows.Size; ++I) {
    const Row &R = Rows[I];
    for (int K = 0; K < 5; ++K)
      Out->appendf("  %*llu", Width[K], (unsigned long long)R.N[K]);
    const __bodysan_site *S = R.Site;
    Out->appendf("  %-*s  ", KindWidth,
                 S && S->kind && S->kind->name ? S->kind->name : "-");
    AppendSiteText(Out, S);
    Out->append("\n");
  }
  for (int K = 0; K < 5; ++K)
    Out->appendf("  %*llu", Width[K], (unsigned long long)Total[K]);
  Out->appendf("  %-*s  %zu site%s\n", KindWidth, "total", Rows.Size,
               Rows.Size == 1 ? "" : "s");
  Out->appendf("==%d==BodySanitizer: connections thrown away (undrained "
               "releases): %llu\n",
               CachedPid(), (unsigned long long)Total[3]);
  Rows.reset();
}

void StatsAfterForkChild() {
  // The child's registry starts empty; so do its counters.
  memset(Table, 0, sizeof(Table));
  memset(&Overflow, 0, sizeof(Overflow));
}

} // namespace __bodysan
