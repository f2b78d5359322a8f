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
struct Suppression {
  SuppressionType Type;
  char *Pattern;   // as written (for the table)
  char *Glob;      // with implicit '*' where not anchored
  u64 Hits;
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
                     MakeGlob(Pattern), 0};
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
                  unsigned NumExtra, u64 Count) {
  ScopedLock L(SuppressionsLock);
  for (size_t I = 0; I < Suppressions.Size; ++I) {
    Suppression &S = Suppressions[I];
    if (S.Type != Type)
      continue;
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
