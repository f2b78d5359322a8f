//===- bodysan_symbolizer.cpp - pcs to function, file, line, column -------===//
//
// llvm-symbolizer protocol: one "module 0xoffset" line in, then pairs of lines
// "function" / "file:line:column" (more than one pair with --inlines), ended
// by an empty line. Return addresses are looked up as pc - 1 so the line is
// that of the call.
//
//===----------------------------------------------------------------------===//
#include "bodysan_symbolizer.h"
#include "bodysan_flags.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace __bodysan {

namespace {
enum { kPathMax = 4096 };

struct SymbolizerState {
  bool PathSearched;
  char Path[kPathMax];    // empty: none found
  bool SpawnFailed;       // do not retry in this process
  pid_t Pid;
  int Fd;                 // -1 when not running
  bool Broken;            // this session's process misbehaved
};
} // namespace

static SymbolizerState S = {false, {0}, false, 0, -1, false};
static char ExePath[kPathMax];

static bool IsExecutable(const char *P) { return P && *P && access(P, X_OK) == 0; }

static bool FindInPath(const char *Name, char *Out) {
  const char *PathEnv = getenv("PATH");
  if (!PathEnv)
    return false;
  const char *P = PathEnv;
  while (*P) {
    const char *End = strchr(P, ':');
    size_t Len = End ? (size_t)(End - P) : strlen(P);
    if (Len > 0 && Len + strlen(Name) + 2 < kPathMax) {
      memcpy(Out, P, Len);
      Out[Len] = '/';
      strcpy(Out + Len + 1, Name);
      if (IsExecutable(Out))
        return true;
    }
    if (!End)
      break;
    P = End + 1;
  }
  return false;
}

const char *SymbolizerPath() {
  if (!S.PathSearched) {
    S.PathSearched = true;
    S.Path[0] = 0;
    const char *Env = getenv("BODYSAN_SYMBOLIZER_PATH");
    if (IsExecutable(Env) && strlen(Env) < kPathMax)
      strcpy(S.Path, Env);
    else if (FindInPath("llvm-symbolizer-19", S.Path))
      ;
    else if (IsExecutable("/usr/lib/llvm-19/bin/llvm-symbolizer"))
      strcpy(S.Path, "/usr/lib/llvm-19/bin/llvm-symbolizer");
    else if (!FindInPath("llvm-symbolizer", S.Path))
      S.Path[0] = 0;
  }
  return S.Path[0] ? S.Path : nullptr;
}

static bool StartSymbolizer() {
  if (S.Fd >= 0)
    return !S.Broken;
  if (S.SpawnFailed)
    return false;
  const char *Path = SymbolizerPath();
  if (!Path) {
    S.SpawnFailed = true;
    return false;
  }
  int Fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, Fds) != 0) {
    S.SpawnFailed = true;
    return false;
  }
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_adddup2(&Actions, Fds[1], 0);
  posix_spawn_file_actions_adddup2(&Actions, Fds[1], 1);
  posix_spawn_file_actions_addopen(&Actions, 2, "/dev/null", O_WRONLY, 0);
  // The child gets default signal dispositions and an empty mask.
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  sigset_t Default, Empty;
  sigemptyset(&Empty);
  sigfillset(&Default);
  sigdelset(&Default, SIGKILL);
  sigdelset(&Default, SIGSTOP);
  posix_spawnattr_setsigdefault(&Attr, &Default);
  posix_spawnattr_setsigmask(&Attr, &Empty);
  posix_spawnattr_setflags(&Attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  char Arg0[] = "llvm-symbolizer";
  char Arg1[] = "--inlines";
  char Arg2[] = "--demangle";
  char Arg3[] = "--output-style=LLVM";
  char *Argv[] = {Arg0, Arg1, Arg2, Arg3, nullptr};
  pid_t Pid;
  int Err = posix_spawn(&Pid, Path, &Actions, &Attr, Argv, environ);
  posix_spawn_file_actions_destroy(&Actions);
  posix_spawnattr_destroy(&Attr);
  close(Fds[1]);
  if (Err != 0) {
    close(Fds[0]);
    S.SpawnFailed = true;
    return false;
  }
  S.Pid = Pid;
  S.Fd = Fds[0];
  S.Broken = false;
  if (flags()->verbosity >= 2)
    ErrPrintf("==%d==BodySanitizer: started symbolizer %s (pid %d)\n",
              CachedPid(), Path, (int)Pid);
  return true;
}

void SymbolizerEndSession() {
  if (S.Fd < 0)
    return;
  close(S.Fd);
  S.Fd = -1;
  int Status;
  while (waitpid(S.Pid, &Status, 0) < 0 && errno == EINTR)
    ;
  S.Pid = 0;
}

void SymbolizerAfterForkChild() {
  // A symbolizer only runs during a report, under the report lock, which the
  // forking thread did not hold; drop the parent's descriptor if one leaked.
  if (S.Fd >= 0)
    close(S.Fd);
  S.Fd = -1;
  S.Pid = 0;
}

// Sends one request and reads the reply (up to the empty line) into Reply.
static bool Query(const char *Module, uptr Offset, TextBuffer *Reply) {
  if (!StartSymbolizer())
    return false;
  TextBuffer Req = {};
  if (strchr(Module, ' ') || strchr(Module, '"'))
    Req.appendf("\"%s\" 0x%zx\n", Module, (size_t)Offset);
  else
    Req.appendf("%s 0x%zx\n", Module, (size_t)Offset);
  const char *P = Req.c_str();
  size_t Left = Req.Size;
  bool Ok = true;
  while (Left > 0) {
    ssize_t N = send(S.Fd, P, Left, MSG_NOSIGNAL);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      Ok = false;
      break;
    }
    P += N;
    Left -= (size_t)N;
  }
  Req.reset();
  if (!Ok) {
    S.Broken = true;
    return false;
  }
  Reply->clear();
  char Buf[4096];
  for (;;) {
    if (Reply->Size >= 2 && Reply->Data[Reply->Size - 1] == '\n' &&
        Reply->Data[Reply->Size - 2] == '\n')
      return true;
    if (Reply->Size == 1 && Reply->Data[0] == '\n')
      return true;
    struct pollfd Pfd = {S.Fd, POLLIN, 0};
    int R = poll(&Pfd, 1, 30000);
    if (R < 0 && errno == EINTR)
      continue;
    if (R <= 0) {
      S.Broken = true;
      return false;
    }
    ssize_t N = read(S.Fd, Buf, sizeof(Buf));
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      S.Broken = true;
      return false;
    }
    Reply->append(Buf, (size_t)N);
  }
}

static const char *MainExecutablePath() {
  if (!ExePath[0]) {
    ssize_t N = readlink("/proc/self/exe", ExePath, sizeof(ExePath) - 1);
    if (N > 0)
      ExePath[N] = 0;
    else
      strcpy(ExePath, "<unknown module>");
  }
  return ExePath;
}

// Module path cache so frames can point at stable strings.
namespace {
struct ModuleName {
  char *Name;
};
} // namespace
static Vector<ModuleName> ModuleNames;

static const char *InternModule(const char *Name) {
  for (size_t I = 0; I < ModuleNames.Size; ++I)
    if (!strcmp(ModuleNames[I].Name, Name))
      return ModuleNames[I].Name;
  ModuleName M = {InternalStrdup(Name)};
  ModuleNames.push_back(M);
  return M.Name;
}

static bool FindModule(uptr Pc, const char **Module, uptr *Offset,
                       Dl_info *Info) {
  struct link_map *Map = nullptr;
  if (!dladdr1(reinterpret_cast<void *>(Pc), Info,
               reinterpret_cast<void **>(&Map), RTLD_DL_LINKMAP) ||
      !Map)
    return false;
  const char *Name = Map->l_name;
  if (!Name || !*Name)
    Name = MainExecutablePath();
  *Module = InternModule(Name);
  *Offset = Pc - Map->l_addr;
  return true;
}

// "file:line:column" (file may contain ':').
static void ParseFileLine(char *L, SymbolizedFrame *F) {
  char *Last = strrchr(L, ':');
  if (!Last)
    return;
  *Last = 0;
  char *Prev = strrchr(L, ':');
  u32 Col = (u32)strtoul(Last + 1, nullptr, 10);
  u32 Line = 0;
  if (Prev) {
    *Prev = 0;
    Line = (u32)strtoul(Prev + 1, nullptr, 10);
  } else {
    Line = Col;
    Col = 0;
  }
  if (strcmp(L, "??") != 0 && *L) {
    F->File = InternalStrdup(L);
    F->Line = Line;
    F->Column = Col;
  }
}

static void AddFallbackFrame(uptr Pc, const char *Module, uptr Offset,
                             Dl_info *Info, bool HaveInfo,
                             Vector<SymbolizedFrame> *Out) {
  SymbolizedFrame F = {Pc, nullptr, nullptr, 0, 0, Module, Offset};
  if (HaveInfo && Info->dli_sname && Info->dli_saddr)
    F.Function = InternalStrdup(Info->dli_sname);
  Out->push_back(F);
}

// Symbolizes one pc into Out (one frame, more with inlining).
static void SymbolizePc(uptr Pc, Vector<SymbolizedFrame> *Out) {
  TextBuffer Reply = {};
  // Return addresses point after the call: look up the call itself.
  uptr LookupPc = Pc > 0 ? Pc - 1 : Pc;
  const char *Module = nullptr;
  uptr Offset = 0;
  Dl_info Info;
  bool HaveInfo = FindModule(LookupPc, &Module, &Offset, &Info);
  if (!HaveInfo || !flags()->symbolize || !Query(Module, Offset, &Reply)) {
    AddFallbackFrame(Pc, Module, HaveInfo ? Offset + 1 : 0, &Info, HaveInfo,
                     Out);
    Reply.reset();
    return;
  }
  // Parse pairs of lines.
  char *P = Reply.Data;
  size_t Before = Out->Size;
  while (P && *P && *P != '\n') {
    char *FnEnd = strchr(P, '\n');
    if (!FnEnd)
      break;
    *FnEnd = 0;
    char *Loc = FnEnd + 1;
    char *LocEnd = strchr(Loc, '\n');
    if (!LocEnd)
      break;
    *LocEnd = 0;
    SymbolizedFrame F = {Pc, nullptr, nullptr, 0, 0, Module, Offset + 1};
    if (strcmp(P, "??") != 0 && *P)
      F.Function = InternalStrdup(P);
    ParseFileLine(Loc, &F);
    if (!F.Function && HaveInfo && Info.dli_sname && Info.dli_saddr)
      F.Function = InternalStrdup(Info.dli_sname);
    Out->push_back(F);
    P = LocEnd + 1;
  }
  if (Out->Size == Before)
    AddFallbackFrame(Pc, Module, Offset + 1, &Info, HaveInfo, Out);
  Reply.reset();
}

//===-- Cache -------------------------------------------------------------===//
// pc -> its frames, kept for the life of the process (used under the report
// lock only), so repeated reports from the same code start no new symbolizer.

namespace {
struct CacheEntry {
  uptr Pc; // 0 = empty slot
  u32 Begin, Count;
};
} // namespace
static CacheEntry *Cache;
static u32 CacheCapacity, CacheUsed;
static Vector<SymbolizedFrame> CacheFrames;

static CacheEntry *CacheSlot(uptr Pc) {
  u32 Mask = CacheCapacity - 1;
  u32 I = (u32)((Pc * 0x9e3779b97f4a7c15ULL) >> 32) & Mask;
  while (Cache[I].Pc && Cache[I].Pc != Pc)
    I = (I + 1) & Mask;
  return &Cache[I];
}

static const CacheEntry *CacheLookupOrAdd(uptr Pc) {
  if (CacheUsed * 2 >= CacheCapacity) {
    u32 OldCap = CacheCapacity;
    CacheEntry *Old = Cache;
    CacheCapacity = OldCap ? OldCap * 2 : 256;
    Cache = static_cast<CacheEntry *>(
        InternalCalloc(CacheCapacity, sizeof(CacheEntry)));
    for (u32 I = 0; I < OldCap; ++I)
      if (Old[I].Pc)
        *CacheSlot(Old[I].Pc) = Old[I];
    InternalFree(Old);
  }
  CacheEntry *E = CacheSlot(Pc);
  if (E->Pc)
    return E;
  u32 Begin = (u32)CacheFrames.Size;
  SymbolizePc(Pc, &CacheFrames);
  E->Pc = Pc;
  E->Begin = Begin;
  E->Count = (u32)(CacheFrames.Size - Begin);
  ++CacheUsed;
  return E;
}

void SymbolizeStack(StackTrace T, SymbolizedStack *Out) {
  for (u32 I = 0; I < T.Size; ++I) {
    if (!T.Pcs[I])
      continue;
    const CacheEntry *E = CacheLookupOrAdd(T.Pcs[I]);
    for (u32 K = 0; K < E->Count; ++K)
      Out->Frames.push_back(CacheFrames[E->Begin + K]);
  }
}

// Frames point into the cache: only the list is owned.
void SymbolizedStack::reset() { Frames.reset(); }

} // namespace __bodysan
