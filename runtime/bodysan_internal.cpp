//===- bodysan_internal.cpp - shared helpers of the BodySanitizer runtime -===//
//
// Allocation, text buffers, raw output and glob matching.
//
//===----------------------------------------------------------------------===//
#include "bodysan_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

namespace __bodysan {

TsanAnnotateFn TsanIgnoreSyncBegin, TsanIgnoreSyncEnd;

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BODYSAN_BUILT_WITH_TSAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define BODYSAN_BUILT_WITH_TSAN 1
#endif

void InitTsanAnnotations() {
#ifndef BODYSAN_BUILT_WITH_TSAN
  auto Begin = reinterpret_cast<TsanAnnotateFn>(
      dlsym(RTLD_DEFAULT, "AnnotateIgnoreSyncBegin"));
  auto End = reinterpret_cast<TsanAnnotateFn>(
      dlsym(RTLD_DEFAULT, "AnnotateIgnoreSyncEnd"));
  // Only under TSan: other tools' annotation libraries (Valgrind's) define
  // the same AnnotateIgnoreSync* names; __tsan_init is TSan's own.
  if (Begin && End && dlsym(RTLD_DEFAULT, "__tsan_init")) {
    TsanIgnoreSyncEnd = End;
    __atomic_store_n(&TsanIgnoreSyncBegin, Begin, __ATOMIC_RELEASE);
  }
#endif
}

static void OutOfMemory(size_t Size) {
  char Buf[128];
  int N = snprintf(Buf, sizeof(Buf),
                   "==%d==BodySanitizer: FATAL: out of memory allocating %zu "
                   "bytes\n",
                   (int)getpid(), Size);
  if (N > 0)
    WriteFully(2, Buf, (size_t)N < sizeof(Buf) ? (size_t)N : sizeof(Buf) - 1);
  _exit(1);
}

void *InternalAlloc(size_t Size) {
  void *P = malloc(Size ? Size : 1);
  if (!P)
    OutOfMemory(Size);
  return P;
}

void *InternalCalloc(size_t N, size_t Size) {
  void *P = calloc(N ? N : 1, Size ? Size : 1);
  if (!P)
    OutOfMemory(N * Size);
  return P;
}

void *InternalRealloc(void *P, size_t Size) {
  void *R = realloc(P, Size ? Size : 1);
  if (!R)
    OutOfMemory(Size);
  return R;
}

void InternalFree(void *P) { free(P); }

char *InternalStrdup(const char *S) {
  size_t N = strlen(S);
  char *R = static_cast<char *>(InternalAlloc(N + 1));
  memcpy(R, S, N + 1);
  return R;
}

void TextBuffer::append(const char *S, size_t N) {
  if (Size + N + 1 > Capacity) {
    size_t NewCap = Capacity ? Capacity * 2 : 256;
    while (NewCap < Size + N + 1)
      NewCap *= 2;
    Data = static_cast<char *>(InternalRealloc(Data, NewCap));
    Capacity = NewCap;
  }
  memcpy(Data + Size, S, N);
  Size += N;
  Data[Size] = 0;
}

void TextBuffer::vappendf(const char *Fmt, va_list Ap) {
  char Small[512];
  va_list Copy;
  va_copy(Copy, Ap);
  int N = vsnprintf(Small, sizeof(Small), Fmt, Copy);
  va_end(Copy);
  if (N < 0)
    return;
  if ((size_t)N < sizeof(Small)) {
    append(Small, (size_t)N);
    return;
  }
  char *Big = static_cast<char *>(InternalAlloc((size_t)N + 1));
  vsnprintf(Big, (size_t)N + 1, Fmt, Ap);
  append(Big, (size_t)N);
  InternalFree(Big);
}

void TextBuffer::appendf(const char *Fmt, ...) {
  va_list Ap;
  va_start(Ap, Fmt);
  vappendf(Fmt, Ap);
  va_end(Ap);
}

void WriteFully(int Fd, const char *Buf, size_t Len) {
  while (Len > 0) {
    ssize_t N = write(Fd, Buf, Len);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return;
    }
    Buf += N;
    Len -= (size_t)N;
  }
}

void ErrPrintf(const char *Fmt, ...) {
  TextBuffer B = {};
  va_list Ap;
  va_start(Ap, Fmt);
  B.vappendf(Fmt, Ap);
  va_end(Ap);
  int SavedErrno = errno;
  WriteFully(2, B.c_str(), B.Size);
  errno = SavedErrno;
  B.reset();
}

static int Pid;

int CachedPid() {
  int P = __atomic_load_n(&Pid, __ATOMIC_RELAXED);
  if (!P) {
    P = (int)getpid();
    __atomic_store_n(&Pid, P, __ATOMIC_RELAXED);
  }
  return P;
}

void ResetCachedPid() { __atomic_store_n(&Pid, 0, __ATOMIC_RELAXED); }

bool GlobMatch(const char *P, const char *T) {
  // Iterative matcher with single-star backtracking.
  const char *StarP = nullptr, *StarT = nullptr;
  while (*T) {
    if (*P == '*') {
      StarP = ++P;
      StarT = T;
      continue;
    }
    if (*P && (*P == '?' || *P == *T)) {
      ++P;
      ++T;
      continue;
    }
    if (!StarP)
      return false;
    P = StarP;
    T = ++StarT;
  }
  while (*P == '*')
    ++P;
  return *P == 0;
}

} // namespace __bodysan
