// Intent: loaded by another LLVM major (Debian's default clang is 14), the
// plugin refuses cleanly with the host's "wrong API version" error instead of
// crashing inside its callbacks.
// REQUIRES: clang14
// RUN: not clang-14 -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: BodySanitizer
// CHECK-NOT: Stack dump
// CHECK-NOT: PLEASE submit a bug report
int main(void) { return 0; }
