// Intent: user spec APIs in three common shapes. (1) An API whose own
// implementation is compiled with its spec: nb_shutdown calls nb_close, and
// that inner call is the library's business (no double-close). (2) An
// acquire through an out-parameter (`handle: out-arg1`): the handle is the
// pointer the call stored, read only after a zero result. (3) A template
// member named without its template arguments matches every instantiation.
// The same spec named twice (-mllvm and BODYSAN_SPEC) loads once.
// RUN: %clangxx_bodysan -g -O0 -mllvm -bodysan-spec=%S/Inputs/own-impl.yaml %s -o %t-O0
// RUN: %t-O0 clean 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %t-O0 leak_out 2>&1 | FileCheck %s --check-prefix=LEAKOUT
// RUN: not %t-O0 leak_template 2>&1 | FileCheck %s --check-prefix=LEAKTPL
// RUN: env BODYSAN_SPEC=%S/Inputs/own-impl.yaml %clangxx_bodysan -g -O2 -mllvm -bodysan-spec=%S/Inputs/own-impl.yaml %s -o %t-O2
// RUN: %t-O2 clean 2>&1 | FileCheck %s --check-prefix=CLEAN --implicit-check-not=BodySanitizer
// RUN: not %t-O2 leak_out 2>&1 | FileCheck %s --check-prefix=LEAKOUT
// RUN: not %t-O2 leak_template 2>&1 | FileCheck %s --check-prefix=LEAKTPL
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" {
struct nb {
  long left;
};
__attribute__((noinline)) struct nb *nb_open(long n) {
  struct nb *b = static_cast<struct nb *>(std::malloc(sizeof *b));
  b->left = n;
  return b;
}
__attribute__((noinline)) int nb_open_out(long n, struct nb **out) {
  if (n < 0)
    return -1;
  *out = nb_open(n);
  return 0;
}
__attribute__((noinline)) void nb_close(struct nb *b) { std::free(b); }
// The library's own shutdown closes through its own close.
__attribute__((noinline)) void nb_shutdown(struct nb *b) { nb_close(b); }
}

namespace pool {
struct Pool {
  template <typename T> __attribute__((noinline)) struct ::nb *take(T n) {
    return nb_open(static_cast<long>(n));
  }
};
} // namespace pool

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  pool::Pool pool;
  struct nb *a = nb_open(1);
  nb_shutdown(a);
  struct nb *b = nullptr;
  if (nb_open_out(-1, &b) != 0) // fails: nothing acquired
    std::puts("open_out(-1) failed");
  if (nb_open_out(2, &b) == 0 && std::strcmp(argv[1], "leak_out") != 0)
    nb_close(b);
  struct nb *c = pool.take<int>(3), *d = pool.take<long>(4);
  nb_close(c);
  if (std::strcmp(argv[1], "leak_template") != 0)
    nb_close(d);
  std::puts("done");
  return 0;
}
// CLEAN: open_out(-1) failed
// CLEAN-NEXT: done

// LEAKOUT: ERROR: BodySanitizer: unclosed-body
// LEAKOUT-NEXT: test body (struct nb) from nb_open_out was never closed
// LEAKOUT-NOT: ERROR: BodySanitizer

// LEAKTPL: ERROR: BodySanitizer: unclosed-body
// LEAKTPL-NEXT: test body (struct nb) from {{.*}}pool::Pool::take<long>{{.*}} was still open when 'main' returned
// LEAKTPL-NOT: ERROR: BodySanitizer
