//===- bodysan_report.cpp - error reports ---------------------------------===//
//
// Formatting and printing of reports, the report lock, report counting,
// suppression checks, max_reports, halt_on_error and log_path.
//
//===----------------------------------------------------------------------===//
#include "bodysan_report.h"
#include "bodysan_flags.h"
#include "bodysan_sarif.h"
#include "bodysan_stats.h"
#include "bodysan_suppressions.h"
#include "bodysan_symbolizer.h"
#include "bodysan_thread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

namespace __bodysan {

static Mutex ReportLock = BODYSAN_MUTEX_INITIALIZER;
static bool ErrorFlag;      // an unsuppressed error was reported
static u64 NumPrinted;      // reports printed (for max_reports)
static u64 NumSkipped;      // reports max_reports kept from printing
static int LogFd = -1;      // -1: not opened yet
static bool AtExit;         // the exit check is running
static bool LogFailed;

//===-- Output ------------------------------------------------------------===//

static int OutputFd() {
  const char *Path = flags()->log_path;
  if (!Path || !*Path || !strcmp(Path, "stderr") || LogFailed)
    return 2;
  if (!strcmp(Path, "stdout"))
    return 1;
  if (LogFd >= 0)
    return LogFd;
  TextBuffer Name = {};
  Name.appendf("%s.%d", Path, CachedPid());
  LogFd = open(Name.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (LogFd < 0) {
    ErrPrintf("==%d==BodySanitizer: ERROR: cannot open log_path '%s': %s; "
              "reporting to stderr\n",
              CachedPid(), Name.c_str(), strerror(errno));
    LogFailed = true;
    Name.reset();
    return 2;
  }
  Name.reset();
  return LogFd;
}

static void Emit(TextBuffer &B) {
  int Fd = OutputFd();
  // Whatever the program wrote to stdio comes first.
  if (AtExit)
    fflush(nullptr);
  else if (Fd == 1)
    fflush(stdout);
  WriteFully(Fd, B.c_str(), B.Size);
}

//===-- Formatting --------------------------------------------------------===//

static void AppendLocation(TextBuffer *B, const char *File, u32 Line,
                           u32 Column) {
  if (!File) {
    B->append("<unknown location>");
    return;
  }
  B->append(ReportPath(File));
  if (Line) {
    B->appendf(":%u", Line);
    if (Column)
      B->appendf(":%u", Column);
  }
}

static void AppendSiteLocation(TextBuffer *B, const __bodysan_site *S) {
  if (!S) {
    B->append("<unknown location>");
    return;
  }
  AppendLocation(B, S->file, S->line, S->column);
}

static const char *SiteFunction(const __bodysan_site *S) {
  return S && S->function ? S->function : "<unknown function>";
}

static const char *SiteCallee(const __bodysan_site *S) {
  return S && S->callee ? S->callee : "<unknown call>";
}

static const char *KindDescription(const __bodysan_kind *K) {
  return K && K->description ? K->description : "handle";
}

// "libsoup 3 response body (GInputStream)" -> "... bodies (GInputStream)":
// pluralizes the last word before a parenthesis (or the end).
static void AppendPlural(TextBuffer *B, const char *Desc) {
  const char *Paren = strstr(Desc, " (");
  size_t HeadLen = Paren ? (size_t)(Paren - Desc) : strlen(Desc);
  if (HeadLen == 0) {
    B->append(Desc);
    return;
  }
  char Last = Desc[HeadLen - 1];
  char Before = HeadLen > 1 ? Desc[HeadLen - 2] : 0;
  if (Last == 'y' && !strchr("aeiou", Before)) {
    B->append(Desc, HeadLen - 1);
    B->append("ies");
  } else if (Last == 's' || Last == 'x' ||
             (Last == 'h' && (Before == 'c' || Before == 's'))) {
    B->append(Desc, HeadLen);
    B->append("es");
  } else {
    B->append(Desc, HeadLen);
    B->append("s");
  }
  B->append(Desc + HeadLen);
}

// "<description> from <callee>"
static void AppendHandle(TextBuffer *B, const HandleInfo &H, u64 Count,
                         bool ShowCount = false) {
  if (Count == 1) {
    if (ShowCount)
      B->append("1 ");
    B->append(KindDescription(H.Kind));
  } else {
    B->appendf("%llu ", (unsigned long long)Count);
    AppendPlural(B, KindDescription(H.Kind));
  }
  if (H.AcquireSite && H.AcquireSite->callee)
    B->appendf(" from %s", H.AcquireSite->callee);
}

static void AppendFrames(TextBuffer *B, const SymbolizedStack &S) {
  if (S.Frames.Size == 0) {
    B->append("    <empty stack>\n");
    return;
  }
  for (size_t I = 0; I < S.Frames.Size; ++I) {
    const SymbolizedFrame &F = S.Frames[I];
    B->appendf("    #%zu 0x%zx", I, (size_t)F.Pc);
    if (F.Function)
      B->appendf(" in %s", F.Function);
    if (F.File) {
      B->append(" ");
      AppendLocation(B, F.File, F.Line, F.Column);
    } else if (F.Module) {
      B->appendf(" (%s+0x%zx)", ReportPath(F.Module), (size_t)F.ModuleOffset);
    } else if (!F.Function) {
      B->append(" (<unknown module>)");
    }
    B->append("\n");
  }
}

//===-- Report sessions ---------------------------------------------------===//

namespace {
struct StackPart {
  StackId Id;
  const char *Title; // e.g. "Acquired by thread T0 here:" (owned)
  SymbolizedStack Sym;
};
} // namespace

static bool BeginReport() {
  ThreadState *T = GetThreadState();
  if (T->InReport)
    return false;
  T->InReport = true;
  ReportLock.lock();
  return true;
}

static void EndReport() {
  SymbolizerEndSession();
  ReportLock.unlock();
  GetThreadState()->InReport = false;
}

// The outputs written once on the way out (bodysan_sarif.h,
// bodysan_stats.h): the print_stats table, the SARIF log, an empty json_path.
static bool OutputsDone;
static void FinishOutputs() {
  if (!BeginReport())
    return;
  if (!OutputsDone) {
    OutputsDone = true;
    // On the way out: the program's buffered output comes first, as for the
    // exit report.
    fflush(nullptr);
    if (flags()->print_stats) {
      TextBuffer B = {};
      AppendStats(&B);
      Emit(B);
      B.reset();
    }
    WriteSarifLog();
    TouchJsonLog();
  }
  EndReport();
}

static void MaybeHalt() {
  if (!flags()->halt_on_error)
    return;
  FinishOutputs();
  fflush(nullptr);
  _exit(flags()->exitcode);
}

static char *TitleFor(const char *What, u32 Tid) {
  TextBuffer B = {};
  B.appendf("%s by thread T%u here:", What, Tid);
  char *R = InternalStrdup(B.c_str());
  B.reset();
  return R;
}

// Reports already made, for dedup_reports: a hash of (error, stacks, site)
// and whether that report was suppressed. Open addressing, no deletion; when
// it is full, reports are no longer deduplicated. Guarded by ReportLock.
static constexpr unsigned kSeenSlots = 4096;
static u64 SeenKeys[kSeenSlots];
static bool SeenSuppressed[kSeenSlots];
static u64 SeenRepeats[kSeenSlots];     // times it repeated, unprinted
static char *SeenSummary[kSeenSlots];   // "error: summary", for the exit note
static u32 SeenOrder[kSeenSlots];       // slots in the order they were filled
static u32 NumSeen;

// The key of a report: its error, its site, and its symbolized stacks (the
// function, file, line and column of every frame, or the pc where that is
// unknown). Symbolized rather than raw: the optimizer copies calls (loop
// unrolling) and the copies have other return addresses but the same source.
static u64 ReportKey(const char *Error, const StackPart *Parts, unsigned N,
                     const void *Site) {
  u64 K = 0xcbf29ce484222325ull ^ (u64)(uptr)Error;
  auto Mix = [&K](u64 V) { K = (K ^ V) * 0x100000001b3ull; K ^= K >> 29; };
  auto MixString = [&Mix](const char *S) {
    for (; S && *S; ++S)
      Mix((u8)*S);
    Mix(0);
  };
  Mix((u64)(uptr)Site);
  for (unsigned I = 0; I < N; ++I) {
    const Vector<SymbolizedFrame> &Frames = Parts[I].Sym.Frames;
    Mix(Frames.Size);
    for (size_t F = 0; F < Frames.Size; ++F) {
      const SymbolizedFrame &Fr = Frames[F];
      if (!Fr.Function || !Fr.File) {
        Mix(Fr.Pc);
        continue;
      }
      MixString(Fr.Function);
      MixString(Fr.File);
      Mix(((u64)Fr.Line << 32) | Fr.Column);
    }
  }
  return K ? K : 1;
}

// Finds Key; returns its slot, or -1 with *Free set to where it would go (or
// -1 when the table is full).
static int FindSeen(u64 Key, int *Free) {
  *Free = -1;
  for (unsigned I = 0; I < kSeenSlots; ++I) {
    unsigned Slot = (unsigned)((Key + I) % kSeenSlots);
    if (SeenKeys[Slot] == Key)
      return (int)Slot;
    if (!SeenKeys[Slot]) {
      *Free = (int)Slot;
      return -1;
    }
  }
  return -1;
}

// Symbolizes the parts, checks suppressions, prints. Returns true if the
// report counted (printed or skipped by max_reports), false if suppressed.
// With dedup_reports, a report with the same error, stacks and site as an
// earlier one is only counted (a loop that leaks reports once).
static bool EmitEventReport(const char *Error, SuppressionType Type,
                            TextBuffer &Text, StackPart *Parts, unsigned N,
                            TextBuffer &Summary, const HandleInfo &H,
                            const void *Site) {
  if (!BeginReport()) {
    for (unsigned I = 0; I < N; ++I)
      InternalFree(const_cast<char *>(Parts[I].Title));
    return false;
  }
  const SymbolizedStack *Stacks[4];
  for (unsigned I = 0; I < N; ++I) {
    Parts[I].Sym = SymbolizedStack();
    SymbolizeStack(StackDepotGet(Parts[I].Id), &Parts[I].Sym);
    Stacks[I] = &Parts[I].Sym;
  }
  int FreeSlot = -1;
  u64 Key = 0;
  if (flags()->dedup_reports) {
    Key = ReportKey(Error, Parts, N, Site);
    int Slot = FindSeen(Key, &FreeSlot);
    if (Slot >= 0) {
      bool Counted = !SeenSuppressed[Slot];
      if (Counted) {
        ErrorFlag = true;
        ++SeenRepeats[Slot];
        CaptureRepeat(Key);
      }
      for (unsigned I = 0; I < N; ++I) {
        Parts[I].Sym.reset();
        InternalFree(const_cast<char *>(Parts[I].Title));
      }
      EndReport();
      return Counted;
    }
  }
  const char *Extra[2] = {H.AcquireSite ? H.AcquireSite->function : nullptr,
                          H.AcquireSite ? H.AcquireSite->file : nullptr};
  bool Suppressed = IsSuppressed(Type, Stacks, N, Extra, 2, 1,
                                 static_cast<const __bodysan_site *>(Site));
  bool Counted = !Suppressed;
  if (FreeSlot >= 0) {
    SeenKeys[FreeSlot] = Key;
    SeenSuppressed[FreeSlot] = Suppressed;
    TextBuffer Label = {};
    Label.appendf("%s: %s", Error, Summary.c_str());
    SeenSummary[FreeSlot] = InternalStrdup(Label.c_str());
    Label.reset();
    SeenOrder[NumSeen++] = (u32)FreeSlot;
  }
  if (!Suppressed) {
    ErrorFlag = true;
    int Max = flags()->max_reports;
    if (Max > 0 && NumPrinted >= (u64)Max) {
      ++NumSkipped;
    } else {
      ++NumPrinted;
      TextBuffer B = {};
      B.appendf("==%d==ERROR: BodySanitizer: %s\n", CachedPid(), Error);
      B.append(Text.c_str(), Text.Size);
      for (unsigned I = 0; I < N; ++I) {
        B.appendf("%s\n", Parts[I].Title);
        AppendFrames(&B, Parts[I].Sym);
        B.append("\n");
      }
      // SARIF, JSON lines and the gen_suppressions line.
      ReportStackView Views[4];
      for (unsigned I = 0; I < N; ++I)
        Views[I] = {Parts[I].Title, &Parts[I].Sym};
      ReportView View = {};
      View.Error = Error;
      View.Type = Type;
      View.Kind = H.Kind;
      View.Text = Text.c_str();
      View.TextLen = Text.Size;
      View.AcquireSite = H.AcquireSite;
      View.Site = static_cast<const __bodysan_site *>(Site);
      View.Stacks = Views;
      View.NumStacks = N;
      View.Count = 1;
      View.Key = Key;
      CaptureReport(View, &B);
      B.appendf("SUMMARY: BodySanitizer: %s: %s\n", Error, Summary.c_str());
      Emit(B);
      B.reset();
    }
  }
  for (unsigned I = 0; I < N; ++I) {
    Parts[I].Sym.reset();
    InternalFree(const_cast<char *>(Parts[I].Title));
  }
  EndReport();
  if (Counted)
    MaybeHalt();
  return Counted;
}

bool ReportUnclosedAtScopeExit(const HandleInfo &H,
                               const __bodysan_site *ExitSite) {
  TextBuffer Text = {}, Summary = {};
  AppendHandle(&Text, H, 1);
  bool Unwind = ExitSite && ExitSite->role == BODYSAN_ROLE_EXIT_UNWIND;
  if (Unwind)
    Text.appendf(" was still open when an exception unwound through '%s' at ",
                 SiteFunction(ExitSite));
  else
    Text.appendf(" was still open when '%s' returned at ",
                 SiteFunction(ExitSite));
  AppendSiteLocation(&Text, ExitSite);
  Text.append(".\n");
  if (H.Kind && H.Kind->unclosed_consequence)
    Text.appendf("%s\n", H.Kind->unclosed_consequence);
  Summary.appendf("1 body acquired in %s at ", SiteFunction(H.AcquireSite));
  AppendSiteLocation(&Summary, H.AcquireSite);
  StackPart Parts[1] = {{H.AcquireStack, TitleFor("Acquired", H.Tid), {}}};
  bool R = EmitEventReport("unclosed-body", kSuppressUnclosed, Text, Parts, 1,
                           Summary, H, ExitSite);
  Text.reset();
  Summary.reset();
  return R;
}

void ReportUndrained(const HandleInfo &H, const __bodysan_site *ReleaseSite,
                     StackId ReleaseStack, u32 Tid, bool LastUnref,
                     PendingReason Why, const __bodysan_site *WhySite,
                     StackId WhyStack, u32 WhyTid) {
  TextBuffer Text = {}, Summary = {};
  AppendHandle(&Text, H, 1);
  Text.appendf(" was released by %s%s at ", SiteCallee(ReleaseSite),
               LastUnref ? " (last reference)" : "");
  AppendSiteLocation(&Text, ReleaseSite);
  Text.appendf(" before its end was read (%llu byte%s read).\n",
               (unsigned long long)H.Bytes, H.Bytes == 1 ? "" : "s");
  if (H.Kind && H.Kind->undrained_consequence)
    Text.appendf("%s\n", H.Kind->undrained_consequence);
  if (Why == kNextFailed && WhySite) {
    Text.appendf("The next request on the same parent failed to start: %s at ",
                 SiteCallee(WhySite));
    AppendSiteLocation(&Text, WhySite);
    Text.append(".\n");
  } else if (Why == kEndFailed) {
    Text.appendf("%s itself failed on the unread body: the connection was "
                 "dropped.\n",
                 SiteCallee(ReleaseSite));
  }
  Summary.appendf("1 body released in %s at ", SiteFunction(ReleaseSite));
  AppendSiteLocation(&Summary, ReleaseSite);
  Summary.append(" before its end was read");
  StackPart Parts[3] = {{ReleaseStack, TitleFor("Released", Tid), {}},
                        {H.AcquireStack, TitleFor("Acquired", H.Tid), {}},
                        {WhyStack, nullptr, {}}};
  unsigned N = 2;
  if (WhyStack && Why == kNextFailed)
    Parts[N++].Title = TitleFor(
        "The next request on the same parent failed; it was started", WhyTid);
  EmitEventReport("undrained-body", kSuppressUndrained, Text, Parts, N,
                  Summary, H, ReleaseSite);
  Text.reset();
  Summary.reset();
}

void ReportTransferStopped(const HandleInfo &H, const __bodysan_site *Site,
                           StackId Stack, u32 Tid, int64_t Result,
                           const __bodysan_site *NextSite, StackId NextStack,
                           u32 NextTid) {
  TextBuffer Text = {}, Summary = {};
  bool Completion = Site && Site->role == BODYSAN_ROLE_COMPLETION;
  Text.appendf("%s at ", SiteCallee(Site));
  AppendSiteLocation(&Text, Site);
  if (Completion) {
    Text.append(" reported the transfer on ");
    AppendHandle(&Text, H, 1);
    Text.appendf(" stopped before the end of the body (result %lld).\n",
                 (long long)Result);
  } else {
    Text.append(" stopped the transfer on ");
    AppendHandle(&Text, H, 1);
    Text.appendf(" before the end of the body (it returned %lld).\n",
                 (long long)Result);
  }
  if (H.Kind && H.Kind->undrained_consequence)
    Text.appendf("%s\n", H.Kind->undrained_consequence);
  if (NextSite) {
    Text.appendf("The next transfer on the same handle, %s at ",
                 SiteCallee(NextSite));
    AppendSiteLocation(&Text, NextSite);
    Text.append(", had to open a new connection.\n");
  }
  Summary.appendf("1 body stopped early in %s at ", SiteFunction(Site));
  AppendSiteLocation(&Summary, Site);
  StackPart Parts[3] = {
      {Stack, TitleFor(Completion ? "Reported" : "Stopped", Tid), {}},
      {H.AcquireStack, TitleFor("Acquired", H.Tid), {}},
      {NextStack, nullptr, {}}};
  unsigned N = 2;
  if (NextSite && NextStack)
    Parts[N++].Title = TitleFor(
        "The next transfer on the same handle ran", NextTid);
  EmitEventReport("undrained-body", kSuppressUndrained, Text, Parts, N,
                  Summary, H, Site);
  Text.reset();
  Summary.reset();
}

void ReportDetachedEarly(const HandleInfo &H, const __bodysan_site *Site,
                         StackId Stack, u32 Tid, int64_t Received,
                         int64_t Total) {
  TextBuffer Text = {}, Summary = {};
  AppendHandle(&Text, H, 1);
  Text.appendf(" was removed from its parent by %s at ", SiteCallee(Site));
  AppendSiteLocation(&Text, Site);
  Text.appendf(" after %lld of %lld bytes of the body.\n", (long long)Received,
               (long long)Total);
  if (H.Kind && H.Kind->undrained_consequence)
    Text.appendf("%s\n", H.Kind->undrained_consequence);
  Summary.appendf("1 body removed in %s at ", SiteFunction(Site));
  AppendSiteLocation(&Summary, Site);
  Summary.append(" before its end was read");
  StackPart Parts[2] = {{Stack, TitleFor("Removed", Tid), {}},
                        {H.AcquireStack, TitleFor("Acquired", H.Tid), {}}};
  EmitEventReport("undrained-body", kSuppressUndrained, Text, Parts, 2,
                  Summary, H, Site);
  Text.reset();
  Summary.reset();
}

void ReportUnclosedAtCall(const HandleInfo &H, const __bodysan_site *Site,
                          StackId Stack, u32 Tid,
                          const __bodysan_kind *ParentKind) {
  TextBuffer Text = {}, Summary = {};
  AppendHandle(&Text, H, 1);
  if (ParentKind)
    Text.appendf(" was still added to %s when %s released it at ",
                 KindDescription(ParentKind), SiteCallee(Site));
  else
    Text.appendf(" was destroyed by %s at ", SiteCallee(Site));
  AppendSiteLocation(&Text, Site);
  Text.append(ParentKind ? ".\n" : " while still open.\n");
  if (H.Kind && H.Kind->unclosed_consequence)
    Text.appendf("%s\n", H.Kind->unclosed_consequence);
  Summary.appendf("1 body acquired in %s at ", SiteFunction(H.AcquireSite));
  AppendSiteLocation(&Summary, H.AcquireSite);
  Summary.append(ParentKind ? " still added to its parent when it was released"
                            : " destroyed while still open");
  StackPart Parts[2] = {
      {Stack, TitleFor(ParentKind ? "Parent released" : "Destroyed", Tid), {}},
      {H.AcquireStack, TitleFor("Acquired", H.Tid), {}}};
  EmitEventReport("unclosed-body", kSuppressUnclosed, Text, Parts, 2, Summary,
                  H, Site);
  Text.reset();
  Summary.reset();
}

// A second action on a released handle: a release (double-close) or a read
// (use-after-close). Stacks: this action, the first release, the acquisition.
static void ReportAfterRelease(const HandleInfo &H, const __bodysan_site *Site,
                               StackId Stack, u32 Tid, const char *Error,
                               SuppressionType Type, const char *Action,
                               const char *Then, const char *SummaryAction,
                               const char *Title, const char *ReleaseTitle) {
  TextBuffer Text = {}, Summary = {};
  AppendHandle(&Text, H, 1);
  Text.appendf(" was %s by %s at ", Action, SiteCallee(Site));
  AppendSiteLocation(&Text, Site);
  Text.appendf(" %s by %s at ", Then, SiteCallee(H.ReleaseSite));
  AppendSiteLocation(&Text, H.ReleaseSite);
  Text.append(".\n");
  Summary.appendf("1 body %s in %s at ", SummaryAction, SiteFunction(Site));
  AppendSiteLocation(&Summary, Site);
  StackPart Parts[3] = {
      {Stack, TitleFor(Title, Tid), {}},
      {H.ReleaseStack, TitleFor(ReleaseTitle, H.ReleaseTid), {}},
      {H.AcquireStack, TitleFor("Acquired", H.Tid), {}}};
  unsigned N = 3;
  if (!H.ReleaseStack) {
    InternalFree(const_cast<char *>(Parts[1].Title));
    Parts[1] = Parts[2];
    N = 2;
  }
  EmitEventReport(Error, Type, Text, Parts, N, Summary, H, Site);
  Text.reset();
  Summary.reset();
}

void ReportDoubleClose(const HandleInfo &H, const __bodysan_site *Site,
                       StackId Stack, u32 Tid) {
  ReportAfterRelease(H, Site, Stack, Tid, "double-close", kSuppressDoubleClose,
                     "released", "after it had already been released",
                     "released twice", "Released again", "First released");
}

void ReportUseAfterClose(const HandleInfo &H, const __bodysan_site *Site,
                         StackId Stack, u32 Tid) {
  ReportAfterRelease(H, Site, Stack, Tid, "use-after-close",
                     kSuppressUseAfterClose, "read", "after it was released",
                     "read after release", "Read", "Released");
}

void ReportParentUseAfterClose(const HandleInfo &H, const __bodysan_site *Site,
                               StackId Stack, u32 Tid) {
  ReportAfterRelease(H, Site, Stack, Tid, "use-after-close",
                     kSuppressUseAfterClose, "used", "after it was released",
                     "used after release", "Used", "Released");
}

//===-- Open handles (exit and recoverable checks) -------------------------===//

static int CompareKindName(const __bodysan_kind *A, const __bodysan_kind *B) {
  const char *NA = A && A->name ? A->name : "";
  const char *NB = B && B->name ? B->name : "";
  return strcmp(NA, NB);
}

static int CompareHandles(const void *PA, const void *PB) {
  const HandleInfo *A = static_cast<const HandleInfo *>(PA);
  const HandleInfo *B = static_cast<const HandleInfo *>(PB);
  if (int C = CompareKindName(A->Kind, B->Kind))
    return C;
  if (A->AcquireStack != B->AcquireStack)
    return A->AcquireStack < B->AcquireStack ? -1 : 1;
  return A->Serial < B->Serial ? -1 : A->Serial > B->Serial;
}

namespace {
struct Group {
  size_t Begin, Count;
  u32 Tid;
  bool ManyThreads;
};
} // namespace

static int CompareGroups(const void *PA, const void *PB) {
  const Group *A = static_cast<const Group *>(PA);
  const Group *B = static_cast<const Group *>(PB);
  if (A->Count != B->Count)
    return A->Count > B->Count ? -1 : 1;
  return A->Begin < B->Begin ? -1 : A->Begin > B->Begin;
}

// " at the end of the checked section 'Name'" (kAtSectionEnd).
static void AppendSectionEnd(TextBuffer *B, const SectionReport *Section) {
  B->append(" at the end of the checked section");
  if (Section && Section->Name && *Section->Name)
    B->appendf(" '%s'", Section->Name);
}

// The report text for __bodysan_check_section's caller, truncated to fit.
static void CopyReport(SectionReport *Section, TextBuffer &B) {
  if (!Section->Text || !Section->TextSize)
    return;
  size_t N = B.Size < Section->TextSize - 1 ? B.Size : Section->TextSize - 1;
  memcpy(Section->Text, B.c_str(), N);
  Section->Text[N] = 0;
}

size_t ReportOpenHandles(Vector<HandleInfo> *Handles, OpenHandlesMode Mode,
                         SectionReport *Section) {
  if (Handles->Size == 0)
    return 0;
  qsort(Handles->Data, Handles->Size, sizeof(HandleInfo), CompareHandles);
  Vector<Group> Groups = {};
  for (size_t I = 0; I < Handles->Size; ++I) {
    const HandleInfo &H = (*Handles)[I];
    if (Groups.Size) {
      Group &G = Groups[Groups.Size - 1];
      const HandleInfo &F = (*Handles)[G.Begin];
      if (!CompareKindName(F.Kind, H.Kind) && F.AcquireStack == H.AcquireStack) {
        ++G.Count;
        if (H.Tid != G.Tid)
          G.ManyThreads = true;
        continue;
      }
    }
    Group G = {I, 1, H.Tid, false};
    Groups.push_back(G);
  }
  qsort(Groups.Data, Groups.Size, sizeof(Group), CompareGroups);

  if (!BeginReport()) {
    Groups.reset();
    return 0;
  }
  TextBuffer Body = {};
  size_t Reported = 0, ReportedGroups = 0;
  const Group *OnlyGroup = nullptr;
  // Only the groups of a printed report (max_reports) reach SARIF and JSON.
  bool Printing = !(flags()->max_reports > 0 &&
                    NumPrinted >= (u64)flags()->max_reports);
  for (size_t GI = 0; GI < Groups.Size; ++GI) {
    const Group &G = Groups[GI];
    const HandleInfo &H = (*Handles)[G.Begin];
    SymbolizedStack Sym = {};
    SymbolizeStack(StackDepotGet(H.AcquireStack), &Sym);
    const SymbolizedStack *Stacks[1] = {&Sym};
    const char *Extra[2] = {H.AcquireSite ? H.AcquireSite->function : nullptr,
                            H.AcquireSite ? H.AcquireSite->file : nullptr};
    if (IsSuppressed(kSuppressUnclosed, Stacks, 1, Extra, 2, G.Count)) {
      Sym.reset();
      continue;
    }
    Reported += G.Count;
    ++ReportedGroups;
    OnlyGroup = &G;
    if (Section && ReportedGroups == 1)
      Section->FirstSite = H.AcquireSite;
    size_t TextBegin = Body.Size;
    AppendHandle(&Body, H, G.Count, /*ShowCount=*/true);
    if (Mode == kAtExit) {
      Body.append(G.Count == 1 ? " was never closed (still open at exit).\n"
                               : " were never closed (still open at exit).\n");
    } else if (Mode == kAtSectionEnd) {
      Body.append(G.Count == 1 ? " was still open" : " were still open");
      AppendSectionEnd(&Body, Section);
      Body.append(".\n");
    } else {
      Body.append(G.Count == 1 ? " is still open.\n" : " are still open.\n");
    }
    if (H.Kind && H.Kind->unclosed_consequence)
      Body.appendf("%s\n", H.Kind->unclosed_consequence);
    size_t TextEnd = Body.Size;
    if (G.ManyThreads)
      Body.append("Acquired by several threads here:\n");
    else
      Body.appendf("Acquired by thread T%u here:\n", G.Tid);
    AppendFrames(&Body, Sym);
    if (Printing) {
      // SARIF, JSON lines and the gen_suppressions line, per group.
      TextBuffer Text = {}, Title = {};
      Text.append(Body.Data + TextBegin, TextEnd - TextBegin);
      Title.append(Body.Data + TextEnd,
                   (size_t)(strchr(Body.Data + TextEnd, '\n') -
                            (Body.Data + TextEnd)));
      ReportStackView Views[1] = {{Title.c_str(), &Sym}};
      ReportView View = {};
      View.Error = "unclosed-body";
      View.Type = kSuppressUnclosed;
      View.Kind = H.Kind;
      View.Text = Text.c_str();
      View.TextLen = Text.Size;
      View.AcquireSite = H.AcquireSite;
      View.Stacks = Views;
      View.NumStacks = 1;
      View.Count = G.Count;
      CaptureReport(View, &Body);
      Text.reset();
      Title.reset();
    }
    Body.append("\n");
    Sym.reset();
  }
  bool Counted = false;
  if (Reported) {
    Counted = true;
    if (Mode != kRecoverable)
      ErrorFlag = true;
    int Max = flags()->max_reports;
    if (Max > 0 && NumPrinted >= (u64)Max) {
      ++NumSkipped;
      if (Section)
        CopyReport(Section, Body); // not printed; the caller still gets it
    } else {
      ++NumPrinted;
      TextBuffer B = {};
      B.appendf("==%d==ERROR: BodySanitizer: unclosed-body\n", CachedPid());
      B.append(Body.c_str(), Body.Size);
      B.appendf("SUMMARY: BodySanitizer: unclosed-body: %zu bod%s ", Reported,
                Reported == 1 ? "y" : "ies");
      if (ReportedGroups == 1) {
        const HandleInfo &H = (*Handles)[OnlyGroup->Begin];
        B.appendf("acquired in %s at ", SiteFunction(H.AcquireSite));
        AppendSiteLocation(&B, H.AcquireSite);
      } else {
        B.appendf("acquired at %zu stacks", ReportedGroups);
      }
      if (Mode == kAtSectionEnd) {
        B.append(" still open");
        AppendSectionEnd(&B, Section);
        B.append("\n");
      } else {
        B.append(Mode == kAtExit ? " never closed\n" : " still open\n");
      }
      Emit(B);
      if (Section)
        CopyReport(Section, B);
      B.reset();
    }
  }
  Body.reset();
  Groups.reset();
  EndReport();
  // No halt at exit: the exit paths decide the exit code themselves. A
  // section's report is a run-time error like a scope exit's.
  if (Counted && Mode == kAtSectionEnd)
    MaybeHalt();
  return Reported;
}

bool ErrorReported() { return __atomic_load_n(&ErrorFlag, __ATOMIC_RELAXED); }

void PrintExitNotes() {
  if (!BeginReport())
    return;
  TextBuffer B = {};
  if (flags()->print_suppressions)
    PrintMatchedSuppressions(&B);
  for (u32 I = 0; I < NumSeen; ++I) {
    u32 Slot = SeenOrder[I];
    if (u64 N = SeenRepeats[Slot])
      B.appendf("==%d==BodySanitizer: %llu more report%s identical to this one "
                "(same error, stacks and site) %s not printed "
                "(dedup_reports=1): %s\n",
                CachedPid(), (unsigned long long)N, N == 1 ? "" : "s",
                N == 1 ? "was" : "were", SeenSummary[Slot]);
  }
  if (NumSkipped)
    B.appendf("==%d==BodySanitizer: %llu more report%s not printed "
              "(max_reports=%d)\n",
              CachedPid(), (unsigned long long)NumSkipped,
              NumSkipped == 1 ? " was" : "s were", flags()->max_reports);
  if (B.Size)
    Emit(B);
  B.reset();
  EndReport();
  FinishOutputs();
}

void SetAtExit() { AtExit = true; }

void ReportAfterForkChild() {
  AtExit = false;
  ReportLock.reinit();
  ErrorFlag = false;
  NumPrinted = NumSkipped = 0;
  OutputsDone = false;
  SarifAfterForkChild();
  StatsAfterForkChild();
  memset(SeenKeys, 0, sizeof(SeenKeys));
  memset(SeenRepeats, 0, sizeof(SeenRepeats));
  NumSeen = 0; // the child forgets the labels (their memory stays)
  if (LogFd >= 0)
    close(LogFd);
  LogFd = -1;
  LogFailed = false;
}

} // namespace __bodysan
