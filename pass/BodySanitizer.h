//===- BodySanitizer.h - BodySanitizer module pass --------------*- C++ -*-===//
//
// The BodySanitizer module pass: hooks every call to a tracked resource
// function (see ResourceKinds.h) into the runtime, and gives functions whose
// handles stay local scope checks at every exit. The runtime ABI is
// include/bodysan/bodysan_abi.h.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_PASS_BODYSANITIZER_H
#define BODYSAN_PASS_BODYSANITIZER_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class Module;
} // namespace llvm

struct BodySanitizerPass : llvm::PassInfoMixin<BodySanitizerPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  // Run at -O0 too, where every function is optnone.
  static bool isRequired() { return true; }
};

#endif // BODYSAN_PASS_BODYSANITIZER_H
