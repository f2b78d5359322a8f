//===- HandleFlow.cpp - Where a resource handle goes inside a module -----===//
//
// A forward worklist over (value, level) pairs. It is written out instead of
// using llvm::PointerMayBeCaptured because the questions differ: comparing a
// handle with NULL, passing it to the kind's own functions and returning it are
// not captures here, and a store into a local slot is followed through the
// slot's loads (at PipelineStart every local lives in an alloca, at -O0 and
// -O2 alike).
//
//===----------------------------------------------------------------------===//
#include "HandleFlow.h"

#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/Debug.h"

#include <cstdlib>

#define DEBUG_TYPE "bodysan"

using namespace llvm;

namespace bodysan {

namespace {
/// A pointer into the handle's object at a non-zero offset: dereferencing it is
/// fine, anything else is a capture.
constexpr unsigned kInterior = HandleFlow::MaxLevel + 1;
/// Give up (and call it a capture) after following this many values.
constexpr unsigned kMaxTracked = 4096;
/// Rounds of the parameter fixpoint before giving up on it.
constexpr unsigned kMaxRounds = 32;
} // namespace

namespace {
/// S without spaces: demanglers and people space `char const *` differently.
std::string withoutSpaces(StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (char C : S)
    if (C != ' ')
      Out += C;
  return Out;
}
} // namespace

KindTable::KindTable(const std::vector<ResourceKind> &Kinds) {
  for (const ResourceKind &K : Kinds)
    for (const FunctionSpec &F : K.Functions) {
      // The first kind listing a generic function owns it; the site's kind
      // pointer is NULL for generic functions anyway.
      KindFunction KF{&K, &F};
      ByName.try_emplace(F.Name, KF);
      if (StringRef(F.Name).contains('('))
        BySignature.try_emplace(withoutSpaces(F.Name), KF);
      else if (!StringRef(F.Name).starts_with("_Z"))
        ByQualifiedName.try_emplace(F.Name, KF);
    }
}

const KindFunction *KindTable::lookup(StringRef Name) const {
  auto It = ByName.find(Name);
  if (It != ByName.end())
    return &It->second;
  // Itanium C++ names; everything else (C) matched exactly or not at all.
  if (!Name.starts_with("_Z") || (BySignature.empty() && ByQualifiedName.empty()))
    return nullptr;
  auto [Cached, New] = DemangledCache.try_emplace(Name, nullptr);
  if (New)
    Cached->second = lookupDemangled(Name);
  return Cached->second;
}

/// "ns::C::f<int, std::pair<a, b>>" -> "ns::C::f"; other names unchanged.
static std::string withoutTemplateArgs(StringRef Name) {
  if (!Name.ends_with(">") || Name.ends_with("operator>") ||
      Name.ends_with("operator>>"))
    return Name.str();
  int Depth = 0;
  for (size_t I = Name.size(); I-- > 0;) {
    if (Name[I] == '>')
      ++Depth;
    else if (Name[I] == '<' && --Depth == 0)
      return Name.take_front(I).str();
  }
  return Name.str();
}

const KindFunction *KindTable::lookupDemangled(StringRef Name) const {
  // The demangler's nodes point into the mangled string: keep it alive.
  std::string Mangled = Name.str();
  ItaniumPartialDemangler D;
  if (D.partialDemangle(Mangled.c_str()) || !D.isFunction())
    return nullptr;
  if (!BySignature.empty()) {
    size_t N = 0;
    if (char *Full = D.finishDemangle(nullptr, &N)) {
      auto It = BySignature.find(withoutSpaces(Full));
      std::free(Full);
      if (It != BySignature.end())
        return &It->second;
    }
  }
  if (!ByQualifiedName.empty()) {
    size_t N = 0;
    if (char *Qualified = D.getFunctionName(nullptr, &N)) {
      std::string Name = Qualified;
      std::free(Qualified);
      auto It = ByQualifiedName.find(Name);
      // A template's instantiations match its name without template
      // arguments too: "corp::Client::fetch" for fetch<corp::Body>.
      if (It == ByQualifiedName.end())
        It = ByQualifiedName.find(withoutTemplateArgs(Name));
      if (It != ByQualifiedName.end())
        return &It->second;
    }
  }
  return nullptr;
}

const KindFunction *KindTable::lookup(const CallBase &CB) const {
  if (const Function *F = getDirectCallee(CB))
    return lookup(F->getName());
  return nullptr;
}

Function *getDirectCallee(const CallBase &CB) {
  return dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
}

bool isLifetimeOnlyBlock(const BasicBlock &BB) {
  for (const Instruction &I : BB) {
    if (I.isTerminator())
      return isa<BranchInst>(I) && cast<BranchInst>(I).isUnconditional();
    auto *II = dyn_cast<IntrinsicInst>(&I);
    if (!II || !(II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II)))
      return false;
  }
  return false;
}

bool isFunnelReturnBlock(const BasicBlock &BB) {
  for (const Instruction &I : BB) {
    if (isa<ReturnInst>(I) || isa<PHINode>(I) || isa<LoadInst>(I) ||
        isa<DbgInfoIntrinsic>(I))
      continue;
    auto *II = dyn_cast<IntrinsicInst>(&I);
    if (!II || !II->isLifetimeStartOrEnd())
      return false;
  }
  return true;
}

HandleFlow::HandleFlow(Module &M, const KindTable &Kinds)
    : M(M), Kinds(Kinds) {}

bool HandleFlow::isAnalyzable(const Function &F) {
  return !F.isDeclaration() && !F.isInterposable() &&
         !F.getName().starts_with("__bodysan_");
}

HandleFlow::ParamSummary HandleFlow::paramSummary(const Function *F,
                                                  unsigned Arg,
                                                  unsigned Level) const {
  // Missing entries are the optimistic start of the fixpoint.
  return Params.lookup(ParamKey(F, Arg, Level));
}

TraceResult HandleFlow::trace(Value *Root, unsigned Level,
                              bool StopAtCapture) const {
  TraceResult R;
  SmallVector<std::pair<Value *, unsigned>, 16> Work;
  DenseSet<std::pair<Value *, unsigned>> Seen;
  // Stores of a level-L value through a pointer P that is not itself an
  // alloca: fine only if P turns out to be a traced slot address of level L+1.
  SmallVector<std::pair<Value *, unsigned>, 4> StoreTargets;

  auto Capture = [&](const Use &U, const char *Why) {
    LLVM_DEBUG(if (!R.Captured) dbgs()
               << "bodysan: " << *Root << " captured (" << Why << ") by "
               << *U.getUser() << "\n");
    (void)U;
    (void)Why;
    R.Captured = true;
  };
  auto Push = [&](Value *V, unsigned L) {
    if (Seen.insert({V, L}).second)
      Work.push_back({V, L});
  };

  auto VisitCall = [&](CallBase &CB, const Use &U, unsigned L) {
    if (CB.isCallee(&U) || !CB.isArgOperand(&U))
      return Capture(U, "callee or bundle operand");
    unsigned A = CB.getArgOperandNo(&U);
    if (auto *II = dyn_cast<IntrinsicInst>(&CB)) {
      switch (II->getIntrinsicID()) {
      case Intrinsic::lifetime_start:
      case Intrinsic::lifetime_end:
      case Intrinsic::dbg_declare:
      case Intrinsic::dbg_value:
      case Intrinsic::dbg_assign:
      case Intrinsic::objectsize:
      case Intrinsic::var_annotation:
        return;
      default:
        return Capture(U, "intrinsic");
      }
    }
    Function *F = getDirectCallee(CB);
    if (F) {
      if (const KindFunction *KF = Kinds.lookup(F->getName())) {
        if (L != 0)
          return Capture(U, "slot address passed to a kind function");
        // The library keeps what it receives as the handle (an async read, a
        // multi handle adding an easy handle); other arguments it only uses.
        if (KF->Spec->KeepsHandle &&
            (KF->Spec->HandleArg == static_cast<int>(A) ||
             KF->Spec->HandleArg < 0))
          return Capture(U, "kind function keeps the handle");
        if (KF->Spec->ResultArg == static_cast<int>(A))
          Push(&CB, 0);
        return;
      }
      if (isAnalyzable(*F) && A < F->arg_size() &&
          F->getFunctionType() == CB.getFunctionType()) {
        R.ParamFlows.push_back({F, A, L});
        ParamSummary S = paramSummary(F, A, L);
        if (S.Returns && L == 0)
          Push(&CB, 0);
        if (S.Captures)
          Capture(U, "in-module callee captures its parameter");
        return;
      }
    }
    // Code the pass cannot see: it may read the body unseen, and it keeps the
    // handle unless the parameter is nocapture.
    R.Handoffs.push_back({&CB, A, L});
    if (!(L == 0 && CB.doesNotCapture(A)))
      Capture(U, "passed to an unknown function");
  };

  Push(Root, Level);
  while (!Work.empty()) {
    if (Seen.size() > kMaxTracked) {
      R.Captured = true;
      break;
    }
    if (StopAtCapture && R.Captured) {
      R.Returned = true;
      return R;
    }
    auto [V, L] = Work.pop_back_val();
    for (Use &U : V->uses()) {
      auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I) {
        Capture(U, "non-instruction user");
        continue;
      }
      if (L == kInterior) {
        if (isa<LoadInst>(I) || isa<ICmpInst>(I) ||
            (isa<StoreInst>(I) && U.getOperandNo() == 1))
          continue;
        if (isa<GetElementPtrInst>(I) || isa<BitCastInst>(I) ||
            isa<AddrSpaceCastInst>(I)) {
          if (U.getOperandNo() == 0) {
            Push(I, kInterior);
            continue;
          }
        }
        Capture(U, "interior pointer use");
        continue;
      }
      switch (I->getOpcode()) {
      case Instruction::BitCast:
      case Instruction::AddrSpaceCast:
      case Instruction::Freeze:
      case Instruction::PHI:
        Push(I, L);
        break;
      case Instruction::Select:
        if (U.getOperandNo() == 0)
          Capture(U, "select condition");
        else
          Push(I, L);
        break;
      case Instruction::GetElementPtr: {
        auto *GEP = cast<GetElementPtrInst>(I);
        if (U.getOperandNo() != 0)
          Capture(U, "GEP index");
        else if (GEP->hasAllZeroIndices())
          Push(I, L);
        else if (L == 0)
          Push(I, kInterior);
        else
          Capture(U, "field of a local slot");
        break;
      }
      case Instruction::ICmp:
        // Comparing (with NULL or anything else) lets nothing keep the handle.
        break;
      case Instruction::Load:
        if (L == 0)
          break; // reads the object, not the handle
        if (I->getType()->isPointerTy())
          Push(I, L - 1);
        else
          Capture(U, "non-pointer load from a slot");
        break;
      case Instruction::Store: {
        auto *SI = cast<StoreInst>(I);
        if (U.getOperandNo() == StoreInst::getPointerOperandIndex())
          break; // writes into the object or overwrites the slot
        if (L + 1 > MaxLevel) {
          Capture(U, "too many indirections");
          break;
        }
        Value *Base = SI->getPointerOperand()->stripPointerCasts();
        if (isa<AllocaInst>(Base))
          Push(Base, L + 1);
        else
          StoreTargets.push_back({Base, L + 1});
        break;
      }
      case Instruction::Ret:
        if (L == 0)
          R.Returned = true;
        else
          Capture(U, "returns a slot address");
        break;
      case Instruction::Call:
      case Instruction::Invoke:
      case Instruction::CallBr:
        VisitCall(cast<CallBase>(*I), U, L);
        break;
      default:
        Capture(U, "other instruction");
        break;
      }
    }
  }
  for (auto [P, L] : StoreTargets)
    if (!Seen.contains({P, L})) {
      LLVM_DEBUG(dbgs() << "bodysan: " << *Root
                        << " captured (stored through an untraced pointer)\n");
      R.Captured = true;
    }
  return R;
}

void HandleFlow::computeSummaries() {
  std::vector<ParamKey> Keys;
  for (Function &F : M) {
    if (!isAnalyzable(F))
      continue;
    for (Argument &Arg : F.args())
      if (Arg.getType()->isPointerTy())
        for (unsigned L = 0; L <= MaxLevel; ++L)
          Keys.emplace_back(&F, Arg.getArgNo(), L);
  }

  // Parameters: optimistic fixpoint. Summaries only ever flip from "no
  // capture" to "captures" (and from "not returned" to "returned").
  bool Changed = true;
  unsigned Round = 0;
  for (; Changed && Round < kMaxRounds; ++Round) {
    Changed = false;
    for (const ParamKey &Key : Keys) {
      auto [F, ArgNo, L] = Key;
      TraceResult T = trace(const_cast<Function *>(F)->getArg(ArgNo), L,
                            /*StopAtCapture=*/true);
      ParamSummary Old = paramSummary(F, ArgNo, L);
      ParamSummary New{Old.Captures || T.Captured, Old.Returns || T.Returned};
      if (New.Captures != Old.Captures || New.Returns != Old.Returns) {
        Params[Key] = New;
        Changed = true;
      }
    }
  }
  if (Changed) // did not converge: assume the worst everywhere
    for (const ParamKey &Key : Keys)
      Params[Key] = ParamSummary{true, true};

  // Fresh handles: pessimistic fixpoint over the already-proven functions.
  Changed = true;
  while (Changed) {
    Changed = false;
    for (Function &F : M) {
      if (Fresh.count(&F))
        continue;
      if (const ResourceKind *K = computeFresh(F)) {
        Fresh[&F] = K;
        Changed = true;
        LLVM_DEBUG(dbgs() << "bodysan: " << F.getName() << " returns a fresh "
                          << K->Name << "\n");
      }
    }
  }
}

bool HandleFlow::isFreshValue(Value *V, const ResourceKind *&Kind,
                              SmallVectorImpl<CallBase *> &Sources,
                              DenseSet<Value *> &Visited) const {
  if (!Visited.insert(V).second)
    return true; // a cycle through phis adds nothing
  auto Merge = [&](const ResourceKind *K) {
    if (Kind && Kind != K)
      return false;
    Kind = K;
    return true;
  };
  if (isa<ConstantPointerNull>(V))
    return true;
  if (isa<BitCastInst>(V) || isa<AddrSpaceCastInst>(V) || isa<FreezeInst>(V))
    return isFreshValue(cast<Instruction>(V)->getOperand(0), Kind, Sources,
                        Visited);
  if (auto *GEP = dyn_cast<GetElementPtrInst>(V))
    return GEP->hasAllZeroIndices() &&
           isFreshValue(GEP->getPointerOperand(), Kind, Sources, Visited);
  if (auto *PN = dyn_cast<PHINode>(V)) {
    for (Value *In : PN->incoming_values())
      if (!isFreshValue(In, Kind, Sources, Visited))
        return false;
    return true;
  }
  if (auto *SI = dyn_cast<SelectInst>(V))
    return isFreshValue(SI->getTrueValue(), Kind, Sources, Visited) &&
           isFreshValue(SI->getFalseValue(), Kind, Sources, Visited);
  if (auto *CB = dyn_cast<CallBase>(V)) {
    if (const KindFunction *KF = Kinds.lookup(*CB)) {
      const FunctionSpec &S = *KF->Spec;
      if (S.Role == FunctionRole::Acquire && S.HandleArg == kHandleIsResult &&
          S.Success == AcquireSuccess::NonNullResult && !S.Generic) {
        Sources.push_back(CB);
        return Merge(KF->Kind);
      }
      if (S.Role == FunctionRole::Passthrough && S.ResultArg >= 0 &&
          static_cast<unsigned>(S.ResultArg) < CB->arg_size())
        return isFreshValue(CB->getArgOperand(S.ResultArg), Kind, Sources,
                            Visited);
      return false;
    }
    if (Function *F = getDirectCallee(*CB))
      if (const ResourceKind *K = Fresh.lookup(F)) {
        Sources.push_back(CB);
        return Merge(K);
      }
    return false;
  }
  if (auto *LI = dyn_cast<LoadInst>(V)) {
    // A local slot (the -O0 `retval` or a variable) whose address is used only
    // to load and store, every stored value being fresh.
    auto *Slot = dyn_cast<AllocaInst>(LI->getPointerOperand());
    if (!Slot)
      return false;
    for (Use &U : Slot->uses()) {
      auto *I = dyn_cast<Instruction>(U.getUser());
      if (!I)
        return false;
      if (isa<LoadInst>(I))
        continue;
      if (auto *St = dyn_cast<StoreInst>(I)) {
        if (U.getOperandNo() != StoreInst::getPointerOperandIndex())
          return false;
        if (!isFreshValue(St->getValueOperand(), Kind, Sources, Visited))
          return false;
        continue;
      }
      if (auto *II = dyn_cast<IntrinsicInst>(I))
        if (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II))
          continue;
      return false;
    }
    return true;
  }
  return false;
}

const ResourceKind *HandleFlow::computeFresh(Function &F) const {
  if (!isAnalyzable(F) || !F.getReturnType()->isPointerTy())
    return nullptr;
  const ResourceKind *Kind = nullptr;
  SmallVector<CallBase *, 4> Sources;
  DenseSet<Value *> Visited;
  for (BasicBlock &BB : F) {
    auto *RI = dyn_cast<ReturnInst>(BB.getTerminator());
    if (!RI)
      continue;
    Value *RV = RI->getReturnValue();
    if (!RV || !isFreshValue(RV, Kind, Sources, Visited))
      return nullptr;
  }
  if (!Kind || Sources.empty())
    return nullptr;
  // Every handle that may be returned must have no other way out.
  for (CallBase *CB : Sources)
    if (trace(CB, 0).Captured)
      return nullptr;
  return Kind;
}

} // namespace bodysan
