//===- SpecFile.h - Resource kinds from YAML spec files ---------*- C++ -*-===//
//
// Reads the spec format v1 (docs/SpecFormat.md) into ResourceKind tables. The
// built-in kinds (specs/*.yaml, embedded at build time) and the files given
// with -bodysan-spec go through the same loader, which also checks what no
// single file can: a kind name or a non-generic function name declared twice.
// Every problem is reported through a SourceMgr as `file:line:col: error: ...`
// with the offending line and a caret.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_PASS_SPECFILE_H
#define BODYSAN_PASS_SPECFILE_H

#include "ResourceKinds.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <vector>

namespace bodysan {

/// Loads any number of spec buffers into one list of kinds. Diagnostics go to
/// the SourceMgr, whose handler prints them (llvm::errs() unless the caller
/// installed another one); errors() counts them.
class SpecLoader {
public:
  explicit SpecLoader(llvm::SourceMgr &SM) : SM(SM) {}

  /// Parses the spec text Buffer; its identifier names it in diagnostics and
  /// origins ("<builtin>/neon.yaml", a path). Returns false on an error.
  bool loadBuffer(std::unique_ptr<llvm::MemoryBuffer> Buffer);
  /// Reads and parses the file Path.
  bool loadFile(llvm::StringRef Path);

  /// The kinds loaded so far, in the order they were declared.
  const std::vector<ResourceKind> &kinds() const { return Kinds; }
  std::vector<ResourceKind> takeKinds() { return std::move(Kinds); }
  unsigned errors() const { return NumErrors; }

private:
  struct Declared {
    llvm::SMLoc Loc;
    std::string Kind;
    bool Generic = false;
  };

  friend class SpecParser;

  llvm::SourceMgr &SM;
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> Buffers;
  std::vector<ResourceKind> Kinds;
  llvm::StringMap<llvm::SMLoc> KindNames;
  llvm::StringMap<Declared> FunctionNames;
  unsigned NumErrors = 0;
};

} // namespace bodysan

#endif // BODYSAN_PASS_SPECFILE_H
