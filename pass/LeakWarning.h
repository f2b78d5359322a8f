//===- LeakWarning.h - Compile-time warning for unreleased handles -*- C++ -*-===//
//
// The optional static check behind `-mllvm -bodysan-warn`: a warning, at the
// acquisition, when a handle that never leaves its function can reach a
// `return` on some path without being released. It only reads the module (it
// analyses a temporary copy of each function and deletes it), so the
// instrumentation is the same with and without the warning.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_PASS_LEAKWARNING_H
#define BODYSAN_PASS_LEAKWARNING_H

namespace llvm {
class Module;
} // namespace llvm

namespace bodysan {

class KindTable;
class HandleFlow;

/// Warns about every acquisition in M whose handle is local (HandleFlow finds
/// no capture) and provably reaches a `ret` unreleased on some path, as a
/// clang diagnostic `file:line:col: warning: ... [-Wpass-failed=bodysan]`.
/// Flow's summaries must have been computed. Returns the number of warnings.
unsigned warnUnreleasedHandles(llvm::Module &M, const KindTable &Kinds,
                               const HandleFlow &Flow);

} // namespace bodysan

#endif // BODYSAN_PASS_LEAKWARNING_H
