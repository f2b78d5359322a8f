//===- ResourceKinds.cpp - The table of tracked resource kinds -----------===//
//
// The kinds come from spec files only (docs/SpecFormat.md): the built-in ones
// (specs/*.yaml, turned into string literals at build time by
// cmake/EmbedSpecs.cmake) and the files named with -bodysan-spec. They are
// parsed once per process, on the first use.
//
//===----------------------------------------------------------------------===//
#include "ResourceKinds.h"
#include "SpecFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::list<std::string>
    ClSpecFiles("bodysan-spec", cl::value_desc("file"),
                cl::desc("Load BodySanitizer resource kinds from this YAML "
                         "spec file (repeatable; docs/SpecFormat.md)"));

namespace bodysan {
namespace {

/// A spec embedded into the plugin: its file name under specs/ and its text.
struct BuiltinSpec {
  const char *Name;
  const char *Text;
};

const BuiltinSpec BuiltinSpecs[] = {
#include "BuiltinSpecs.inc"
};

struct LoadedKinds {
  std::vector<ResourceKind> Kinds;
  bool Ok = true;
};

/// Parses the built-in specs and then, with WithUserSpecs, the -bodysan-spec
/// files, printing every problem on stderr.
LoadedKinds load(bool WithUserSpecs) {
  SourceMgr SM;
  SpecLoader Loader(SM);
  for (const BuiltinSpec &B : BuiltinSpecs)
    Loader.loadBuffer(MemoryBuffer::getMemBuffer(
        B.Text, (Twine("<builtin>/") + B.Name).str(),
        /*RequiresNullTerminator=*/false));
  if (WithUserSpecs) {
    // The same file named twice (-mllvm -bodysan-spec in the build and
    // BODYSAN_SPEC, or two spellings of one path) is read once.
    StringSet<> Seen;
    for (const std::string &Path : ClSpecFiles) {
      SmallString<256> Real;
      if (sys::fs::real_path(Path, Real))
        Real = Path;
      if (Seen.insert(Real).second)
        Loader.loadFile(Path);
    }
  }
  LoadedKinds L;
  L.Ok = Loader.errors() == 0;
  L.Kinds = Loader.takeKinds();
  return L;
}

/// The error that fails a compilation after the spec errors were printed.
class SpecErrorDiagnostic : public DiagnosticInfo {
public:
  SpecErrorDiagnostic() : DiagnosticInfo(kind(), DS_Error) {}
  void print(DiagnosticPrinter &DP) const override {
    DP << "BodySanitizer: invalid resource kind spec (see the errors above)";
  }

private:
  static int kind() {
    static const int K = getNextAvailablePluginDiagnosticKind();
    return K;
  }
};

const std::vector<ResourceKind> &checked(const LoadedKinds &L) {
  // Outside the static initializers: exiting inside one would leave its guard
  // taken.
  if (!L.Ok)
    report_fatal_error("BodySanitizer: invalid resource kind spec (see the "
                       "errors above)",
                       /*gen_crash_diag=*/false);
  return L.Kinds;
}

} // namespace

const std::vector<ResourceKind> &builtinResourceKinds() {
  static const LoadedKinds L = load(/*WithUserSpecs=*/false);
  return checked(L);
}

static const LoadedKinds &allKinds() {
  static const LoadedKinds L = load(/*WithUserSpecs=*/true);
  return L;
}

const std::vector<ResourceKind> &resourceKinds() { return checked(allKinds()); }

const std::vector<ResourceKind> &resourceKinds(LLVMContext &Ctx) {
  const LoadedKinds &L = allKinds();
  if (L.Ok)
    return L.Kinds;
  // opt's diagnostic handler exits at an error without removing its output
  // file: remove the files registered for removal (clang's are temporary
  // files it discards anyway when the compilation has errors).
  sys::RunInterruptHandlers();
  Ctx.diagnose(SpecErrorDiagnostic());
  static const std::vector<ResourceKind> None;
  return None;
}

} // namespace bodysan
