//===- bodysan_sarif.cpp - SARIF log, JSON lines, suppression lines -------===//
//
// The machine-readable forms of reports. Every printed report group reaches
// CaptureReport, which
//  - computes its suppression line (gen_suppressions=1 prints it; JSON and
//    SARIF always carry it),
//  - appends one JSON object per line to json_path at once, so a program
//    that crashes or halts later still leaves its lines,
//  - keeps a SARIF result, written with the whole log at exit (atomically:
//    a temporary file renamed over sarif_path).
// Rule ids are "<error>/<kind name>" ("unclosed-body/libsoup3.body"). The
// fingerprint ("bodysan/v1") hashes the error, the kind and the function
// names and file basenames of the acquisition stack (and of the event stack
// of an undrained, double-close or use-after-close report): no line numbers
// and no addresses, so it survives edits that move the code; ":N" numbers
// results of one process that share a hash.
//
//===----------------------------------------------------------------------===//
#include "bodysan_sarif.h"
#include "bodysan_flags.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#ifndef BODYSAN_VERSION_STRING
#define BODYSAN_VERSION_STRING "0.1.0"
#endif
#ifndef BODYSAN_INFORMATION_URI
#define BODYSAN_INFORMATION_URI ""
#endif

namespace __bodysan {

//===-- Paths and JSON text -----------------------------------------------===//

void ExpandOutputPath(const char *Template, TextBuffer *Out) {
  for (const char *P = Template; *P; ++P) {
    if (P[0] == '%' && P[1] == 'p') {
      Out->appendf("%d", CachedPid());
      ++P;
    } else if (P[0] == '%' && P[1] == '%') {
      Out->append("%");
      ++P;
    } else {
      Out->append(P, 1);
    }
  }
}

const char *ReportPath(const char *Path) {
  const char *Prefix = flags()->strip_path_prefix;
  if (!Path || !Prefix || !*Prefix)
    return Path;
  const char *Pos = strstr(Path, Prefix);
  if (!Pos)
    return Path;
  Pos += strlen(Prefix);
  if (Pos[0] == '.' && Pos[1] == '/')
    Pos += 2;
  return Pos;
}

// Length of the valid UTF-8 sequence at S (at most N bytes), or 0.
static size_t Utf8SequenceLength(const u8 *S, size_t N) {
  u8 C = S[0];
  size_t Len;
  u32 Min, Cp;
  if (C < 0x80)
    return 1;
  if (C >= 0xc2 && C <= 0xdf)
    Len = 2, Min = 0x80, Cp = C & 0x1f;
  else if (C >= 0xe0 && C <= 0xef)
    Len = 3, Min = 0x800, Cp = C & 0x0f;
  else if (C >= 0xf0 && C <= 0xf4)
    Len = 4, Min = 0x10000, Cp = C & 0x07;
  else
    return 0;
  if (Len > N)
    return 0;
  for (size_t I = 1; I < Len; ++I) {
    if ((S[I] & 0xc0) != 0x80)
      return 0;
    Cp = (Cp << 6) | (S[I] & 0x3f);
  }
  if (Cp < Min || Cp > 0x10ffff || (Cp >= 0xd800 && Cp <= 0xdfff))
    return 0;
  return Len;
}

void AppendJsonString(TextBuffer *Out, const char *S, size_t Len) {
  if (!S) {
    Out->append("null");
    return;
  }
  Out->append("\"");
  const u8 *P = reinterpret_cast<const u8 *>(S);
  for (size_t I = 0; I < Len;) {
    u8 C = P[I];
    if (C == '"' || C == '\\') {
      char E[2] = {'\\', (char)C};
      Out->append(E, 2);
      ++I;
    } else if (C < 0x20 || C == 0x7f) {
      switch (C) {
      case '\n': Out->append("\\n"); break;
      case '\r': Out->append("\\r"); break;
      case '\t': Out->append("\\t"); break;
      case '\b': Out->append("\\b"); break;
      case '\f': Out->append("\\f"); break;
      default: Out->appendf("\\u%04x", C); break;
      }
      ++I;
    } else if (C < 0x80) {
      Out->append(S + I, 1);
      ++I;
    } else if (size_t L = Utf8SequenceLength(P + I, Len - I)) {
      Out->append(S + I, L);
      I += L;
    } else {
      Out->append("\\ufffd");
      ++I;
    }
  }
  Out->append("\"");
}

void AppendJsonString(TextBuffer *Out, const char *S) {
  AppendJsonString(Out, S, S ? strlen(S) : 0);
}

// A URI reference for a file path: absolute paths become file:// URIs,
// relative ones stay relative (to %SRCROOT%). Bytes outside the unreserved
// and path characters are percent-encoded.
static void AppendUri(TextBuffer *Out, const char *Path) {
  if (Path[0] == '/')
    Out->append("file://");
  for (const u8 *P = reinterpret_cast<const u8 *>(Path); *P; ++P) {
    u8 C = *P;
    if ((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
        (C >= '0' && C <= '9') || strchr("-._~/!$&'()*+,;=:@", C)) {
      char Ch = (char)C;
      Out->append(&Ch, 1);
    } else {
      Out->appendf("%%%02X", C);
    }
  }
}

static void AppendUriJson(TextBuffer *Out, const char *Path) {
  TextBuffer U = {};
  AppendUri(&U, Path);
  AppendJsonString(Out, U.c_str());
  U.reset();
}

//===-- What the report parts are -----------------------------------------===//

// "Acquired by thread T0 here:" -> "acquire"; the role of each stack title
// the reports use, else the title's words before " by " in lower case with
// dashes.
static void AppendRole(TextBuffer *Out, const char *Title) {
  static const struct {
    const char *Prefix, *Role;
  } kRoles[] = {
      {"Acquired", "acquire"},
      {"Released again", "release-again"},
      {"First released", "first-release"},
      {"Released", "release"},
      {"Parent released", "parent-release"},
      {"Read", "use"},
      {"Used", "use"},
      {"Stopped", "stop"},
      {"Reported", "completion"},
      {"Removed", "detach"},
      {"Destroyed", "destroy"},
      {"The next request", "next-request"},
      {"The next transfer", "next-transfer"},
  };
  if (!Title) {
    Out->append("stack");
    return;
  }
  for (const auto &R : kRoles)
    if (!strncmp(Title, R.Prefix, strlen(R.Prefix))) {
      Out->append(R.Role);
      return;
    }
  const char *End = strstr(Title, " by ");
  if (!End)
    End = Title + strlen(Title);
  for (const char *P = Title; P < End; ++P) {
    char C = *P;
    if (C >= 'A' && C <= 'Z')
      C = (char)(C - 'A' + 'a');
    else if (C == ' ')
      C = '-';
    else if (!((C >= 'a' && C <= 'z') || (C >= '0' && C <= '9') || C == '-'))
      continue;
    Out->append(&C, 1);
  }
}

static bool IsAcquireTitle(const char *Title) {
  return Title && !strncmp(Title, "Acquired", 8);
}

static int AcquireIndexOf(const ReportView &R) {
  for (unsigned I = 0; I < R.NumStacks; ++I)
    if (IsAcquireTitle(R.Stacks[I].Title))
      return (int)I;
  return -1;
}

static const char *KindName(const __bodysan_kind *K) {
  return K && K->name ? K->name : "unknown";
}

static const char *BaseName(const char *Path) {
  if (!Path)
    return nullptr;
  const char *Slash = strrchr(Path, '/');
  return Slash ? Slash + 1 : Path;
}

//===-- Fingerprints ------------------------------------------------------===//

namespace {
struct Hasher {
  u64 H = 0xcbf29ce484222325ull;
  void byte(u8 B) { H = (H ^ B) * 0x100000001b3ull; }
  void str(const char *S) {
    for (; S && *S; ++S)
      byte((u8)*S);
    byte(0);
  }
};
} // namespace

// Function names and file basenames of the frames that have a source file
// (the program's own code, stable across machines); of every frame (module
// basenames for unknown functions) when none has one.
static void HashStack(Hasher &H, const SymbolizedStack *S) {
  if (!S)
    return;
  bool AnyFile = false;
  for (size_t I = 0; I < S->Frames.Size; ++I)
    AnyFile |= S->Frames[I].File != nullptr;
  for (size_t I = 0; I < S->Frames.Size; ++I) {
    const SymbolizedFrame &F = S->Frames[I];
    if (AnyFile && !F.File)
      continue;
    H.str(F.Function ? F.Function : BaseName(F.Module));
    H.str(BaseName(F.File));
    // What calls main (the C library's start code) differs between
    // machines, not between versions of the program.
    if (F.Function && !strcmp(F.Function, "main"))
      break;
  }
  H.byte(0xff);
}

static u64 FingerprintHash(const ReportView &R, int AcquireIndex) {
  Hasher H;
  H.str(R.Error);
  H.str(KindName(R.Kind));
  if (AcquireIndex >= 0)
    HashStack(H, R.Stacks[AcquireIndex].Sym);
  if (R.NumStacks && AcquireIndex != 0)
    HashStack(H, R.Stacks[0].Sym);
  return H.H;
}

//===-- State (guarded by the report lock) ---------------------------------===//

namespace {
struct Rule {
  char *Id;
  char *Error;
  char *KindName;
  char *KindDescription;
  char *Consequence;
};

struct Result {
  char *Body;        // the result's members up to "properties" (JSON text)
  char *Suppression;
  char *Fingerprint;
  u64 Count;
  u64 Repeats;
  u64 Key;
};

struct SeenHash {
  u64 Hash;
  u32 N;
};
} // namespace

static Vector<Rule> Rules;
static Vector<Result> Results;
static Vector<SeenHash> Hashes;
static bool JsonFailed; // json_path could not be opened: said once
static bool SarifWritten;

static u32 NextOrdinal(u64 Hash) {
  for (size_t I = 0; I < Hashes.Size; ++I)
    if (Hashes[I].Hash == Hash)
      return ++Hashes[I].N;
  SeenHash S = {Hash, 1};
  Hashes.push_back(S);
  return 1;
}

static const char *ConsequenceFor(const char *Error,
                                  const __bodysan_kind *K) {
  if (!K)
    return nullptr;
  if (!strcmp(Error, "undrained-body"))
    return K->undrained_consequence;
  if (!strcmp(Error, "unclosed-body"))
    return K->unclosed_consequence;
  return nullptr;
}

static char *DupOrNull(const char *S) { return S ? InternalStrdup(S) : nullptr; }

static u32 RuleIndexFor(const char *Error, const __bodysan_kind *K) {
  TextBuffer Id = {};
  Id.appendf("%s/%s", Error, KindName(K));
  for (size_t I = 0; I < Rules.Size; ++I)
    if (!strcmp(Rules[I].Id, Id.c_str())) {
      Id.reset();
      return (u32)I;
    }
  Rule R = {InternalStrdup(Id.c_str()), InternalStrdup(Error),
            InternalStrdup(KindName(K)),
            DupOrNull(K && K->description ? K->description : nullptr),
            DupOrNull(ConsequenceFor(Error, K))};
  Rules.push_back(R);
  Id.reset();
  return (u32)(Rules.Size - 1);
}

//===-- Report capture ----------------------------------------------------===//

// The report's sentences on one line (newlines become spaces).
static void AppendMessage(TextBuffer *Out, const ReportView &R) {
  TextBuffer M = {};
  for (size_t I = 0; I < R.TextLen; ++I) {
    char C = R.Text[I];
    if (C == '\n') {
      if (I + 1 < R.TextLen)
        M.append(" ");
    } else {
      M.append(&C, 1);
    }
  }
  AppendJsonString(Out, M.c_str(), M.Size);
  M.reset();
}

// {"function":..,"file":..,"line":..,"column":..} of a site.
static void AppendSiteJson(TextBuffer *Out, const __bodysan_site *S) {
  if (!S) {
    Out->append("null");
    return;
  }
  Out->append("{\"function\":");
  AppendJsonString(Out, S->function);
  Out->append(",\"file\":");
  AppendJsonString(Out, ReportPath(S->file));
  Out->appendf(",\"line\":%u,\"column\":%u}", S->line, S->column);
}

// The title without its trailing colon.
static void AppendTitleJson(TextBuffer *Out, const char *Title) {
  if (!Title) {
    Out->append("null");
    return;
  }
  size_t N = strlen(Title);
  if (N && Title[N - 1] == ':')
    --N;
  AppendJsonString(Out, Title, N);
}

static int OpenJson();

static void WriteJsonLine(const ReportView &R, const char *Fingerprint,
                          const char *Suppression, int AcquireIndex) {
  TextBuffer B = {};
  B.append("{\"error\":");
  AppendJsonString(&B, R.Error);
  B.append(",\"kind\":");
  AppendJsonString(&B, KindName(R.Kind));
  B.append(",\"kind_description\":");
  AppendJsonString(&B, R.Kind ? R.Kind->description : nullptr);
  B.append(",\"rule\":");
  TextBuffer Id = {};
  Id.appendf("%s/%s", R.Error, KindName(R.Kind));
  AppendJsonString(&B, Id.c_str());
  Id.reset();
  B.append(",\"message\":");
  AppendMessage(&B, R);
  B.append(",\"site\":");
  const __bodysan_site *Acq = R.AcquireSite;
  if (Acq) {
    AppendSiteJson(&B, Acq);
  } else if (AcquireIndex >= 0 && R.Stacks[AcquireIndex].Sym->Frames.Size) {
    const SymbolizedFrame &F = R.Stacks[AcquireIndex].Sym->Frames[0];
    B.append("{\"function\":");
    AppendJsonString(&B, F.Function);
    B.append(",\"file\":");
    AppendJsonString(&B, ReportPath(F.File));
    B.appendf(",\"line\":%u,\"column\":%u}", F.Line, F.Column);
  } else {
    B.append("null");
  }
  B.append(",\"event_site\":");
  AppendSiteJson(&B, R.Site);
  B.append(",\"stacks\":[");
  for (unsigned K = 0; K < R.NumStacks; ++K) {
    if (K)
      B.append(",");
    B.append("{\"role\":\"");
    AppendRole(&B, R.Stacks[K].Title);
    B.append("\",\"title\":");
    AppendTitleJson(&B, R.Stacks[K].Title);
    B.append(",\"frames\":[");
    const SymbolizedStack *S = R.Stacks[K].Sym;
    for (size_t I = 0; S && I < S->Frames.Size; ++I) {
      const SymbolizedFrame &F = S->Frames[I];
      B.append(I ? ",{\"function\":" : "{\"function\":");
      AppendJsonString(&B, F.Function);
      B.append(",\"file\":");
      AppendJsonString(&B, ReportPath(F.File));
      B.appendf(",\"line\":%u,\"column\":%u,\"module\":", F.Line, F.Column);
      AppendJsonString(&B, ReportPath(F.Module));
      B.append("}");
    }
    B.append("]}");
  }
  B.append("],\"fingerprint\":");
  AppendJsonString(&B, Fingerprint);
  B.append(",\"suppression\":");
  AppendJsonString(&B, Suppression);
  B.appendf(",\"pid\":%d,\"count\":%llu}\n", CachedPid(),
            (unsigned long long)R.Count);
  // One write per line: with O_APPEND, lines of processes sharing the file
  // do not interleave.
  int Fd = OpenJson();
  if (Fd >= 0) {
    WriteFully(Fd, B.c_str(), B.Size);
    close(Fd);
  }
  B.reset();
}

// Opens json_path for appending; -1 when it is unset or cannot be opened
// (said once). The file is opened for each line and closed again: a
// descriptor kept open could be closed by the program (a daemon closing
// every descriptor) and its number reused for a socket or a file of the
// program's, which must never receive a report.
static int OpenJson() {
  const char *Path = flags()->json_path;
  if (!Path || !*Path || JsonFailed)
    return -1;
  TextBuffer Name = {};
  ExpandOutputPath(Path, &Name);
  int Fd = open(Name.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (Fd < 0) {
    ErrPrintf("==%d==BodySanitizer: ERROR: cannot open json_path '%s': %s; "
              "no JSON lines are written\n",
              CachedPid(), Name.c_str(), strerror(errno));
    JsonFailed = true;
  }
  Name.reset();
  return Fd;
}

static bool JsonWanted() {
  const char *Path = flags()->json_path;
  return Path && *Path && !JsonFailed;
}

static void CreateJson() {
  int Fd = OpenJson();
  if (Fd >= 0)
    close(Fd);
}

// A physical location (and the function as a logical location) as the
// members of a SARIF location object, without braces.
static void AppendSarifLocationMembers(TextBuffer *Out, const char *Function,
                                       const char *File, u32 Line, u32 Column,
                                       const char *Module) {
  const char *Full = File ? File : Module;
  const char *Path = ReportPath(Full);
  bool Any = false;
  if (Path && *Path) {
    Out->append("\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    AppendUriJson(Out, Path);
    // Only a path strip_path_prefix made relative is known to be relative
    // to the source root; other relative paths (a library's "./csu/...")
    // stay plain relative references.
    if (Path != Full && Path[0] != '/')
      Out->append(",\"uriBaseId\":\"%SRCROOT%\"");
    Out->append("}");
    if (File && Line) {
      Out->appendf(",\"region\":{\"startLine\":%u", Line);
      if (Column)
        Out->appendf(",\"startColumn\":%u", Column);
      Out->append("}");
    }
    Out->append("}");
    Any = true;
  }
  if (Function) {
    Out->append(Any ? ",\"logicalLocations\":[{\"fullyQualifiedName\":"
                    : "\"logicalLocations\":[{\"fullyQualifiedName\":");
    AppendJsonString(Out, Function);
    Out->append(",\"kind\":\"function\"}]");
  }
}

static char *RenderSarifResult(const ReportView &R, u32 RuleIndex,
                               int AcquireIndex) {
  TextBuffer B = {};
  B.append("\"ruleId\":");
  AppendJsonString(&B, Rules[RuleIndex].Id);
  B.appendf(",\"ruleIndex\":%u,\"level\":\"error\",\"message\":{\"text\":",
            RuleIndex);
  AppendMessage(&B, R);
  B.append("}");
  // The primary location: where the handle was acquired.
  const __bodysan_site *Acq = R.AcquireSite;
  const SymbolizedFrame *F0 =
      AcquireIndex >= 0 && R.Stacks[AcquireIndex].Sym->Frames.Size
          ? &R.Stacks[AcquireIndex].Sym->Frames[0]
          : nullptr;
  if (Acq && Acq->file) {
    B.append(",\"locations\":[{");
    AppendSarifLocationMembers(&B, Acq->function, Acq->file, Acq->line,
                               Acq->column, nullptr);
    B.append("}]");
  } else if (F0 && (F0->File || F0->Module)) {
    B.append(",\"locations\":[{");
    AppendSarifLocationMembers(&B, F0->Function, F0->File, F0->Line,
                               F0->Column, F0->Module);
    B.append("}]");
  }
  // The stacks, acquisition first, as one code flow.
  bool AnyFrames = false;
  for (unsigned K = 0; K < R.NumStacks; ++K)
    AnyFrames |= R.Stacks[K].Sym && R.Stacks[K].Sym->Frames.Size > 0;
  if (AnyFrames) {
    B.append(",\"codeFlows\":[{\"threadFlows\":[");
    bool First = true;
    for (unsigned Pass = 0; Pass < 2; ++Pass)
      for (unsigned K = 0; K < R.NumStacks; ++K) {
        // Pass 0: the acquisition stack; pass 1: the others in order.
        if ((Pass == 0) != ((int)K == AcquireIndex))
          continue;
        const SymbolizedStack *S = R.Stacks[K].Sym;
        if (!S || !S->Frames.Size)
          continue;
        B.append(First ? "{\"id\":\"" : ",{\"id\":\"");
        First = false;
        AppendRole(&B, R.Stacks[K].Title);
        B.append("\",\"message\":{\"text\":");
        AppendTitleJson(&B, R.Stacks[K].Title);
        B.append("},\"locations\":[");
        for (size_t I = 0; I < S->Frames.Size; ++I) {
          const SymbolizedFrame &F = S->Frames[I];
          B.append(I ? ",{\"location\":{" : "{\"location\":{");
          AppendSarifLocationMembers(&B, F.Function, F.File, F.Line,
                                     F.Column, F.Module);
          TextBuffer Msg = {};
          Msg.appendf("#%zu %s", I, F.Function ? F.Function : "<unknown>");
          B.append(B.Data[B.Size - 1] == '{' ? "\"message\":{\"text\":"
                                             : ",\"message\":{\"text\":");
          AppendJsonString(&B, Msg.c_str());
          Msg.reset();
          B.appendf("}},\"nestingLevel\":%zu}", I);
        }
        B.append("]}");
      }
    B.append("]}]");
  }
  char *Out = InternalStrdup(B.c_str());
  B.reset();
  return Out;
}

void CaptureReport(const ReportView &R, TextBuffer *Printed) {
  const Flags *F = flags();
  bool Json = JsonWanted();
  bool Sarif = F->sarif_path && *F->sarif_path;
  if (!F->gen_suppressions && !Json && !Sarif)
    return;
  int AcquireIndex = AcquireIndexOf(R);
  const SymbolizedStack *Stacks[8];
  unsigned N = R.NumStacks < 8 ? R.NumStacks : 8;
  for (unsigned I = 0; I < N; ++I)
    Stacks[I] = R.Stacks[I].Sym;
  // A report whose first stack is the acquisition (a scope exit) is told
  // apart by its site; the others by their event stack.
  TextBuffer Supp = {};
  AppendSuppressionLine(&Supp, R.Type, Stacks, N, AcquireIndex, R.Site,
                        /*WithSite=*/AcquireIndex == 0);
  if (F->gen_suppressions && Printed)
    Printed->appendf("Suppression for this report (gen_suppressions=1):\n"
                     "%s\n",
                     Supp.c_str());
  TextBuffer Fp = {};
  if (Json || Sarif) {
    u64 Hash = FingerprintHash(R, AcquireIndex);
    Fp.appendf("%016llx:%u", (unsigned long long)Hash, NextOrdinal(Hash));
  }
  if (Json)
    WriteJsonLine(R, Fp.c_str(), Supp.c_str(), AcquireIndex);
  if (Sarif && !SarifWritten) {
    u32 RuleIndex = RuleIndexFor(R.Error, R.Kind);
    Result Res = {RenderSarifResult(R, RuleIndex, AcquireIndex),
                  InternalStrdup(Supp.c_str()), InternalStrdup(Fp.c_str()),
                  R.Count, 0, R.Key};
    Results.push_back(Res);
  }
  Supp.reset();
  Fp.reset();
}

void CaptureRepeat(u64 Key) {
  if (!Key)
    return;
  for (size_t I = 0; I < Results.Size; ++I)
    if (Results[I].Key == Key) {
      ++Results[I].Repeats;
      return;
    }
}

//===-- The SARIF log -----------------------------------------------------===//

static void AppendRuleTexts(TextBuffer *B, const Rule &R) {
  const char *What = R.KindDescription ? R.KindDescription : R.KindName;
  const char *Short, *Full, *Help;
  if (!strcmp(R.Error, "unclosed-body")) {
    Short = "never closed";
    Full = "was acquired and not released on some path (a leak).";
    Help = "Release the handle on every path, including early returns and "
           "error paths, with the release call of its library. A handle that "
           "is kept on purpose can be excluded with __bodysan_ignore() or a "
           "suppression.";
  } else if (!strcmp(R.Error, "undrained-body")) {
    Short = "released before its end was read";
    Full = "was released (or its transfer stopped) before the end of the body "
           "was read.";
    Help = "Read the body to its end (or let the library discard it) before "
           "releasing it, so the connection can be reused; if the rest of the "
           "body is really not wanted, close the connection on purpose.";
  } else if (!strcmp(R.Error, "double-close")) {
    Short = "released twice";
    Full = "was released again after it had already been released.";
    Help = "Release each handle exactly once; clear the pointer after "
           "releasing it.";
  } else if (!strcmp(R.Error, "use-after-close")) {
    Short = "used after it was released";
    Full = "was read or used after it had been released.";
    Help = "Do not use a handle after releasing it; release it after its "
           "last use.";
  } else {
    Short = R.Error;
    Full = R.Error;
    Help = "See the report's stacks.";
  }
  TextBuffer T = {};
  T.appendf("%s %s", What, Short);
  B->append(",\"shortDescription\":{\"text\":");
  AppendJsonString(B, T.c_str());
  T.clear();
  T.appendf("A %s %s", What, Full);
  if (R.Consequence)
    T.appendf(" %s", R.Consequence);
  B->append("},\"fullDescription\":{\"text\":");
  AppendJsonString(B, T.c_str());
  T.clear();
  T.appendf("A %s %s %s", What, Full, Help);
  if (R.Consequence)
    T.appendf(" Why it matters: %s", R.Consequence);
  B->append("},\"help\":{\"text\":");
  AppendJsonString(B, T.c_str());
  B->append("}");
  T.reset();
}

// Writes all of B to Fd; false on an error.
static bool WriteAll(int Fd, const char *Buf, size_t Len) {
  while (Len) {
    ssize_t N = write(Fd, Buf, Len);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      return false;
    Buf += N;
    Len -= (size_t)N;
  }
  return true;
}

static void RenderSarifLog(TextBuffer *B) {
  B->append("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
            "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
            "\"name\":\"BodySanitizer\",\"version\":");
  AppendJsonString(B, BODYSAN_VERSION_STRING);
  if (*BODYSAN_INFORMATION_URI) {
    B->append(",\"informationUri\":");
    AppendJsonString(B, BODYSAN_INFORMATION_URI);
  }
  B->append(",\"rules\":[");
  for (size_t I = 0; I < Rules.Size; ++I) {
    const Rule &R = Rules[I];
    B->append(I ? ",{\"id\":" : "{\"id\":");
    AppendJsonString(B, R.Id);
    AppendRuleTexts(B, R);
    B->append(",\"defaultConfiguration\":{\"level\":\"error\"},"
              "\"properties\":{\"kind\":");
    AppendJsonString(B, R.KindName);
    B->append(",\"error\":");
    AppendJsonString(B, R.Error);
    B->append(",\"tags\":[\"reliability\",\"resource-leak\"]}}");
  }
  B->append("]}}");
  // Relative paths (strip_path_prefix) are relative to %SRCROOT%: the
  // stripped prefix, when it is an absolute directory.
  const char *Prefix = flags()->strip_path_prefix;
  if (Prefix && Prefix[0] == '/') {
    TextBuffer Root = {};
    Root.append(Prefix);
    if (Root.Data[Root.Size - 1] != '/')
      Root.append("/");
    B->append(",\"originalUriBaseIds\":{\"%SRCROOT%\":{\"uri\":");
    AppendUriJson(B, Root.c_str());
    B->append("}}");
    Root.reset();
  }
  B->append(",\"results\":[");
  for (size_t I = 0; I < Results.Size; ++I) {
    const Result &R = Results[I];
    B->append(I ? ",{" : "{");
    B->append(R.Body);
    B->append(",\"partialFingerprints\":{\"bodysan/v1\":");
    AppendJsonString(B, R.Fingerprint);
    B->appendf("},\"properties\":{\"count\":%llu,\"repeats\":%llu,"
               "\"suppression\":",
               (unsigned long long)R.Count, (unsigned long long)R.Repeats);
    AppendJsonString(B, R.Suppression);
    B->append("}}");
  }
  B->appendf("],\"properties\":{\"pid\":%d}}]}\n", CachedPid());
}

void WriteSarifLog() {
  const char *Path = flags()->sarif_path;
  if (!Path || !*Path || SarifWritten)
    return;
  SarifWritten = true;
  TextBuffer Name = {}, Tmp = {}, Log = {};
  ExpandOutputPath(Path, &Name);
  Tmp.appendf("%s.tmp.%d", Name.c_str(), CachedPid());
  RenderSarifLog(&Log);
  int Fd = open(Tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const char *Failed = nullptr;
  int Err = 0;
  if (Fd < 0) {
    Failed = "cannot create";
    Err = errno;
  } else {
    bool Ok = WriteAll(Fd, Log.c_str(), Log.Size);
    Err = errno;
    if (close(Fd) != 0 && Ok) {
      Ok = false;
      Err = errno;
    }
    if (!Ok) {
      Failed = "cannot write";
      unlink(Tmp.c_str());
    } else if (rename(Tmp.c_str(), Name.c_str()) != 0) {
      Failed = "cannot rename the temporary file to";
      Err = errno;
      unlink(Tmp.c_str());
    }
  }
  if (Failed)
    ErrPrintf("==%d==BodySanitizer: ERROR: sarif_path: %s '%s': %s; no SARIF "
              "log is written\n",
              CachedPid(), Failed, Fd < 0 ? Tmp.c_str() : Name.c_str(),
              strerror(Err));
  Name.reset();
  Tmp.reset();
  Log.reset();
}

// A json_path with no report still gets its (empty) file, so that scripts
// tell "no reports" from "not run".
void TouchJsonLog() { CreateJson(); }

void InitJsonLog() { CreateJson(); }

void SarifAfterForkChild() {
  // The child's reports are its own: %p names its files. The parent's
  // results and rules stay allocated but are forgotten.
  Rules = Vector<Rule>();
  Results = Vector<Result>();
  Hashes = Vector<SeenHash>();
  SarifWritten = false;
  JsonFailed = false;
}

} // namespace __bodysan
