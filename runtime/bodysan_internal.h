//===- bodysan_internal.h - shared helpers of the BodySanitizer runtime ---===//
//
// Types, locks, small containers and raw output used by every part of the
// runtime. The runtime links into plain C programs: nothing here may need
// libstdc++ (no operator new, no std::mutex, no guarded static locals), and
// every global must be constant-initialized and trivially destructible.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_INTERNAL_H
#define BODYSAN_INTERNAL_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BODYSAN_EXPORT extern "C" __attribute__((visibility("default")))
#define BODYSAN_WEAK_EXPORT                                                    \
  extern "C" __attribute__((visibility("default"), weak))
#define BODYSAN_NOINLINE __attribute__((noinline))
#define BODYSAN_ALWAYS_INLINE inline __attribute__((always_inline))
#define BODYSAN_LIKELY(x) __builtin_expect(!!(x), 1)
#define BODYSAN_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define BODYSAN_FORMAT(f, a) __attribute__((format(printf, f, a)))

namespace __bodysan {

typedef uintptr_t uptr;
typedef uint64_t u64;
typedef uint32_t u32;
typedef uint8_t u8;

// Under ThreadSanitizer, the runtime's locks must not order the program's
// threads: two threads whose hooks take the same shard lock would look
// synchronized to TSan, which would then miss the program's real data races
// around those hooks. So an uninstrumented runtime asks TSan to ignore them
// (AnnotateIgnoreSyncBegin/End, found with dlsym at init; null without
// TSan). A runtime built with -fsanitize=thread (the self-check) needs its
// locks seen and never sets these.
typedef void (*TsanAnnotateFn)(const char *File, int Line);
extern TsanAnnotateFn TsanIgnoreSyncBegin, TsanIgnoreSyncEnd;
void InitTsanAnnotations();

// A pthread mutex usable as a constant-initialized global.
struct Mutex {
  pthread_mutex_t M;
  void lock() {
    if (BODYSAN_UNLIKELY(TsanIgnoreSyncBegin != nullptr)) {
      TsanIgnoreSyncBegin(__FILE__, __LINE__);
      pthread_mutex_lock(&M);
      TsanIgnoreSyncEnd(__FILE__, __LINE__);
      return;
    }
    pthread_mutex_lock(&M);
  }
  void unlock() {
    if (BODYSAN_UNLIKELY(TsanIgnoreSyncBegin != nullptr)) {
      TsanIgnoreSyncBegin(__FILE__, __LINE__);
      pthread_mutex_unlock(&M);
      TsanIgnoreSyncEnd(__FILE__, __LINE__);
      return;
    }
    pthread_mutex_unlock(&M);
  }
  bool tryLock() {
    if (BODYSAN_UNLIKELY(TsanIgnoreSyncBegin != nullptr)) {
      TsanIgnoreSyncBegin(__FILE__, __LINE__);
      bool Locked = pthread_mutex_trylock(&M) == 0;
      TsanIgnoreSyncEnd(__FILE__, __LINE__);
      return Locked;
    }
    return pthread_mutex_trylock(&M) == 0;
  }
  void reinit() { pthread_mutex_init(&M, nullptr); }
};
#define BODYSAN_MUTEX_INITIALIZER                                              \
  { PTHREAD_MUTEX_INITIALIZER }

class ScopedLock {
public:
  explicit ScopedLock(Mutex &M) : M(M) { M.lock(); }
  ~ScopedLock() { M.unlock(); }
  ScopedLock(const ScopedLock &) = delete;
  ScopedLock &operator=(const ScopedLock &) = delete;

private:
  Mutex &M;
};

// Allocation that never calls into libstdc++ and never returns NULL: a runtime
// that cannot allocate its bookkeeping has nothing better to do than stop.
void *InternalAlloc(size_t Size);
void *InternalCalloc(size_t N, size_t Size);
void *InternalRealloc(void *P, size_t Size);
void InternalFree(void *P);
char *InternalStrdup(const char *S);

// A growable array of trivially copyable elements (malloc/realloc based).
template <typename T> struct Vector {
  T *Data;
  size_t Size;
  size_t Capacity;

  void push_back(const T &V) {
    if (Size == Capacity)
      reserve(Capacity ? Capacity * 2 : 16);
    Data[Size++] = V;
  }
  void reserve(size_t N) {
    if (N <= Capacity)
      return;
    Data = static_cast<T *>(InternalRealloc(Data, N * sizeof(T)));
    Capacity = N;
  }
  void clear() { Size = 0; }
  void reset() {
    InternalFree(Data);
    Data = nullptr;
    Size = Capacity = 0;
  }
  T &operator[](size_t I) { return Data[I]; }
  const T &operator[](size_t I) const { return Data[I]; }
  T *begin() { return Data; }
  T *end() { return Data + Size; }
};

// A growable text buffer; Append* never fail (they allocate).
struct TextBuffer {
  char *Data;
  size_t Size;
  size_t Capacity;

  void append(const char *S, size_t N);
  void append(const char *S) { append(S, strlen(S)); }
  void appendf(const char *Fmt, ...) BODYSAN_FORMAT(2, 3);
  void vappendf(const char *Fmt, va_list Ap);
  const char *c_str() { return Data ? Data : ""; }
  void clear() {
    Size = 0;
    if (Data)
      Data[0] = 0;
  }
  void reset() {
    InternalFree(Data);
    Data = nullptr;
    Size = Capacity = 0;
  }
};

// Writes all of Buf to Fd, retrying on EINTR and short writes.
void WriteFully(int Fd, const char *Buf, size_t Len);
// Formatted output straight to fd 2 (flag errors, warnings, verbose output).
void ErrPrintf(const char *Fmt, ...) BODYSAN_FORMAT(1, 2);
// The "==PID==" prefix of every line the runtime prints on its own.
int CachedPid();
void ResetCachedPid();

// Simple glob: '*' matches any run, '?' one character.
bool GlobMatch(const char *Pattern, const char *Text);

} // namespace __bodysan

#endif // BODYSAN_INTERNAL_H
