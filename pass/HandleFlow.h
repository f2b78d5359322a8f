//===- HandleFlow.h - Where a handle goes inside a module -------*- C++ -*-===//
//
// The analysis behind the scope checks. From a value that holds a handle (an
// acquire's result, a parameter of a helper) it follows every value that may
// hold the same handle and answers: does the handle stay local to the function
// (no use captures it), is it returned, and where is it handed to code the pass
// cannot see. Module-wide summaries make it interprocedural:
//  - per (function, parameter, level): does the parameter capture, is it
//    returned (optimistic fixpoint: start with "no capture", flip on evidence);
//  - per function: does it return a fresh handle of some kind (pessimistic
//    fixpoint: a function is fresh once proven so from already fresh callees).
//
// "Level" is the number of indirections: level 0 is the handle itself, level 1
// the address of a local slot (alloca) holding it, level 2 the address of a
// slot holding a level-1 address (`GInputStream **pp = &body`), and so on.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_PASS_HANDLEFLOW_H
#define BODYSAN_PASS_HANDLEFLOW_H

#include "ResourceKinds.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

#include <tuple>

namespace bodysan {

/// A kind function and the kind that owns it.
struct KindFunction {
  const ResourceKind *Kind = nullptr;
  const FunctionSpec *Spec = nullptr;
};

/// Name -> kind function, built from a list of kinds. A callee matches a spec
/// name by its exact (C or mangled) name, else by its demangled signature
/// ("ns::Cls::fn(char const*)", spaces ignored), else by its demangled
/// qualified name without parameters ("ns::Cls::fn", every overload). Only
/// names that look mangled are demangled, once per name.
class KindTable {
public:
  explicit KindTable(const std::vector<ResourceKind> &Kinds);
  /// The kind function called by CB, or nullptr.
  const KindFunction *lookup(const llvm::CallBase &CB) const;
  /// The kind function named Name (a symbol name), or nullptr.
  const KindFunction *lookup(llvm::StringRef Name) const;

private:
  const KindFunction *lookupDemangled(llvm::StringRef Name) const;

  llvm::StringMap<KindFunction> ByName;
  /// Spec names with a parameter list, without spaces.
  llvm::StringMap<KindFunction> BySignature;
  /// Spec names without a parameter list (C names included: a C++ function
  /// `http_get(char const*)` matches `http_get`).
  llvm::StringMap<KindFunction> ByQualifiedName;
  /// Mangled symbol name -> match (nullptr: none), filled on first lookup.
  mutable llvm::StringMap<const KindFunction *> DemangledCache;
};

/// The direct callee of CB, looking through pointer casts, or nullptr.
llvm::Function *getDirectCallee(const llvm::CallBase &CB);

/// The return block clang makes for functions with several `return`s: only
/// loads of the return value slot, lifetime ends and the `ret`.
bool isFunnelReturnBlock(const llvm::BasicBlock &BB);

/// A block clang adds on the way to the return block: only lifetime ends and
/// an unconditional branch.
bool isLifetimeOnlyBlock(const llvm::BasicBlock &BB);

/// What a trace from one root found.
struct TraceResult {
  /// Some use may let the handle outlive the function or be used where the
  /// pass cannot see it.
  bool Captured = false;
  /// The handle (level 0) reaches a `ret`.
  bool Returned = false;
  /// (call, argument, level) where a traced value is passed to a callee the
  /// pass cannot see (declared only, indirect, interposable).
  llvm::SmallVector<std::tuple<llvm::CallBase *, unsigned, unsigned>, 2>
      Handoffs;
  /// (callee, argument, level) where a traced value flows into a parameter of
  /// a function defined in this module.
  llvm::SmallVector<std::tuple<llvm::Function *, unsigned, unsigned>, 2>
      ParamFlows;
};

class HandleFlow {
public:
  static constexpr unsigned MaxLevel = 3;

  HandleFlow(llvm::Module &M, const KindTable &Kinds);

  /// Computes the module-wide summaries. Call once before trace().
  void computeSummaries();

  /// Follows every value that may hold the value Root (at indirection Level).
  /// With StopAtCapture the walk ends at the first capture, and Returned is
  /// then set conservatively (callers follow the result): enough for summaries,
  /// which need neither handoffs nor parameter flows.
  TraceResult trace(llvm::Value *Root, unsigned Level,
                    bool StopAtCapture = false) const;

  /// The kind of fresh handle F returns, or nullptr.
  const ResourceKind *freshKind(const llvm::Function *F) const {
    return Fresh.lookup(F);
  }

  /// A function whose body the analysis may rely on for direct calls.
  static bool isAnalyzable(const llvm::Function &F);

private:
  struct ParamSummary {
    bool Captures = false;
    bool Returns = false;
  };
  using ParamKey = std::tuple<const llvm::Function *, unsigned, unsigned>;

  ParamSummary paramSummary(const llvm::Function *F, unsigned Arg,
                            unsigned Level) const;
  bool isFreshValue(llvm::Value *V, const ResourceKind *&Kind,
                    llvm::SmallVectorImpl<llvm::CallBase *> &Sources,
                    llvm::DenseSet<llvm::Value *> &Visited) const;
  const ResourceKind *computeFresh(llvm::Function &F) const;

  llvm::Module &M;
  const KindTable &Kinds;
  llvm::DenseMap<ParamKey, ParamSummary> Params;
  llvm::DenseMap<const llvm::Function *, const ResourceKind *> Fresh;
};

} // namespace bodysan

#endif // BODYSAN_PASS_HANDLEFLOW_H
