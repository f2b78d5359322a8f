//===- LeakWarning.cpp - Compile-time warning for unreleased handles ------===//
//
// `-mllvm -bodysan-warn`: for every acquisition whose handle HandleFlow proves
// local (the ones that get scope checks), search the control-flow graph for a
// path from the successful acquisition to a `ret` on which nothing may release
// the handle, and warn at the acquisition naming the return. The requirement is
// no false positives, so every step errs towards "no path":
//  - any instruction that uses the handle or a copy of it ends the path, except
//    comparisons, reads of its fields and the kind functions that release
//    nothing (read, observe, a parent's attach and detach, ...); a store to the
//    local variable that held it, a noreturn call, `unreachable`, `resume` and
//    exception edges end it too; reaching the acquisition again ends it;
//  - a branch on the handle's null-ness follows the success direction only; a
//    branch the path already decided (the same condition, or one it implies,
//    including the conditions that led to the acquisition) is followed in its
//    decided direction; a branch on a value the search cannot see through (a
//    load of memory the acquisition may have written, such as a GError
//    out-parameter or anything outside the function's locals, a local the
//    function sets itself, a result derived from the handle other than by a
//    kind function, a type or state query, a switch's default) ends it;
//    other branches are followed both ways;
//  - too large a search gives up (no warning).
//
// At PipelineStart locals are still in allocas, at -O0 and -O2 alike. The
// search runs on a temporary clone of the function with its promotable allocas
// turned into SSA values (PromoteMemToReg), then the clone is deleted: the
// module, and so the instrumentation, is the same with and without the flag.
// Debug locations are shared with the original, and blocks are mapped back to
// it to name the `return` statement the way the scope-exit sites do.
//
//===----------------------------------------------------------------------===//
#include "LeakWarning.h"
#include "HandleFlow.h"
#include "ResourceKinds.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

#include <optional>

#define DEBUG_TYPE "bodysan"

using namespace llvm;

STATISTIC(NumLeakWarnings, "Number of unreleased-handle warnings given");
STATISTIC(NumLeakSearchesGivenUp,
          "Number of unreleased-handle searches that hit their budget");

namespace bodysan {

namespace {

/// States one search may visit before it gives up without a warning.
constexpr unsigned kMaxStates = 4096;
/// Values one look at a branch condition may follow.
constexpr unsigned kMaxConditionValues = 256;
/// Facts (decided branch conditions) a path remembers.
constexpr unsigned kMaxFacts = 16;
/// Prefixes of functions that are the pass's own.
constexpr char kReservedPrefix[] = "__bodysan_";
constexpr char kThunkPrefix[] = "bodysan.fnptr.";
/// The `-Wpass-failed=` name of the warning.
constexpr char kWarningName[] = "bodysan";

/// An acquisition to check.
struct Candidate {
  CallBase *Call;
  const ResourceKind *Kind;
};

/// A branch condition a path has decided.
struct Fact {
  Value *Cond;
  bool Truth;
};

/// One step of the search: a block entered from Pred (nullptr for the first
/// block, which starts at Start), what the path decided so far, and constant
/// values of phis it chose.
struct State {
  BasicBlock *BB;
  BasicBlock *Pred;
  Instruction *Start;
  SmallVector<Fact, 4> Facts;
  SmallVector<std::pair<PHINode *, Constant *>, 4> Bindings;
  int Trail; ///< index of this block in Trail
};

/// An acquire whose handle is its non-null result: the ones HandleFlow can
/// prove local.
bool isResultAcquire(const FunctionSpec &S) {
  return S.Role == FunctionRole::Acquire && S.HandleArg == kHandleIsResult &&
         S.Success == AcquireSuccess::NonNullResult && !S.Generic &&
         !S.HandleThroughArg;
}

/// Roles whose functions never release a handle they are given (of their own
/// kind or, as a parent, of another: curl_multi_add_handle's multi handle).
/// Retain is not among them: an extra reference changes what releases it.
bool releasesNothing(FunctionRole R) {
  switch (R) {
  case FunctionRole::Read:
  case FunctionRole::Observe:
  case FunctionRole::Attach:
  case FunctionRole::Detach:
  case FunctionRole::Running:
  case FunctionRole::Completion:
  case FunctionRole::CloseChildren:
  case FunctionRole::Request:
    return true;
  default:
    return false;
  }
}

/// An observe function whose answer may depend on whether the handle was
/// released (or on its type): a branch on it is not followed.
bool isStateQuery(const FunctionSpec &S) {
  StringRef Name(S.Name);
  return S.Generic || Name.contains("closed") || Name.contains("pending");
}

/// Whether the use U of a handle by I only reads non-pointer data from the
/// handle's object: a load, or a field address only loaded from.
bool isFieldRead(const Instruction *I, const Use &U, unsigned Depth = 0) {
  if (auto *LI = dyn_cast<LoadInst>(I))
    return !LI->isVolatile() && !LI->getType()->isPointerTy() &&
           !LI->getType()->isVectorTy();
  auto *GEP = dyn_cast<GetElementPtrInst>(I);
  if (!GEP || U.getOperandNo() != 0 || Depth > 4 || GEP->getNumUses() > 16)
    return false;
  return all_of(GEP->uses(), [&](const Use &GU) {
    auto *GI = dyn_cast<Instruction>(GU.getUser());
    return GI && isFieldRead(GI, GU, Depth + 1);
  });
}

/// A call that never comes back: noreturn, or a call of a function of this
/// module that has no `ret` (a `die ()` that ends in exit ()).
bool doesNotReturn(const CallBase &CB) {
  if (CB.doesNotReturn())
    return true;
  const Function *F = getDirectCallee(CB);
  if (!F || !HandleFlow::isAnalyzable(*F))
    return false;
  return none_of(*F, [](const BasicBlock &BB) {
    return isa<ReturnInst>(BB.getTerminator());
  });
}

/// The function-level search for one function: owns the clone.
class FunctionLeakSearch {
public:
  FunctionLeakSearch(Function &F, const KindTable &Kinds);
  ~FunctionLeakSearch() { Clone->eraseFromParent(); }

  /// Checks every candidate of the function; returns the warnings given.
  unsigned run(ArrayRef<Candidate> Candidates);

private:
  /// Searches for a leak path of C's handle; emits the warning. True if it
  /// warned.
  bool check(const Candidate &C);
  void computeCopies(Instruction *H, const ResourceKind *Kind);
  void computeKillBlocks(Instruction *H);
  bool acquisitionMayWrite(AllocaInst *A, Instruction *Acq);
  bool isStoredTo(AllocaInst *A);
  std::optional<bool> pointerIsNull(Value *V, const State &S, unsigned Depth);
  std::optional<APInt> evaluate(Value *V, const State &S, unsigned Depth);
  std::optional<bool> decide(Value *Cond, const State &S);
  bool undecidable(Value *Cond, Instruction *Acq);
  bool dependsOn(Value *V, const BasicBlock *BB);
  static bool computeDependsOn(Value *V, const BasicBlock *BB);
  void enter(State &S, BasicBlock *BB, BasicBlock *Pred);
  DILocation *returnLocation(int Trail);
  void emit(const Candidate &C, DILocation *RetLoc);

  Function &F;
  const KindTable &Kinds;
  const DataLayout &DL;
  ValueToValueMapTy VMap;
  Function *Clone = nullptr;
  DenseMap<const BasicBlock *, BasicBlock *> Original;
  std::unique_ptr<DominatorTree> DT;
  /// Per candidate (values of the clone). Stores that overwrite a local that held the handle, taken before the
  /// allocas were promoted: by block, and whether one follows the acquisition
  /// in its own block.
  DenseSet<const BasicBlock *> KillBlocks;
  bool KillAfterAcquisition = false;
  /// Per handle, found before promotion: (block, after the acquisition).
  DenseMap<Instruction *, SmallVector<std::pair<BasicBlock *, bool>, 4>>
      PendingKills;
  DenseSet<Value *> DirectCopies; ///< the handle, its casts, passthroughs
  DenseSet<Value *> Copies;       ///< DirectCopies and phis/selects of them
  DenseSet<const Instruction *> Uses; ///< instructions that end a path
  DenseSet<const Instruction *> Tainted; ///< calls whose result ends a path
  DenseMap<AllocaInst *, bool> MayWrite;
  DenseMap<AllocaInst *, bool> Stored;
  DenseMap<std::pair<Value *, const BasicBlock *>, bool> DependsOn;
  /// The path tree: (block, parent index).
  SmallVector<std::pair<BasicBlock *, int>, 64> Trail;
};

FunctionLeakSearch::FunctionLeakSearch(Function &F, const KindTable &Kinds)
    : F(F), Kinds(Kinds), DL(F.getDataLayout()) {
  // Unnamed, so that the module's symbol table (and so every name the
  // instrumentation creates later) is the same as without the warning.
  Clone = Function::Create(F.getFunctionType(), GlobalValue::PrivateLinkage,
                           F.getAddressSpace(), "", F.getParent());
  auto CloneArg = Clone->arg_begin();
  for (Argument &A : F.args())
    VMap[&A] = &*CloneArg++;
  SmallVector<ReturnInst *, 8> Returns;
  CloneFunctionInto(Clone, &F, VMap,
                    CloneFunctionChangeType::LocalChangesOnly, Returns);
  for (BasicBlock &BB : F)
    Original[cast<BasicBlock>(VMap[&BB])] = &BB;
}

// Stores into a local that held the handle, other than of the handle itself,
// end a path (`body = NULL` hands nothing over, but the search does not guess
// why it was written). Found before promotion, which deletes them.
void FunctionLeakSearch::computeKillBlocks(Instruction *H) {
  SmallVector<std::pair<BasicBlock *, bool>, 4> Kills;
  SmallPtrSet<AllocaInst *, 4> Slots;
  for (User *U : H->users())
    if (auto *SI = dyn_cast<StoreInst>(U))
      if (SI->getValueOperand() == H)
        if (auto *A = dyn_cast<AllocaInst>(
                SI->getPointerOperand()->stripPointerCasts()))
          Slots.insert(A);
  for (AllocaInst *A : Slots)
    for (User *U : A->users()) {
      auto *SI = dyn_cast<StoreInst>(U);
      if (!SI || SI->getPointerOperand()->stripPointerCasts() != A ||
          SI->getValueOperand() == H)
        continue;
      bool After = SI->getParent() == H->getParent() && H->comesBefore(SI);
      Kills.push_back({SI->getParent(), After});
    }
  PendingKills[H] = std::move(Kills);
}

void FunctionLeakSearch::computeCopies(Instruction *H,
                                       const ResourceKind *Kind) {
  DirectCopies.clear();
  Copies.clear();
  Uses.clear();
  Tainted.clear();
  SmallVector<std::pair<Value *, bool>, 8> Work{{H, true}};
  DirectCopies.insert(H);
  Copies.insert(H);
  auto Add = [&](Value *V, bool Direct) {
    if (Direct && DirectCopies.insert(V).second)
      Work.push_back({V, true});
    if (Copies.insert(V).second && !Direct)
      Work.push_back({V, false});
  };
  while (!Work.empty()) {
    auto [V, Direct] = Work.pop_back_val();
    for (Use &U : V->uses()) {
      auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I) {
        continue;
      }
      if (isa<BitCastInst>(I) || isa<AddrSpaceCastInst>(I) ||
          isa<FreezeInst>(I)) {
        Add(I, Direct);
        continue;
      }
      if (auto *GEP = dyn_cast<GetElementPtrInst>(I))
        if (U.getOperandNo() == 0 && GEP->hasAllZeroIndices()) {
          Add(I, Direct);
          continue;
        }
      if (isa<PHINode>(I) ||
          (isa<SelectInst>(I) && U.getOperandNo() != 0)) {
        Add(I, false);
        continue;
      }
      if (isa<ICmpInst>(I) || isa<DbgInfoIntrinsic>(I))
        continue;
      // Reading a field of the object (`b->size`) releases nothing; a loaded
      // pointer might be how the handle gets released, so it is a use.
      if (isFieldRead(I, U))
        continue;
      if (auto *CB = dyn_cast<CallBase>(I)) {
        if (const KindFunction *KF = Kinds.lookup(*CB)) {
          const FunctionSpec &S = *KF->Spec;
          bool Ours = KF->Kind == Kind || S.Generic;
          if (Ours && S.Role == FunctionRole::Passthrough &&
              CB->isArgOperand(&U) &&
              static_cast<int>(CB->getArgOperandNo(&U)) == S.ResultArg) {
            Add(CB, Direct);
            continue;
          }
          if (CB->isArgOperand(&U) && releasesNothing(S.Role)) {
            if (S.Role == FunctionRole::Observe && isStateQuery(S))
              Tainted.insert(CB);
            continue;
          }
        }
      }
      Uses.insert(I);
    }
  }
}

// Whether the function itself sets the local A (or a part of it) to values
// the path chose: more than one store, or a store of a computed value. Then a
// value loaded from it may be a flag the path set earlier, which the search
// does not track. A local initialized once with a constant and otherwise
// written by library calls (`long code = 0; curl_easy_getinfo (h, ..., &code)`)
// holds a result like any call's.
bool FunctionLeakSearch::isStoredTo(AllocaInst *A) {
  auto It = Stored.find(A);
  if (It != Stored.end())
    return It->second;
  bool Result = false;
  unsigned Stores = 0;
  SmallVector<Value *, 8> Work{A};
  SmallPtrSet<Value *, 8> Seen;
  while (!Work.empty() && !Result) {
    Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    for (Use &U : V->uses()) {
      auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I)
        continue;
      if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I) ||
          isa<AddrSpaceCastInst>(I) || isa<PHINode>(I) || isa<SelectInst>(I))
        Work.push_back(I);
      else if (auto *SI = dyn_cast<StoreInst>(I)) {
        if (U.getOperandNo() == SI->getPointerOperandIndex())
          Result |= ++Stores > 1 || !isa<Constant>(SI->getValueOperand());
      } else if (auto *MI = dyn_cast<AnyMemIntrinsic>(I)) {
        if (U.get() == MI->getRawDest())
          Result |= ++Stores > 1 || !isa<MemSetInst>(MI);
      }
    }
  }
  Stored[A] = Result;
  return Result;
}

// Whether the acquisition may write the local A: its address goes to the
// acquisition or escapes before it (a GError out-parameter, say).
bool FunctionLeakSearch::acquisitionMayWrite(AllocaInst *A, Instruction *Acq) {
  auto It = MayWrite.find(A);
  if (It != MayWrite.end())
    return It->second;
  bool Result = PointerMayBeCapturedBefore(A, /*ReturnCaptures=*/true,
                                           /*StoreCaptures=*/true, Acq,
                                           DT.get(), /*IncludeI=*/true);
  MayWrite[A] = Result;
  return Result;
}

std::optional<bool> FunctionLeakSearch::pointerIsNull(Value *V,
                                                      const State &S,
                                                      unsigned Depth) {
  if (isa<ConstantPointerNull>(V))
    return true;
  if (DirectCopies.contains(V))
    return false; // the path follows the successful acquisition
  if (Depth > 8)
    return std::nullopt;
  if (auto *PN = dyn_cast<PHINode>(V)) {
    for (auto &[P, C] : S.Bindings)
      if (P == PN)
        return pointerIsNull(C, S, Depth + 1);
  }
  return std::nullopt;
}

// The value of V on the path, when the path decides it: constants, phis the
// path chose constants for, the handle's null-ness, and arithmetic on them.
std::optional<APInt> FunctionLeakSearch::evaluate(Value *V, const State &S,
                                                  unsigned Depth) {
  if (auto *CI = dyn_cast<ConstantInt>(V))
    return CI->getValue();
  if (Depth > 8 || !V->getType()->isIntegerTy())
    return std::nullopt;
  if (auto *PN = dyn_cast<PHINode>(V)) {
    for (auto &[P, C] : S.Bindings)
      if (P == PN)
        return evaluate(C, S, Depth + 1);
    return std::nullopt;
  }
  auto *I = dyn_cast<Instruction>(V);
  if (!I)
    return std::nullopt;
  unsigned Width = V->getType()->getIntegerBitWidth();
  switch (I->getOpcode()) {
  case Instruction::ICmp: {
    auto *Cmp = cast<ICmpInst>(I);
    Value *L = Cmp->getOperand(0), *R = Cmp->getOperand(1);
    if (L->getType()->isPointerTy()) {
      if (!Cmp->isEquality())
        return std::nullopt;
      std::optional<bool> LN = pointerIsNull(L, S, Depth + 1);
      std::optional<bool> RN = pointerIsNull(R, S, Depth + 1);
      if (!LN || !RN || (!*LN && !*RN))
        return std::nullopt;
      bool Equal = *LN && *RN;
      bool Result = Cmp->getPredicate() == ICmpInst::ICMP_EQ ? Equal : !Equal;
      return APInt(1, Result);
    }
    std::optional<APInt> LV = evaluate(L, S, Depth + 1);
    if (!LV)
      return std::nullopt;
    std::optional<APInt> RV = evaluate(R, S, Depth + 1);
    if (!RV)
      return std::nullopt;
    return APInt(1, ICmpInst::compare(*LV, *RV, Cmp->getPredicate()));
  }
  case Instruction::ZExt:
  case Instruction::SExt:
  case Instruction::Trunc: {
    std::optional<APInt> Op = evaluate(I->getOperand(0), S, Depth + 1);
    if (!Op)
      return std::nullopt;
    if (I->getOpcode() == Instruction::ZExt)
      return Op->zext(Width);
    if (I->getOpcode() == Instruction::SExt)
      return Op->sext(Width);
    return Op->trunc(Width);
  }
  case Instruction::Xor:
  case Instruction::And:
  case Instruction::Or: {
    std::optional<APInt> L = evaluate(I->getOperand(0), S, Depth + 1);
    std::optional<APInt> R = evaluate(I->getOperand(1), S, Depth + 1);
    if (Width == 1 && I->getOpcode() != Instruction::Xor) {
      // Short circuit: false && x, true || x.
      bool Absorbing = I->getOpcode() == Instruction::Or;
      if ((L && L->getBoolValue() == Absorbing) ||
          (R && R->getBoolValue() == Absorbing))
        return APInt(1, Absorbing);
    }
    if (!L || !R)
      return std::nullopt;
    if (I->getOpcode() == Instruction::Xor)
      return *L ^ *R;
    if (I->getOpcode() == Instruction::And)
      return *L & *R;
    return *L | *R;
  }
  case Instruction::Call:
    // __builtin_expect (G_LIKELY, G_UNLIKELY) returns its first argument.
    if (auto *II = dyn_cast<IntrinsicInst>(I))
      if (II->getIntrinsicID() == Intrinsic::expect ||
          II->getIntrinsicID() == Intrinsic::expect_with_probability)
        return evaluate(II->getArgOperand(0), S, Depth + 1);
    return std::nullopt;
  case Instruction::Select: {
    std::optional<APInt> C = evaluate(I->getOperand(0), S, Depth + 1);
    if (!C)
      return std::nullopt;
    return evaluate(I->getOperand(C->getBoolValue() ? 1 : 2), S, Depth + 1);
  }
  default:
    return std::nullopt;
  }
}

std::optional<bool> FunctionLeakSearch::decide(Value *Cond, const State &S) {
  if (std::optional<APInt> V = evaluate(Cond, S, 0))
    return V->getBoolValue();
  for (const Fact &Fa : S.Facts) {
    if (Fa.Cond == Cond)
      return Fa.Truth;
    if (std::optional<bool> Implied =
            isImpliedCondition(Fa.Cond, Cond, DL, Fa.Truth))
      return Implied;
  }
  return std::nullopt;
}

// Whether a branch on Cond must end the path: it depends on something the
// search cannot follow in both directions without risking a path that cannot
// happen.
bool FunctionLeakSearch::undecidable(Value *Cond, Instruction *Acq) {
  SmallVector<Value *, 16> Work{Cond};
  SmallPtrSet<Value *, 32> Seen;
  while (!Work.empty()) {
    Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    if (Seen.size() > kMaxConditionValues)
      return true;
    if (isa<Constant>(V) || isa<Argument>(V) || isa<BasicBlock>(V) ||
        isa<MetadataAsValue>(V))
      continue;
    if (Copies.contains(V))
      return true; // the handle other than by its null-ness
    auto *I = dyn_cast<Instruction>(V);
    if (!I)
      return true;
    if (auto *LI = dyn_cast<LoadInst>(I)) {
      // Data in a local the acquisition cannot have written is a value like
      // any other; everything else may be what the acquisition reported.
      auto *A = dyn_cast<AllocaInst>(getUnderlyingObject(LI->getPointerOperand()));
      if (!A || acquisitionMayWrite(A, Acq) || isStoredTo(A))
        return true;
      continue;
    }
    if (auto *CB = dyn_cast<CallBase>(I)) {
      if (Tainted.contains(CB))
        return true;
      if (const KindFunction *KF = Kinds.lookup(*CB)) {
        // What a read or an observe function returns about the handle.
        if (releasesNothing(KF->Spec->Role)) {
          bool UsesHandle = any_of(CB->args(), [&](Value *A) {
            return Copies.contains(A);
          });
          if (UsesHandle)
            continue;
        }
      }
      for (Value *A : CB->args())
        if (A->getType()->isPointerTy())
          if (auto *Alloca = dyn_cast<AllocaInst>(getUnderlyingObject(A)))
            if (acquisitionMayWrite(Alloca, Acq))
              return true;
    }
    for (Value *Op : I->operands())
      Work.push_back(Op);
  }
  return false;
}

// Whether V (a condition) is computed from an instruction of BB, which the
// path is about to run again.
bool FunctionLeakSearch::dependsOn(Value *V, const BasicBlock *BB) {
  auto [It, New] = DependsOn.try_emplace({V, BB}, true);
  if (New)
    It->second = computeDependsOn(V, BB);
  return It->second;
}

bool FunctionLeakSearch::computeDependsOn(Value *V, const BasicBlock *BB) {
  SmallVector<Value *, 8> Work{V};
  SmallPtrSet<Value *, 16> Seen;
  while (!Work.empty()) {
    auto *I = dyn_cast<Instruction>(Work.pop_back_val());
    if (!I || !Seen.insert(I).second)
      continue;
    if (Seen.size() > 64 || I->getParent() == BB)
      return true;
    if (isa<PHINode>(I))
      continue; // its block is where it changes
    for (Value *Op : I->operands())
      Work.push_back(Op);
  }
  return false;
}

void FunctionLeakSearch::enter(State &S, BasicBlock *BB, BasicBlock *Pred) {
  S.BB = BB;
  S.Pred = Pred;
  S.Start = &BB->front();
  // Facts about values this block recomputes no longer hold.
  erase_if(S.Facts, [&](const Fact &Fa) { return dependsOn(Fa.Cond, BB); });
  // The phis of BB take the values of the edge from Pred.
  SmallVector<std::pair<PHINode *, Constant *>, 4> New;
  for (PHINode &PN : BB->phis()) {
    Value *In = PN.getIncomingValueForBlock(Pred);
    Constant *C = dyn_cast<Constant>(In);
    if (auto *InPN = dyn_cast<PHINode>(In))
      for (auto &[P, K] : S.Bindings)
        if (P == InPN)
          C = K;
    if (C)
      New.push_back({&PN, C});
  }
  erase_if(S.Bindings, [&](const std::pair<PHINode *, Constant *> &B) {
    return B.first->getParent() == BB;
  });
  S.Bindings.append(New.begin(), New.end());
}

// The location of the `return` statement a path left through: as the scope
// exit sites find it, from the original function's blocks (the branch into
// clang's return block carries the statement's location).
DILocation *FunctionLeakSearch::returnLocation(int Index) {
  BasicBlock *RetBB = Original.lookup(Trail[Index].first);
  DILocation *Fallback = RetBB->getTerminator()->getDebugLoc().get();
  if (!isFunnelReturnBlock(*RetBB))
    return Fallback;
  for (int I = Trail[Index].second, Depth = 0; I >= 0 && Depth < 8;
       I = Trail[I].second, ++Depth) {
    BasicBlock *BB = Original.lookup(Trail[I].first);
    if (isLifetimeOnlyBlock(*BB))
      continue;
    auto *Br = dyn_cast<BranchInst>(BB->getTerminator());
    if (!Br || Br->isConditional())
      return Fallback;
    // The branch, or (at -O2, where it has none) the last located
    // instruction before the lifetime ends: the store of the return value.
    for (Instruction &Inst : reverse(*BB)) {
      if (auto *II = dyn_cast<IntrinsicInst>(&Inst))
        if (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II))
          continue;
      DILocation *L = Inst.getDebugLoc().get();
      if (L && L->getLine() != 0)
        return L;
    }
    return Fallback;
  }
  return Fallback;
}

unsigned FunctionLeakSearch::run(ArrayRef<Candidate> Candidates) {
  // Before promotion deletes them: the stores that overwrite the handles'
  // locals.
  for (const Candidate &C : Candidates)
    computeKillBlocks(cast<Instruction>(VMap[C.Call]));
  DT = std::make_unique<DominatorTree>(*Clone);
  SmallVector<AllocaInst *, 16> Allocas;
  for (Instruction &I : Clone->getEntryBlock())
    if (auto *A = dyn_cast<AllocaInst>(&I))
      if (isAllocaPromotable(A))
        Allocas.push_back(A);
  if (!Allocas.empty())
    PromoteMemToReg(Allocas, *DT);
  unsigned Warnings = 0;
  for (const Candidate &C : Candidates) {
    MayWrite.clear();
    Warnings += check(C);
  }
  return Warnings;
}

bool FunctionLeakSearch::check(const Candidate &C) {
  auto *H = cast<Instruction>(VMap[C.Call]);
  auto Kills = PendingKills.find(H);
  if (Kills == PendingKills.end())
    return false;
  KillBlocks.clear();
  KillAfterAcquisition = false;
  for (auto &[BB, After] : Kills->second) {
    // A store before the acquisition in its own block matters only when the
    // path comes back to that block, which ends it anyway.
    if (After)
      KillAfterAcquisition = true;
    KillBlocks.insert(BB);
  }
  computeCopies(H, C.Kind);

  // The first block: after the call, or the normal destination of an invoke.
  State Init;
  Init.Trail = 0;
  Trail.clear();
  if (auto *II = dyn_cast<InvokeInst>(H)) {
    Trail.push_back({H->getParent(), -1});
    enter(Init, II->getNormalDest(), H->getParent());
    Init.Trail = 1;
    Trail.push_back({II->getNormalDest(), 0});
    if (KillBlocks.contains(II->getNormalDest()))
      return false;
  } else {
    if (KillAfterAcquisition)
      return false;
    Init.BB = H->getParent();
    Init.Pred = nullptr;
    Init.Start = H->getNextNode();
    Trail.push_back({H->getParent(), -1});
  }
  // What the path knows when it reaches the acquisition: the direction of
  // every branch that must have been taken to get there.
  BasicBlock *AcqBB = H->getParent();
  if (DomTreeNode *N = DT->getNode(AcqBB))
    for (DomTreeNode *D = N->getIDom(); D && Init.Facts.size() < kMaxFacts;
         D = D->getIDom()) {
      auto *Br = dyn_cast<BranchInst>(D->getBlock()->getTerminator());
      if (!Br || !Br->isConditional() ||
          Br->getSuccessor(0) == Br->getSuccessor(1))
        continue;
      for (unsigned Succ = 0; Succ < 2; ++Succ)
        if (DT->dominates(BasicBlockEdge(D->getBlock(), Br->getSuccessor(Succ)),
                          AcqBB))
          Init.Facts.push_back({Br->getCondition(), Succ == 0});
    }

  SmallVector<State, 16> Work{Init};
  DenseSet<std::pair<const BasicBlock *, hash_code>> Visited;
  unsigned Steps = 0;
  auto Push = [&](State &S, BasicBlock *Succ) {
    if (KillBlocks.contains(Succ))
      return;
    State N = S;
    enter(N, Succ, S.BB);
    // Identical states are searched once (the order of facts and bindings
    // does not matter).
    SmallVector<std::pair<const void *, uintptr_t>, 8> Key;
    for (const Fact &Fa : N.Facts)
      Key.push_back({Fa.Cond, Fa.Truth});
    for (auto &[P, K] : N.Bindings)
      Key.push_back({P, reinterpret_cast<uintptr_t>(K)});
    llvm::sort(Key);
    hash_code Hash = hash_combine_range(Key.begin(), Key.end());
    if (!Visited.insert({Succ, Hash}).second)
      return;
    N.Trail = Trail.size();
    Trail.push_back({Succ, S.Trail});
    Work.push_back(std::move(N));
  };

  while (!Work.empty()) {
    if (++Steps > kMaxStates) {
      ++NumLeakSearchesGivenUp;
      LLVM_DEBUG(dbgs() << "bodysan-warn: search budget exhausted for "
                        << *C.Call << "\n");
      return false;
    }
    State S = Work.pop_back_val();
    for (Instruction *I = S.Start; I; I = I->getNextNode()) {
      if (I == H || Uses.contains(I))
        break;
      if (auto *CB = dyn_cast<CallBase>(I))
        if (doesNotReturn(*CB))
          break;
      if (!I->isTerminator())
        continue;
      if (isa<ReturnInst>(I)) {
        emit(C, returnLocation(S.Trail));
        return true;
      }
      if (auto *Br = dyn_cast<BranchInst>(I)) {
        if (Br->isUnconditional()) {
          Push(S, Br->getSuccessor(0));
          break;
        }
        Value *Cond = Br->getCondition();
        if (std::optional<bool> Known = decide(Cond, S)) {
          Push(S, Br->getSuccessor(*Known ? 0 : 1));
          break;
        }
        if (undecidable(Cond, H))
          break;
        for (unsigned Succ = 0; Succ < 2; ++Succ) {
          State Taken = S;
          if (Taken.Facts.size() >= kMaxFacts)
            Taken.Facts.erase(Taken.Facts.begin());
          Taken.Facts.push_back({Cond, Succ == 0});
          Push(Taken, Br->getSuccessor(Succ));
        }
        break;
      }
      if (auto *SI = dyn_cast<SwitchInst>(I)) {
        Value *Cond = SI->getCondition();
        if (undecidable(Cond, H))
          break;
        if (std::optional<APInt> V = evaluate(Cond, S, 0)) {
          Push(S, SI->findCaseValue(ConstantInt::get(Cond->getContext(), *V))
                      ->getCaseSuccessor());
          break;
        }
        // A value an earlier branch of the path looked at: the cases may
        // contradict it; not followed.
        bool Constrained = any_of(S.Facts, [&](const Fact &Fa) {
          auto *Cmp = dyn_cast<User>(Fa.Cond);
          return Fa.Cond == Cond ||
                 (Cmp && is_contained(Cmp->operands(), Cond));
        });
        if (Constrained)
          break;
        // The default edge is not followed: a switch over an enum that names
        // every value has one the program never takes.
        SmallPtrSet<BasicBlock *, 8> Done;
        for (auto &Case : SI->cases())
          if (Done.insert(Case.getCaseSuccessor()).second)
            Push(S, Case.getCaseSuccessor());
        break;
      }
      if (auto *II = dyn_cast<InvokeInst>(I)) {
        // Exception edges are no returns.
        Push(S, II->getNormalDest());
        break;
      }
      // unreachable, resume, indirectbr, callbr, EH pads: the path ends.
      break;
    }
  }
  return false;
}

void FunctionLeakSearch::emit(const Candidate &C, DILocation *RetLoc) {
  std::string What = C.Kind->Description;
  std::string Callee;
  if (Function *Fn = getDirectCallee(*C.Call))
    Callee = demangle(Fn->getName());
  std::string Msg = "BodySanitizer: " + What;
  if (!Callee.empty())
    Msg += " from '" + Callee + "'";
  Msg += " in '" + demangle(F.getName()) + "'";
  DILocation *AcqLoc = C.Call->getDebugLoc().get();
  if (AcqLoc && RetLoc && RetLoc->getLine() != 0) {
    std::string Where = "line " + std::to_string(RetLoc->getLine());
    if (RetLoc->getFilename() != AcqLoc->getFilename())
      Where = sys::path::filename(RetLoc->getFilename()).str() + ":" +
              std::to_string(RetLoc->getLine());
    Msg += " is not released on a path that returns at " + Where;
  } else {
    // Without debug info clang points at the function.
    Msg += " is not released on a path that returns (compile with -g for "
           "the lines)";
  }
  DiagnosticInfoOptimizationFailure D(kWarningName, "UnreleasedHandle",
                                      DiagnosticLocation(C.Call->getDebugLoc()),
                                      C.Call->getParent());
  D << Msg;
  F.getContext().diagnose(D);
  ++NumLeakWarnings;
}

} // namespace

unsigned warnUnreleasedHandles(Module &M, const KindTable &Kinds,
                               const HandleFlow &Flow) {
  unsigned Warnings = 0;
  for (Function &F : M) {
    if (F.isDeclaration() || F.getName().starts_with(kReservedPrefix) ||
        F.getName().starts_with(kThunkPrefix) ||
        F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) ||
        F.hasFnAttribute(Attribute::Naked) || F.isPresplitCoroutine())
      continue;
    // A kind function's own implementation is the API's business.
    if (Kinds.lookup(F.getName()))
      continue;
    SmallVector<Candidate, 4> Candidates;
    bool Unusual = false;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      // setjmp and musttail calls make paths the CFG does not show.
      if (CB->hasFnAttr(Attribute::ReturnsTwice) || CB->isMustTailCall() || isa<CallBrInst>(CB))
        Unusual = true;
      if (!CB->getType()->isPointerTy())
        continue;
      // Only the kinds' own acquire functions: a helper of this module that
      // returns a fresh handle (HandleFlow::freshKind) may succeed only for
      // some arguments (`make(bad)` that returns NULL when `bad`), and a path
      // through its success could be one that never happens.
      const KindFunction *KF = Kinds.lookup(*CB);
      const ResourceKind *Kind =
          KF && isResultAcquire(*KF->Spec) ? KF->Kind : nullptr;
      if (!Kind || Flow.trace(CB, 0).Captured)
        continue;
      Candidates.push_back({CB, Kind});
    }
    if (Candidates.empty() || Unusual)
      continue;

    FunctionLeakSearch Search(F, Kinds);
    Warnings += Search.run(Candidates);
  }
  return Warnings;
}

} // namespace bodysan
