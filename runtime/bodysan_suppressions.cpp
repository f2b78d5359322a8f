//===- bodysan_suppressions.cpp - suppressions file -----------------------===//
//
// Parsing and matching of suppressions. Errors in the file are printed with
// the line number; the offending line is ignored and parsing goes on.
//
//===----------------------------------------------------------------------===//
#include "bodysan_suppressions.h"
#include "bodysan_flags.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

namespace __bodysan {

namespace {
// One frame of a located suppression: 'function@file:line[:column]'.
struct FrameSpec {
  char *Function; // glob, matched against the whole name
  char *File;     // a path suffix, or a glob when it has '*' or '?'
  u32 Line, Column;
  bool AnyLine, AnyColumn;
  bool ChainStart; // the first frame of a chain ('|' before it)
};

struct Suppression {
  SuppressionType Type;
  char *Pattern;   // as written (for the table)
  char *Glob;      // with implicit '*' where not anchored
  u64 Hits;
  FrameSpec *Frames; // located suppressions only, else NULL
  u32 NumFrames;
};

const char *const kTypeNames[kNumSuppressionTypes] = {
    "unclosed", "undrained", "double-close", "use-after-close"};
} // namespace

static Vector<Suppression> Suppressions;
static Mutex SuppressionsLock = BODYSAN_MUTEX_INITIALIZER;

static void SuppressionError(const char *File, unsigned Line,
                             const char *Problem, const char *Text) {
  if (Line)
    ErrPrintf("==%d==BodySanitizer: ERROR: suppressions file '%s': line %u: "
              "%s%s%s%s\n",
              CachedPid(), File, Line, Problem, Text ? " '" : "",
              Text ? Text : "", Text ? "'" : "");
  else
    ErrPrintf("==%d==BodySanitizer: ERROR: suppressions file '%s': %s\n",
              CachedPid(), File, Problem);
}

static char *MakeGlob(const char *Pattern) {
  TextBuffer G = {};
  size_t Len = strlen(Pattern);
  bool AnchorStart = Len > 0 && Pattern[0] == '^';
  bool AnchorEnd = Len > 0 && Pattern[Len - 1] == '$';
  const char *Begin = Pattern + (AnchorStart ? 1 : 0);
  size_t BodyLen = Len - (AnchorStart ? 1 : 0) - (AnchorEnd ? 1 : 0);
  if ((ssize_t)BodyLen < 0)
    BodyLen = 0;
  if (!AnchorStart)
    G.append("*");
  G.append(Begin, BodyLen);
  if (!AnchorEnd)
    G.append("*");
  char *R = InternalStrdup(G.c_str());
  G.reset();
  return R;
}

//===-- Located suppressions ----------------------------------------------===//
//
// 'unclosed:fetch_json@client.c:42:17;main@client.c:80:5' matches a report
// whose stack starts with those two frames. Chains separated by '|' must
// each match a stack of the report. A pattern is located only when every
// frame parses (a function, '@', a file, ':' and a line number or '*', an
// optional ':column'), so plain patterns, even with an '@', keep their
// meaning.

static void TrimInPlace(char **B, char **E) {
  while (*B < *E && (**B == ' ' || **B == '\t'))
    ++*B;
  while (*E > *B && ((*E)[-1] == ' ' || (*E)[-1] == '\t'))
    --*E;
}

static char *DupRange(const char *B, const char *E) {
  size_t N = (size_t)(E - B);
  char *R = static_cast<char *>(InternalAlloc(N + 1));
  memcpy(R, B, N);
  R[N] = 0;
  return R;
}

// Parses "123" or "*" in [B, E).
static bool ParseNumber(const char *B, const char *E, u32 *Out, bool *Any) {
  *Any = false;
  *Out = 0;
  if (E - B == 1 && *B == '*') {
    *Any = true;
    return true;
  }
  if (B == E || E - B > 9)
    return false;
  for (const char *P = B; P < E; ++P) {
    if (*P < '0' || *P > '9')
      return false;
    *Out = *Out * 10 + (u32)(*P - '0');
  }
  return true;
}

static void FreeFrames(Vector<FrameSpec> *V) {
  for (size_t I = 0; I < V->Size; ++I) {
    InternalFree((*V)[I].Function);
    InternalFree((*V)[I].File);
  }
  V->reset();
}

// One frame in [B, E): false if it is not 'function@file:line[:column]'.
static bool ParseFrameSpec(const char *B, const char *E, bool ChainStart,
                           Vector<FrameSpec> *Out) {
  char *TB = const_cast<char *>(B), *TE = const_cast<char *>(E);
  TrimInPlace(&TB, &TE);
  const char *At = static_cast<const char *>(memchr(TB, '@', (size_t)(TE - TB)));
  if (!At || At == TB)
    return false;
  // file:line or file:line:column, split from the end.
  const char *Colon1 = nullptr, *Colon2 = nullptr;
  for (const char *P = TE; P > At + 1; --P)
    if (P[-1] == ':') {
      if (!Colon1)
        Colon1 = P - 1;
      else {
        Colon2 = P - 1;
        break;
      }
    }
  if (!Colon1)
    return false;
  FrameSpec F = {};
  F.ChainStart = ChainStart;
  const char *FileEnd;
  u32 A, Bn;
  bool AnyA, AnyB;
  if (!ParseNumber(Colon1 + 1, TE, &A, &AnyA))
    return false;
  if (Colon2 && ParseNumber(Colon2 + 1, Colon1, &Bn, &AnyB)) {
    F.Line = Bn, F.AnyLine = AnyB;
    F.Column = A, F.AnyColumn = AnyA;
    FileEnd = Colon2;
  } else {
    F.Line = A, F.AnyLine = AnyA;
    F.AnyColumn = true;
    FileEnd = Colon1;
  }
  if (FileEnd == At + 1)
    return false;
  F.Function = DupRange(TB, At);
  F.File = DupRange(At + 1, FileEnd);
  Out->push_back(F);
  return true;
}

// Parses Pattern as a located suppression into *Out; false (and *Out empty)
// if it is a plain pattern.
static bool ParseLocated(const char *Pattern, Vector<FrameSpec> *Out) {
  if (!strchr(Pattern, '@'))
    return false;
  const char *P = Pattern;
  bool ChainStart = true;
  for (;;) {
    const char *End = P;
    while (*End && *End != ';' && *End != '|')
      ++End;
    if (!ParseFrameSpec(P, End, ChainStart, Out)) {
      FreeFrames(Out);
      return false;
    }
    if (!*End)
      return true;
    ChainStart = *End == '|';
    P = End + 1;
  }
}

static bool HasGlobChars(const char *S) { return strpbrk(S, "*?") != nullptr; }

static const char *BaseName(const char *Path) {
  const char *Slash = strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

static bool FrameMatches(const FrameSpec &Spec, const char *Function,
                         const char *File, u32 Line, u32 Column) {
  if (!GlobMatch(Spec.Function, Function ? Function : ""))
    return false;
  if (!File || !*File)
    return false;
  if (HasGlobChars(Spec.File)) {
    if (!GlobMatch(Spec.File, File) && !GlobMatch(Spec.File, BaseName(File)))
      return false;
  } else {
    size_t FL = strlen(File), SL = strlen(Spec.File);
    if (SL > FL || strcmp(File + FL - SL, Spec.File) != 0 ||
        (SL < FL && File[FL - SL - 1] != '/'))
      return false;
  }
  return (Spec.AnyLine || Spec.Line == Line) &&
         (Spec.AnyColumn || Spec.Column == Column);
}

// Does the chain Specs[0, N) match the first frames of S (or of Site)?
static bool ChainMatchesStack(const FrameSpec *Specs, u32 N,
                              const SymbolizedStack *S) {
  if (!S || S->Frames.Size < N)
    return false;
  for (u32 I = 0; I < N; ++I) {
    const SymbolizedFrame &F = S->Frames[I];
    // Frames without a source file are named by their module.
    const char *File = F.File ? F.File : F.Module;
    if (!FrameMatches(Specs[I], F.Function, File, F.File ? F.Line : 0,
                      F.File ? F.Column : 0))
      return false;
  }
  return true;
}

static bool LocatedMatches(const Suppression &Sup,
                           const SymbolizedStack *const *Stacks,
                           unsigned NumStacks, const __bodysan_site *Site) {
  for (u32 Begin = 0; Begin < Sup.NumFrames;) {
    u32 End = Begin + 1;
    while (End < Sup.NumFrames && !Sup.Frames[End].ChainStart)
      ++End;
    const FrameSpec *Chain = Sup.Frames + Begin;
    u32 N = End - Begin;
    bool Hit = N == 1 && Site &&
               FrameMatches(Chain[0], Site->function, Site->file, Site->line,
                            Site->column);
    for (unsigned K = 0; K < NumStacks && !Hit; ++K)
      Hit = ChainMatchesStack(Chain, N, Stacks[K]);
    if (!Hit)
      return false;
    Begin = End;
  }
  return Sup.NumFrames > 0;
}

// Appends S with the characters that separate frames and chains replaced by
// '?' (which matches them).
static void AppendSafe(TextBuffer *Out, const char *S) {
  for (; *S; ++S) {
    char C = *S;
    Out->append(C == ';' || C == '|' || C == '@' || C == '\n' ? "?" : &C, 1);
  }
}

static void AppendFrameSpec(TextBuffer *Out, const char *Function,
                            const char *File, u32 Line, u32 Column) {
  AppendSafe(Out, Function && *Function ? Function : "*");
  Out->append("@");
  AppendSafe(Out, BaseName(File));
  if (Line) {
    Out->appendf(":%u", Line);
    if (Column)
      Out->appendf(":%u", Column);
  } else {
    Out->append(":*");
  }
}

enum { kMaxGeneratedFrames = 16 };

// The chain of S: its frames from #0 on while they have a source location,
// or, when frame #0 has none, frame #0 named by its module. Returns false
// when nothing can name frame #0.
static bool AppendChain(TextBuffer *Out, const SymbolizedStack *S) {
  if (!S || S->Frames.Size == 0)
    return false;
  const SymbolizedFrame &F0 = S->Frames[0];
  if (!F0.File || !F0.Line) {
    if (!F0.Module)
      return false;
    AppendFrameSpec(Out, F0.Function, F0.Module, 0, 0);
    return true;
  }
  for (size_t I = 0; I < S->Frames.Size && I < kMaxGeneratedFrames; ++I) {
    const SymbolizedFrame &F = S->Frames[I];
    if (!F.File || !F.Line)
      break;
    if (I)
      Out->append(";");
    AppendFrameSpec(Out, F.Function, F.File, F.Line, F.Column);
    if (F.Function && !strcmp(F.Function, "main"))
      break; // the C library's start code says nothing about the report
  }
  return true;
}

const char *SuppressionTypeName(SuppressionType Type) {
  return Type < kNumSuppressionTypes ? kTypeNames[Type] : "unclosed";
}

void AppendSuppressionLine(TextBuffer *Out, SuppressionType Type,
                           const SymbolizedStack *const *Stacks,
                           unsigned NumStacks, int AcquireIndex,
                           const __bodysan_site *Site, bool WithSite) {
  Out->appendf("%s:", SuppressionTypeName(Type));
  size_t Start = Out->Size;
  if (WithSite && Site && Site->file && Site->line)
    AppendFrameSpec(Out, Site->function, Site->file, Site->line, Site->column);
  for (unsigned K = 0; K < NumStacks; ++K) {
    if (K != 0 && (int)K != AcquireIndex)
      continue;
    size_t Before = Out->Size;
    if (Before != Start)
      Out->append("|");
    if (!AppendChain(Out, Stacks[K])) {
      Out->Size = Before;
      Out->Data[Before] = 0;
    }
  }
  if (Out->Size == Start) // nothing locates this report: the widest line
    Out->append("*");
}

static void ParseLine(const char *File, unsigned LineNo, char *Line) {
  // Trim.
  while (*Line == ' ' || *Line == '\t')
    ++Line;
  size_t Len = strlen(Line);
  while (Len > 0 && (Line[Len - 1] == ' ' || Line[Len - 1] == '\t' ||
                     Line[Len - 1] == '\r'))
    Line[--Len] = 0;
  if (!*Line || *Line == '#')
    return;
  char *Colon = strchr(Line, ':');
  if (!Colon) {
    SuppressionError(File, LineNo, "expected 'type:pattern', got", Line);
    return;
  }
  *Colon = 0;
  const char *Pattern = Colon + 1;
  int Type = -1;
  for (int I = 0; I < kNumSuppressionTypes; ++I)
    if (!strcmp(Line, kTypeNames[I]))
      Type = I;
  if (Type < 0) {
    *Colon = ':';
    TextBuffer Msg = {};
    Msg.appendf("unknown suppression type '%.*s' (expected unclosed, undrained,"
                " double-close or use-after-close) in",
                (int)(Colon - Line), Line);
    SuppressionError(File, LineNo, Msg.c_str(), Line);
    Msg.reset();
    return;
  }
  if (!*Pattern) {
    *Colon = ':';
    SuppressionError(File, LineNo, "empty pattern in", Line);
    return;
  }
  Suppression Sup = {(SuppressionType)Type, InternalStrdup(Pattern),
                     MakeGlob(Pattern), 0, nullptr, 0};
  Vector<FrameSpec> Frames = {};
  if (ParseLocated(Pattern, &Frames)) {
    Sup.Frames = Frames.Data; // owned by the suppression from now on
    Sup.NumFrames = (u32)Frames.Size;
  }
  Suppressions.push_back(Sup);
}

void InitSuppressions() {
  const char *File = flags()->suppressions;
  if (!File || !*File)
    return;
  int Fd = open(File, O_RDONLY | O_CLOEXEC);
  if (Fd < 0) {
    TextBuffer Msg = {};
    Msg.appendf("cannot open: %s", strerror(errno));
    SuppressionError(File, 0, Msg.c_str(), nullptr);
    Msg.reset();
    return;
  }
  TextBuffer Content = {};
  char Buf[4096];
  for (;;) {
    ssize_t N = read(Fd, Buf, sizeof(Buf));
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0) {
      TextBuffer Msg = {};
      Msg.appendf("cannot read: %s", strerror(errno));
      SuppressionError(File, 0, Msg.c_str(), nullptr);
      Msg.reset();
      break;
    }
    if (N == 0)
      break;
    Content.append(Buf, (size_t)N);
  }
  close(Fd);
  char *P = Content.Data;
  unsigned LineNo = 0;
  while (P && *P) {
    ++LineNo;
    char *End = strchr(P, '\n');
    if (End)
      *End = 0;
    ParseLine(File, LineNo, P);
    if (!End)
      break;
    P = End + 1;
  }
  Content.reset();
}

static bool Matches(const Suppression &S, const char *Text) {
  return Text && *Text && GlobMatch(S.Glob, Text);
}

bool IsSuppressed(SuppressionType Type, const SymbolizedStack *const *Stacks,
                  unsigned NumStacks, const char *const *Extra,
                  unsigned NumExtra, u64 Count,
                  const __bodysan_site *Site) {
  ScopedLock L(SuppressionsLock);
  for (size_t I = 0; I < Suppressions.Size; ++I) {
    Suppression &S = Suppressions[I];
    if (S.Type != Type)
      continue;
    if (S.Frames) {
      if (LocatedMatches(S, Stacks, NumStacks, Site)) {
        S.Hits += Count;
        return true;
      }
      continue;
    }
    bool Hit = false;
    for (unsigned K = 0; K < NumStacks && !Hit; ++K) {
      if (!Stacks[K])
        continue;
      const Vector<SymbolizedFrame> &Frames = Stacks[K]->Frames;
      for (size_t F = 0; F < Frames.Size && !Hit; ++F)
        Hit = Matches(S, Frames[F].Function) || Matches(S, Frames[F].File) ||
              Matches(S, Frames[F].Module);
    }
    for (unsigned K = 0; K < NumExtra && !Hit; ++K)
      Hit = Matches(S, Extra[K]);
    if (Hit) {
      S.Hits += Count;
      return true;
    }
  }
  return false;
}

void PrintMatchedSuppressions(TextBuffer *Out) {
  ScopedLock L(SuppressionsLock);
  bool Any = false;
  for (size_t I = 0; I < Suppressions.Size; ++I)
    Any |= Suppressions[I].Hits > 0;
  if (!Any)
    return;
  Out->append("-----------------------------------------------------\n");
  Out->append("Suppressions used:\n");
  Out->append("  count type:pattern\n");
  for (size_t I = 0; I < Suppressions.Size; ++I) {
    const Suppression &S = Suppressions[I];
    if (S.Hits)
      Out->appendf("%7llu %s:%s\n", (unsigned long long)S.Hits,
                   kTypeNames[S.Type], S.Pattern);
  }
  Out->append("-----------------------------------------------------\n\n");
}

void ResetSuppressionCounts() {
  SuppressionsLock.reinit();
  for (size_t I = 0; I < Suppressions.Size; ++I)
    Suppressions[I].Hits = 0;
}

} // namespace __bodysan
