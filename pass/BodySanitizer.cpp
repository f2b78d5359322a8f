//===- BodySanitizer.cpp - Instrument resource handles for BodySanitizer --===//
//
// BodySanitizer finds response bodies (and similar handles) that a program
// acquires but never closes, or closes before reading them to the end. This
// pass is its compile-time half. For every call to a function of a resource
// kind (ResourceKinds.cpp) it emits a call to the runtime: after acquires,
// reads and retains, before releases, unrefs and asynchronous read requests.
// Each hooked call gets a constant site descriptor (kind, callee, enclosing
// function, source location, EOF rule).
//
// When HandleFlow proves that an acquired handle stays local to its function,
// the acquire is reported as `__bodysan_acquire_local` and the function gets
// `__bodysan_scope_enter` at entry and `__bodysan_scope_exit` at every exit,
// including exception exits, so that the runtime can report a handle still
// open when its function returns. Handles passed to code the pass cannot see
// get `__bodysan_handoff`: that code may read them to the end unseen.
//
// The pass runs at PipelineStart, before inlining, so scopes are the source's
// functions at every optimization level.
//
//===----------------------------------------------------------------------===//
#include "BodySanitizer.h"
#include "HandleFlow.h"
#include "LeakWarning.h"
#include "ResourceKinds.h"

#include "bodysan/bodysan_abi.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"
#include "llvm/Transforms/Instrumentation.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/EscapeEnumerator.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <dlfcn.h>

using namespace llvm;
using namespace bodysan;

#define DEBUG_TYPE "bodysan"

// Runtime entry points (include/bodysan/bodysan_abi.h).
static const char kBodysanModuleCtorName[] = "bodysan.module_ctor";
static const char kBodysanInitName[] = "__bodysan_init";
static const char kBodysanVersionCheckName[] = BODYSAN_VERSION_CHECK_NAME;
static const char kBodysanAcquireName[] = "__bodysan_acquire";
static const char kBodysanAcquireLocalName[] = "__bodysan_acquire_local";
static const char kBodysanAdoptLocalName[] = "__bodysan_adopt_local";
static const char kBodysanReadName[] = "__bodysan_read";
static const char kBodysanReadRequestName[] = "__bodysan_read_request";
static const char kBodysanReleaseName[] = "__bodysan_release";
static const char kBodysanRetainName[] = "__bodysan_retain";
static const char kBodysanUnrefName[] = "__bodysan_unref";
static const char kBodysanHandoffName[] = "__bodysan_handoff";
static const char kBodysanSetParentName[] = "__bodysan_set_parent";
static const char kBodysanDetachName[] = "__bodysan_detach";
static const char kBodysanDestroyName[] = "__bodysan_destroy";
static const char kBodysanCloseChildrenName[] = "__bodysan_close_children";
static const char kBodysanCompletionName[] = "__bodysan_completion";
static const char kBodysanRequestStartName[] = "__bodysan_request_start";
static const char kBodysanRequestEndName[] = "__bodysan_request_end";
static const char kBodysanReleaseResultName[] = "__bodysan_release_result";
static const char kBodysanTransfersRunningName[] =
    "__bodysan_transfers_running";
static const char kBodysanScopeEnterName[] = "__bodysan_scope_enter";
static const char kBodysanScopeExitName[] = "__bodysan_scope_exit";
static const char kBodysanSiteName[] = "__bodysan_site";
static const char kBodysanKindName[] = "__bodysan_kind";
static const char kBodysanExemptionsName[] = "__bodysan_exemptions";
static const char kBodysanStopValuesName[] = "__bodysan_stop_values";
static const char kBodysanCompletionLayoutName[] = "__bodysan_completion_layout";
static const char kBodysanStringName[] = "__bodysan_str";
static const char kBodysanReservedPrefix[] = "__bodysan_";
// Private thunks that stand for kind functions whose address is taken.
static const char kBodysanThunkPrefix[] = "bodysan.fnptr.";
// Marks an instrumented module so that a second run (the ThinLTO backend, a
// repeated -passes=bodysan) adds nothing.
static const char kBodysanInstrumentedMD[] = "bodysan.instrumented";
// Runs before other constructors, as ASan's; __bodysan_init is idempotent.
static const int kBodysanCtorPriority = 1;

static cl::opt<bool> ClScopeChecks(
    "bodysan-scope-checks", cl::init(true), cl::Hidden,
    cl::desc("Check handles that stay local to a function when it returns "
             "or unwinds (otherwise only at exit)"));

static cl::opt<bool> ClWarn(
    "bodysan-warn", cl::init(false),
    cl::desc("Warn at compile time when a handle that stays local to its "
             "function can reach a return unreleased (docs/CompileWarning.md)"));

STATISTIC(NumAcquireSites, "Number of acquire sites instrumented");
STATISTIC(NumLocalAcquireSites,
          "Number of acquire sites whose handle stays local");
STATISTIC(NumAdoptSites, "Number of calls to fresh-handle functions adopted");
STATISTIC(NumReadSites, "Number of read sites instrumented");
STATISTIC(NumReleaseSites, "Number of release and unref sites instrumented");
STATISTIC(NumRetainSites, "Number of retain sites instrumented");
STATISTIC(NumHandoffSites, "Number of handoffs to unseen code instrumented");
STATISTIC(NumScopedFunctions, "Number of functions given scope checks");

namespace {

/// A spec names an argument its function does not have (a warning: the calls
/// are left uninstrumented rather than guessed at).
class SpecArgumentWarning : public DiagnosticInfo {
public:
  explicit SpecArgumentWarning(std::string Msg)
      : DiagnosticInfo(kind(), DS_Warning), Msg(std::move(Msg)) {}
  void print(DiagnosticPrinter &DP) const override { DP << Msg; }

private:
  static int kind() {
    static const int K = getNextAvailablePluginDiagnosticKind();
    return K;
  }
  std::string Msg;
};

/// The highest argument index S uses, or -1.
int highestArgument(const FunctionSpec &S) {
  return std::max({S.HandleArg, S.CountArg, S.OutArg, S.ResultArg,
                   S.ParentArg, -1});
}

/// A hooked call and what is known about it.
struct KindCall {
  CallBase *Call;
  const KindFunction *KF;
};

class ModuleBodySanitizer {
public:
  explicit ModuleBodySanitizer(Module &M)
      : M(M), Ctx(M.getContext()), Kinds(resourceKinds(Ctx)),
        Flow(M, Kinds) {}

  bool instrument();

private:
  void initializeTypesAndCallbacks();
  void analyze();
  TraceResult
  traceRoot(Value *Root, unsigned Level,
            SmallVectorImpl<std::tuple<Function *, unsigned, unsigned>>
                &PendingParams);

  bool shouldInstrument(const Function &F) const;
  void createThunks();

  void instrumentKindCall(const KindCall &KC);
  void instrumentAdopt(CallBase *CB, const ResourceKind &K);
  void instrumentHandoff(CallBase *CB, unsigned Arg, unsigned Level);
  void instrumentScope(Function &F);
  void insertModuleCtor();

  Instruction *insertionPointAfter(CallBase *CB);
  Value *asHandle(IRBuilder<> &IRB, Value *V);
  Value *asInt64(IRBuilder<> &IRB, Value *V, bool Signed);

  Constant *getString(StringRef S);
  Constant *getExemptions(const ResourceKind *K);
  Constant *getStopValues(const FunctionSpec &Spec);
  void instrumentAcquireParent(const FunctionSpec &S, Instruction *AfterHook,
                               Value *H, Value *Site);
  Value *parentBeforeCall(CallBase *CB, const FunctionSpec &S);
  Value *succeeded(IRBuilder<> &IRB, CallBase *CB, AcquireSuccess Rule);
  Constant *nullPtr() {
    return ConstantPointerNull::get(cast<PointerType>(PtrTy));
  }
  void instrumentRequest(CallBase *CB, Value *Parent, Value *Site,
                         Instruction *After, Value *Started);
  Constant *getStringOrNull(StringRef S) {
    return S.empty() ? nullPtr()
                     : getString(S);
  }
  Constant *getKind(const ResourceKind *K);
  Value *returnSite(Function &F, ReturnInst *RI);
  Value *exitSiteAt(Function &F, BasicBlock &BB, DILocation *Fallback,
                    unsigned Depth);
  Constant *makeSite(const ResourceKind *K, const Function *Callee,
                     const Function &Parent, const DILocation *Loc,
                     uint32_t Role, const FunctionSpec *Spec = nullptr);

  Module &M;
  LLVMContext &Ctx;
  KindTable Kinds;
  HandleFlow Flow;

  Type *PtrTy = nullptr;
  IntegerType *Int32Ty = nullptr;
  IntegerType *Int64Ty = nullptr;
  IntegerType *IntptrTy = nullptr;
  StructType *KindTy = nullptr;
  StructType *ExemptionTy = nullptr;
  StructType *SiteTy = nullptr;

  FunctionCallee AcquireFn, AcquireLocalFn, AdoptLocalFn, ReadFn, ReadRequestFn,
      ReleaseFn, RetainFn, UnrefFn, HandoffFn, ScopeEnterFn, ScopeExitFn,
      SetParentFn, DetachFn, DestroyFn, CloseChildrenFn, CompletionFn,
      RequestStartFn, RequestEndFn, ReleaseResultFn, TransfersRunningFn;

  // Analysis results.
  SmallVector<KindCall, 32> KindCalls;
  MapVector<CallBase *, const ResourceKind *> FreshCalls;
  DenseSet<CallBase *> LocalAcquires;
  SmallVector<CallBase *, 8> LocalAdopts;
  SetVector<std::tuple<CallBase *, unsigned, unsigned>> Handoffs;
  DenseSet<std::tuple<Function *, unsigned, unsigned>> TracedParams;
  SetVector<Function *> ScopedFunctions;
  SmallVector<Function *, 4> Thunks;
  StringSet<> WarnedCallees;

  StringMap<Constant *> Strings;
  DenseMap<const ResourceKind *, Constant *> KindGlobals;
  DenseMap<CallBase *, Instruction *> AfterPoints;
};

} // namespace

bool ModuleBodySanitizer::shouldInstrument(const Function &F) const {
  return !F.isDeclaration() &&
         !F.getName().starts_with(kBodysanReservedPrefix) &&
         !F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) &&
         !F.hasFnAttribute(Attribute::Naked);
}

// Inside the body of a kind function with a hook (a spec'd API defined in
// this module: its own implementation), calls to functions of the same kind
// are the API's business: nb_shutdown calling nb_close, an ops_ref calling
// the real ref, would count the same event twice. Calls to other kinds (the
// libcurl handle a company wrapper uses) are instrumented as anywhere else.
static bool isOwnImplementationCall(const KindTable &Kinds, const Function &F,
                                    const KindFunction &Callee) {
  const KindFunction *Self = Kinds.lookup(F.getName());
  return Self && Self->Kind == Callee.Kind &&
         Self->Spec->Role != FunctionRole::Observe &&
         Self->Spec->Role != FunctionRole::Passthrough;
}

void ModuleBodySanitizer::initializeTypesAndCallbacks() {
  const DataLayout &DL = M.getDataLayout();
  PtrTy = PointerType::getUnqual(Ctx);
  Int32Ty = Type::getInt32Ty(Ctx);
  Int64Ty = Type::getInt64Ty(Ctx);
  IntptrTy = DL.getIntPtrType(Ctx);
  // struct __bodysan_kind
  KindTy = StructType::get(Ctx, {Int32Ty, Int32Ty, PtrTy, PtrTy, PtrTy, PtrTy,
                                PtrTy, PtrTy, Int32Ty, Int32Ty, PtrTy, Int64Ty,
                                Int64Ty});
  ExemptionTy = StructType::get(Ctx, {PtrTy, PtrTy, Int64Ty});
  // struct __bodysan_site
  SiteTy = StructType::get(Ctx, {PtrTy, PtrTy, PtrTy, PtrTy, Int32Ty, Int32Ty,
                                 Int32Ty, Int32Ty, Int64Ty, Int32Ty, Int32Ty,
                                 PtrTy, PtrTy, Int32Ty, Int32Ty, PtrTy});

  // Every hook is nounwind: EscapeEnumerator then leaves them calls, and they
  // never need landing pads.
  AttributeList Attr = AttributeList().addFnAttribute(Ctx, Attribute::NoUnwind);
  Type *VoidTy = Type::getVoidTy(Ctx);
  auto Hook2 = [&](const char *Name) {
    return M.getOrInsertFunction(Name, Attr, VoidTy, PtrTy, PtrTy);
  };
  AcquireFn = Hook2(kBodysanAcquireName);
  AcquireLocalFn = Hook2(kBodysanAcquireLocalName);
  AdoptLocalFn = Hook2(kBodysanAdoptLocalName);
  ReleaseFn = Hook2(kBodysanReleaseName);
  RetainFn = Hook2(kBodysanRetainName);
  UnrefFn = Hook2(kBodysanUnrefName);
  HandoffFn = Hook2(kBodysanHandoffName);
  DestroyFn = Hook2(kBodysanDestroyName);
  CloseChildrenFn = Hook2(kBodysanCloseChildrenName);
  CompletionFn = Hook2(kBodysanCompletionName);
  RequestStartFn = Hook2(kBodysanRequestStartName);
  RequestEndFn = M.getOrInsertFunction(kBodysanRequestEndName, Attr, VoidTy,
                                       PtrTy, Int32Ty, PtrTy);
  ReleaseResultFn = M.getOrInsertFunction(kBodysanReleaseResultName, Attr,
                                          VoidTy, PtrTy, Int64Ty, PtrTy);
  TransfersRunningFn = M.getOrInsertFunction(
      kBodysanTransfersRunningName, Attr, VoidTy, PtrTy, Int64Ty, PtrTy);
  SetParentFn = M.getOrInsertFunction(kBodysanSetParentName, Attr, VoidTy,
                                      PtrTy, PtrTy, PtrTy);
  DetachFn = M.getOrInsertFunction(kBodysanDetachName, Attr, VoidTy, PtrTy,
                                   PtrTy, PtrTy);
  ReadFn = M.getOrInsertFunction(kBodysanReadName, Attr, VoidTy, PtrTy, PtrTy,
                                 Int64Ty, Int64Ty, PtrTy);
  ReadRequestFn = M.getOrInsertFunction(kBodysanReadRequestName, Attr, VoidTy,
                                        PtrTy, PtrTy, Int64Ty);
  ScopeEnterFn = M.getOrInsertFunction(kBodysanScopeEnterName, Attr, IntptrTy);
  ScopeExitFn = M.getOrInsertFunction(kBodysanScopeExitName, Attr, VoidTy,
                                      IntptrTy, PtrTy, PtrTy);
}

//===----------------------------------------------------------------------===//
// Analysis: which acquisitions stay local, where handles are handed off.
//===----------------------------------------------------------------------===//

/// Traces Root, records where it is handed off, and queues the parameters of
/// in-module callees it flows into (their handoffs are instrumented too).
TraceResult ModuleBodySanitizer::traceRoot(
    Value *Root, unsigned Level,
    SmallVectorImpl<std::tuple<Function *, unsigned, unsigned>>
        &PendingParams) {
  TraceResult T = Flow.trace(Root, Level);
  for (auto &H : T.Handoffs)
    if (std::get<2>(H) <= 1 && shouldInstrument(*std::get<0>(H)->getFunction()))
      Handoffs.insert(H);
  for (auto &P : T.ParamFlows)
    if (TracedParams.insert(P).second)
      PendingParams.push_back(P);
  return T;
}

void ModuleBodySanitizer::analyze() {
  Flow.computeSummaries();
  SmallVector<std::tuple<Function *, unsigned, unsigned>, 16> PendingParams;

  for (Function &F : M) {
    if (!shouldInstrument(F))
      continue;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      // A kind function's own role decides (a spec-declared wrapper defined
      // in this module may return a fresh handle of an inner kind).
      if (Kinds.lookup(*CB))
        continue;
      if (Function *Callee = getDirectCallee(*CB))
        if (const ResourceKind *K = Flow.freshKind(Callee))
          FreshCalls[CB] = K;
    }
  }

  for (const KindCall &KC : KindCalls) {
    const FunctionSpec &S = *KC.KF->Spec;
    CallBase *CB = KC.Call;
    if (S.Role == FunctionRole::Acquire && S.HandleArg == kHandleIsResult &&
        !S.Generic) {
      // A thunk returns what it acquires to a caller the pass cannot see.
      if (CB->getFunction()->getName().starts_with(kBodysanThunkPrefix))
        continue;
      TraceResult T = traceRoot(CB, 0, PendingParams);
      if (ClScopeChecks && !T.Captured && !CB->isMustTailCall()) {
        LocalAcquires.insert(CB);
        ScopedFunctions.insert(CB->getFunction());
      }
      continue;
    }
    // The handle argument of any other kind call is a handle: follow it to
    // find handoffs (a loaded local is followed from its slot).
    if (S.Generic || S.HandleArg < 0 || S.HandleThroughArg ||
        static_cast<unsigned>(S.HandleArg) >= CB->arg_size())
      continue;
    Value *H = CB->getArgOperand(S.HandleArg)->stripPointerCasts();
    if (auto *LI = dyn_cast<LoadInst>(H))
      if (auto *Slot = dyn_cast<AllocaInst>(
              LI->getPointerOperand()->stripPointerCasts())) {
        traceRoot(Slot, 1, PendingParams);
        continue;
      }
    if (isa<Instruction>(H) || isa<Argument>(H))
      traceRoot(H, 0, PendingParams);
  }

  for (auto &[CB, K] : FreshCalls) {
    TraceResult T = traceRoot(CB, 0, PendingParams);
    if (ClScopeChecks && !T.Captured && !CB->isMustTailCall()) {
      LocalAdopts.push_back(CB);
      ScopedFunctions.insert(CB->getFunction());
    }
  }

  // Parameters of in-module helpers that receive handles: their handoffs too.
  while (!PendingParams.empty()) {
    auto [F, Arg, Level] = PendingParams.pop_back_val();
    traceRoot(F->getArg(Arg), Level, PendingParams);
  }

  // A function containing a musttail call cannot get code between that call
  // and its `ret`; the `ret` of a coroutine not yet split runs at its first
  // suspension, not at its end. Leave their handles to the exit-time check.
  for (Function *F : ScopedFunctions.takeVector()) {
    bool NoScope = F->isPresplitCoroutine() ||
                   any_of(instructions(*F), [](Instruction &I) {
                     auto *CI = dyn_cast<CallInst>(&I);
                     return CI && CI->isMustTailCall();
                   });
    if (!NoScope) {
      ScopedFunctions.insert(F);
      continue;
    }
    for (Instruction &I : instructions(*F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        LocalAcquires.erase(CB);
    erase_if(LocalAdopts, [F](CallBase *CB) { return CB->getFunction() == F; });
  }
}

//===----------------------------------------------------------------------===//
// Site descriptors.
//===----------------------------------------------------------------------===//

Constant *ModuleBodySanitizer::getString(StringRef S) {
  Constant *&Slot = Strings[S];
  if (!Slot) {
    Constant *Init = ConstantDataArray::getString(Ctx, S, /*AddNull=*/true);
    auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, Init,
                                  kBodysanStringName);
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(1));
    Slot = GV;
  }
  return Slot;
}

// The kind's exemption rules, as a private constant array (or null).
Constant *ModuleBodySanitizer::getExemptions(const ResourceKind *K) {
  if (K->Exemptions.empty())
    return nullPtr();
  SmallVector<Constant *, 4> Rules;
  for (const ResourceKind::Exemption &E : K->Exemptions)
    Rules.push_back(ConstantStruct::get(
        ExemptionTy, {getString(E.Property), getString(E.Getter),
                      ConstantInt::get(Int64Ty, E.Value)}));
  auto *ArrTy = ArrayType::get(ExemptionTy, Rules.size());
  auto *GV = new GlobalVariable(M, ArrTy, /*isConstant=*/true,
                                GlobalValue::PrivateLinkage,
                                ConstantArray::get(ArrTy, Rules),
                                kBodysanExemptionsName);
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(8));
  return GV;
}

// A transfer function's stop values, as a private constant array (or null).
Constant *ModuleBodySanitizer::getStopValues(const FunctionSpec &Spec) {
  if (Spec.StopValues.empty())
    return nullPtr();
  auto *Init = ConstantDataArray::get(Ctx, ArrayRef<uint64_t>(
                                               reinterpret_cast<const uint64_t *>(
                                                   Spec.StopValues.data()),
                                               Spec.StopValues.size()));
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init,
                                kBodysanStopValuesName);
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(8));
  return GV;
}

Constant *ModuleBodySanitizer::getKind(const ResourceKind *K) {
  if (!K)
    return nullPtr();
  Constant *&Slot = KindGlobals[K];
  if (!Slot) {
    Constant *Init = ConstantStruct::get(
        KindTy, {ConstantInt::get(Int32Ty, BODYSAN_ABI_VERSION),
                 ConstantInt::get(Int32Ty, K->Flags), getString(K->Name),
                 getString(K->Description), getString(K->UnclosedConsequence),
                 getString(K->UndrainedConsequence),
                 getStringOrNull(K->EofSignal), getExemptions(K),
                 ConstantInt::get(Int32Ty, K->Exemptions.size()),
                 ConstantInt::get(Int32Ty, 0), getStringOrNull(K->ProgressFn),
                 ConstantInt::get(Int64Ty, K->ProgressReceived),
                 ConstantInt::get(Int64Ty, K->ProgressTotal)});
    auto *GV =
        new GlobalVariable(M, KindTy, /*isConstant=*/true,
                           GlobalValue::PrivateLinkage, Init, kBodysanKindName);
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(8));
    Slot = GV;
  }
  return Slot;
}

Constant *ModuleBodySanitizer::makeSite(const ResourceKind *K,
                                        const Function *Callee,
                                        const Function &Parent,
                                        const DILocation *Loc, uint32_t Role,
                                        const FunctionSpec *Spec) {
  Constant *Null = nullPtr();
  Constant *File = Null;
  uint32_t Line = 0, Column = 0;
  // Paths as the symbolized stack frames show them: absolute when the
  // compilation directory is known (strip_path_prefix shortens both).
  auto FullPath = [this](const DIScope *S) {
    StringRef Name = S->getFilename(), Dir = S->getDirectory();
    if (Dir.empty() || sys::path::is_absolute(Name))
      return getString(Name);
    SmallString<256> Path(Dir);
    sys::path::append(Path, Name);
    return getString(Path);
  };
  if (Loc) {
    File = FullPath(Loc->getScope());
    Line = Loc->getLine();
    Column = Loc->getColumn();
  } else if (const DISubprogram *SP = Parent.getSubprogram()) {
    File = FullPath(SP);
    Line = SP->getLine();
  }
  uint32_t EofRule = 0, HasCount = 0, NumStopValues = 0;
  int64_t EofValue = 0;
  Constant *SizeFn = Null, *StopValues = Null, *Completion = Null;
  if (Spec && Spec->Role == FunctionRole::Completion) {
    EofValue = Spec->EofValue;
    StopValues = getStopValues(*Spec);
    NumStopValues = Spec->StopValues.size();
    const FunctionSpec::CompletionMessage &Msg = Spec->Message;
    auto *LayoutTy = StructType::get(Ctx, {Int32Ty, Int32Ty, Int32Ty, Int32Ty});
    auto *GV = new GlobalVariable(
        M, LayoutTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
        ConstantStruct::get(
            LayoutTy, {ConstantInt::get(Int32Ty, Msg.StatusOffset),
                       ConstantInt::get(Int32Ty, Msg.DoneValue, /*Signed=*/true),
                       ConstantInt::get(Int32Ty, Msg.HandleOffset),
                       ConstantInt::get(Int32Ty, Msg.ResultOffset)}),
        kBodysanCompletionLayoutName);
    GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    GV->setAlignment(Align(4));
    Completion = GV;
  }
  if (Spec && Spec->Role == FunctionRole::Read) {
    EofRule = Spec->EofRule;
    EofValue = Spec->EofValue;
    HasCount = Spec->CountArg >= 0;
    if (!Spec->SizeFn.empty())
      SizeFn = getString(Spec->SizeFn);
    if (EofRule == BODYSAN_EOF_TRANSFER) {
      StopValues = getStopValues(*Spec);
      NumStopValues = Spec->StopValues.size();
    }
  }
  // A thunk's call happens wherever the function pointer was called.
  std::string FunctionName = demangle(Parent.getName());
  if (Parent.getName().starts_with(kBodysanThunkPrefix) && Callee)
    FunctionName =
        "(" + demangle(Callee->getName()) + " called through a pointer)";
  Constant *Init = ConstantStruct::get(
      SiteTy,
      {getKind(K), Callee ? getString(demangle(Callee->getName())) : Null,
       getString(FunctionName), File,
       ConstantInt::get(Int32Ty, Line), ConstantInt::get(Int32Ty, Column),
       ConstantInt::get(Int32Ty, Role), ConstantInt::get(Int32Ty, EofRule),
       ConstantInt::get(Int64Ty, EofValue), ConstantInt::get(Int32Ty, HasCount),
       ConstantInt::get(Int32Ty, 0), SizeFn, StopValues,
       ConstantInt::get(Int32Ty, NumStopValues), ConstantInt::get(Int32Ty, 0),
       Completion});
  auto *GV =
      new GlobalVariable(M, SiteTy, /*isConstant=*/true,
                         GlobalValue::PrivateLinkage, Init, kBodysanSiteName);
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(8));
  return GV;
}

//===----------------------------------------------------------------------===//
// Instrumentation.
//===----------------------------------------------------------------------===//

Instruction *ModuleBodySanitizer::insertionPointAfter(CallBase *CB) {
  auto It = AfterPoints.find(CB);
  if (It != AfterPoints.end())
    return It->second;
  Instruction *IP = nullptr;
  if (auto *II = dyn_cast<InvokeInst>(CB)) {
    // The result exists only on the normal edge: hook at its start, on an
    // edge of its own if the destination has other predecessors.
    BasicBlock *Dest = II->getNormalDest();
    if (!Dest->getSinglePredecessor())
      Dest = SplitEdge(II->getParent(), Dest);
    IP = &*Dest->getFirstInsertionPt();
  } else if (isa<CallInst>(CB) && !CB->isMustTailCall()) {
    IP = CB->getNextNode();
  }
  AfterPoints[CB] = IP;
  return IP;
}

Value *ModuleBodySanitizer::asHandle(IRBuilder<> &IRB, Value *V) {
  Type *T = V->getType();
  if (T->isPointerTy())
    return T == PtrTy ? V : IRB.CreateAddrSpaceCast(V, PtrTy);
  if (T->isIntegerTy())
    return IRB.CreateIntToPtr(V, PtrTy);
  return nullptr;
}

Value *ModuleBodySanitizer::asInt64(IRBuilder<> &IRB, Value *V, bool Signed) {
  Type *T = V->getType();
  if (T->isPointerTy())
    return IRB.CreatePtrToInt(V, Int64Ty);
  if (T->isIntegerTy())
    return IRB.CreateIntCast(V, Int64Ty, Signed);
  return ConstantInt::get(Int64Ty, 0);
}

static DILocation *locationOf(const Instruction *I) {
  return I->getDebugLoc().get();
}

void ModuleBodySanitizer::instrumentKindCall(const KindCall &KC) {
  CallBase *CB = KC.Call;
  const FunctionSpec &S = *KC.KF->Spec;
  const ResourceKind *K = S.Generic ? nullptr : KC.KF->Kind;
  Function &Parent = *CB->getFunction();
  Function *Callee = getDirectCallee(*CB);
  auto Arg = [&](int Index) -> Value * {
    if (Index < 0 || static_cast<unsigned>(Index) >= CB->arg_size())
      return nullptr;
    return CB->getArgOperand(Index);
  };
  auto Site = [&](uint32_t Role) {
    return makeSite(K, Callee, Parent, locationOf(CB), Role, &S);
  };
  // Hooks carry the location of the call they watch.
  auto AtCall = [&](IRBuilder<> &IRB) {
    if (CB->getDebugLoc())
      IRB.SetCurrentDebugLocation(CB->getDebugLoc());
  };

  switch (S.Role) {
  case FunctionRole::Acquire: {
    Instruction *IP = insertionPointAfter(CB);
    if (!IP)
      return;
    InstrumentationIRBuilder IRB(IP);
    AtCall(IRB);
    Value *H = nullptr;
    if (S.HandleArg == kHandleIsResult) {
      H = asHandle(IRB, CB);
    } else if (S.HandleThroughArg) {
      // An out-parameter: after a successful call, the pointer it holds
      // (read only when the call succeeded and the argument is not NULL).
      Value *Out = Arg(S.HandleArg);
      if (!Out || !Out->getType()->isPointerTy())
        return;
      Value *Ok = IRB.CreateIsNotNull(Out);
      if (Value *Done = succeeded(IRB, CB, AcquireSuccess::ZeroResult))
        Ok = IRB.CreateAnd(Ok, Done);
      BasicBlock *Head = IP->getParent();
      Instruction *Then = SplitBlockAndInsertIfThen(Ok, IP, false);
      InstrumentationIRBuilder ThenIRB(Then);
      AtCall(ThenIRB);
      Value *Loaded = ThenIRB.CreateLoad(PtrTy, Out, "bodysan.out");
      IRB.SetInsertPoint(IP);
      AtCall(IRB);
      PHINode *PN = IRB.CreatePHI(PtrTy, 2, "bodysan.handle");
      PN->addIncoming(Loaded, Then->getParent());
      PN->addIncoming(nullPtr(),
                      Head);
      H = PN;
    } else if (Value *A = Arg(S.HandleArg)) {
      H = asHandle(IRB, A);
      if (H)
        if (Value *Ok = succeeded(IRB, CB, S.Success))
          H = IRB.CreateSelect(Ok, H, nullPtr());
    }
    if (!H)
      return;
    bool Local = LocalAcquires.contains(CB);
    Value *AcquireSite = Site(BODYSAN_ROLE_ACQUIRE);
    CallInst *Hook =
        IRB.CreateCall(Local ? AcquireLocalFn : AcquireFn, {H, AcquireSite});
    ++NumAcquireSites;
    if (Local)
      ++NumLocalAcquireSites;
    // An acquire on a parent known before the call is a request on it.
    if ((S.HandleArg >= 0 && !S.HandleThroughArg) || S.ParentArg >= 0) {
      if (Value *P = parentBeforeCall(CB, S)) {
        Instruction *After = Hook->getNextNode();
        InstrumentationIRBuilder AfterIRB(After);
        AfterIRB.SetCurrentDebugLocation(Hook->getDebugLoc());
        AfterIRB.CreateCall(SetParentFn, {H, P, AcquireSite});
        if (K && (K->Flags & BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT))
          instrumentRequest(CB, P, AcquireSite, After,
                            AfterIRB.CreateIsNotNull(H));
        return;
      }
    }
    instrumentAcquireParent(S, Hook, H, AcquireSite);
    return;
  }
  case FunctionRole::Request: {
    Instruction *IP = insertionPointAfter(CB);
    if (!IP)
      return;
    Value *P = parentBeforeCall(CB, S);
    if (!P)
      return;
    InstrumentationIRBuilder IRB(IP);
    AtCall(IRB);
    Value *Started = succeeded(IRB, CB, S.Success);
    if (!Started)
      Started = ConstantInt::getTrue(Ctx);
    instrumentRequest(CB, P, Site(BODYSAN_ROLE_REQUEST), IP, Started);
    return;
  }
  case FunctionRole::Attach: {
    // The handle gets its parent once the call succeeded (CURLM_OK == 0).
    Value *HArg = Arg(S.HandleArg), *PArg = Arg(S.ParentArg);
    Instruction *IP = insertionPointAfter(CB);
    if (!HArg || !PArg || !IP)
      return;
    InstrumentationIRBuilder IRB(IP);
    AtCall(IRB);
    Value *H = asHandle(IRB, HArg), *P = asHandle(IRB, PArg);
    if (!H || !P)
      return;
    if (Value *Ok = succeeded(IRB, CB, S.Success))
      H = IRB.CreateSelect(Ok, H, nullPtr());
    IRB.CreateCall(SetParentFn, {H, P, Site(BODYSAN_ROLE_ATTACH)});
    return;
  }
  case FunctionRole::Read: {
    Value *HArg = Arg(S.HandleArg);
    Instruction *IP = insertionPointAfter(CB);
    if (!HArg || !IP)
      return;
    InstrumentationIRBuilder IRB(IP);
    AtCall(IRB);
    Value *H = asHandle(IRB, HArg);
    if (!H)
      return;
    Value *Result = CB->getType()->isVoidTy()
                        ? ConstantInt::get(Int64Ty, 0)
                        : asInt64(IRB, CB, /*Signed=*/true);
    Value *Count = ConstantInt::get(Int64Ty, 0);
    if (Value *C = Arg(S.CountArg))
      Count = asInt64(IRB, C, /*Signed=*/false);
    Value *Out = nullPtr();
    if (Value *O = Arg(S.OutArg))
      if (Value *P = asHandle(IRB, O))
        Out = P;
    IRB.CreateCall(ReadFn, {H, Site(BODYSAN_ROLE_READ), Result, Count, Out});
    ++NumReadSites;
    return;
  }
  case FunctionRole::Running: {
    // After a successful call, the int it stored through OutArg.
    Value *PArg = Arg(S.HandleArg), *OutArg = Arg(S.OutArg);
    Instruction *IP = insertionPointAfter(CB);
    if (!PArg || !OutArg || !IP || !OutArg->getType()->isPointerTy())
      return;
    InstrumentationIRBuilder IRB(IP);
    AtCall(IRB);
    Value *P = asHandle(IRB, PArg);
    if (!P)
      return;
    Value *Ok = IRB.CreateIsNotNull(OutArg);
    if (Value *Done = succeeded(IRB, CB, AcquireSuccess::ZeroResult))
      Ok = IRB.CreateAnd(Ok, Done);
    Instruction *Then = SplitBlockAndInsertIfThen(Ok, IP, /*Unreachable=*/false);
    InstrumentationIRBuilder ThenIRB(Then);
    AtCall(ThenIRB);
    Value *Count = ThenIRB.CreateLoad(Int32Ty, OutArg, "bodysan.running");
    ThenIRB.CreateCall(TransfersRunningFn,
                       {P, ThenIRB.CreateSExt(Count, Int64Ty),
                        Site(BODYSAN_ROLE_RUNNING)});
    return;
  }
  case FunctionRole::Completion: {
    // The message the call returns names the handle whose transfer ended.
    Instruction *IP = insertionPointAfter(CB);
    if (!IP || !CB->getType()->isPointerTy())
      return;
    InstrumentationIRBuilder IRB(IP);
    AtCall(IRB);
    if (Value *Msg = asHandle(IRB, CB))
      IRB.CreateCall(CompletionFn, {Msg, Site(BODYSAN_ROLE_COMPLETION)});
    return;
  }
  case FunctionRole::Retain: {
    Value *HArg = Arg(S.HandleArg);
    Instruction *IP = insertionPointAfter(CB);
    if (!HArg || !IP)
      return;
    InstrumentationIRBuilder IRB(IP);
    AtCall(IRB);
    if (Value *H = asHandle(IRB, HArg)) {
      IRB.CreateCall(RetainFn, {H, Site(BODYSAN_ROLE_RETAIN)});
      ++NumRetainSites;
    }
    return;
  }
  case FunctionRole::Release:
  case FunctionRole::Unref:
  case FunctionRole::ReadRequest:
  case FunctionRole::Detach:
  case FunctionRole::Destroy:
  case FunctionRole::CloseChildren: {
    // Hooks before the call (it may free the handle).
    Value *HArg = Arg(S.HandleArg);
    if (!HArg)
      return;
    InstrumentationIRBuilder IRB(CB);
    AtCall(IRB);
    Value *H = asHandle(IRB, HArg);
    if (!H)
      return;
    switch (S.Role) {
    case FunctionRole::ReadRequest: {
      Value *Count = ConstantInt::get(Int64Ty, 0);
      if (Value *C = Arg(S.CountArg))
        Count = asInt64(IRB, C, /*Signed=*/false);
      IRB.CreateCall(ReadRequestFn,
                     {H, Site(BODYSAN_ROLE_READ_REQUEST), Count});
      return;
    }
    case FunctionRole::Detach: {
      Value *PArg = Arg(S.ParentArg);
      Value *P = PArg ? asHandle(IRB, PArg) : nullptr;
      if (!P)
        P = nullPtr();
      IRB.CreateCall(DetachFn, {H, P, Site(BODYSAN_ROLE_DETACH)});
      break;
    }
    case FunctionRole::Destroy:
      IRB.CreateCall(DestroyFn, {H, Site(BODYSAN_ROLE_DESTROY)});
      break;
    case FunctionRole::CloseChildren:
      IRB.CreateCall(CloseChildrenFn, {H, Site(BODYSAN_ROLE_CLOSE_CHILDREN)});
      break;
    case FunctionRole::Release: {
      Value *ReleaseSite = Site(BODYSAN_ROLE_RELEASE);
      IRB.CreateCall(ReleaseFn, {H, ReleaseSite});
      // An end that fails on an unread body drops the connection: the
      // verdict waiting on the parent is due at once.
      if (K && (K->Flags & BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT) &&
          CB->getType()->isIntegerTy())
        if (Instruction *IP = insertionPointAfter(CB)) {
          InstrumentationIRBuilder AfterIRB(IP);
          AtCall(AfterIRB);
          AfterIRB.CreateCall(ReleaseResultFn,
                              {H, asInt64(AfterIRB, CB, /*Signed=*/true),
                               ReleaseSite});
        }
      break;
    }
    default:
      IRB.CreateCall(UnrefFn, {H, Site(BODYSAN_ROLE_UNREF)});
      break;
    }
    ++NumReleaseSites;
    return;
  }
  case FunctionRole::Passthrough:
  case FunctionRole::Observe:
    return;
  }
}

// Whether CB succeeded by Rule, as an i1 after the call: a zero integer
// result, or a non-null pointer result. nullptr when its result cannot say.
Value *ModuleBodySanitizer::succeeded(IRBuilder<> &IRB, CallBase *CB,
                                      AcquireSuccess Rule) {
  Type *T = CB->getType();
  if (Rule == AcquireSuccess::ZeroResult && T->isIntegerTy())
    return IRB.CreateICmpEQ(CB, ConstantInt::get(T, 0));
  if (Rule == AcquireSuccess::NonNullResult && T->isPointerTy())
    return IRB.CreateIsNotNull(CB);
  return nullptr;
}

// The parent S names for the call CB, computed before the call: argument
// ParentArg, or what ParentGetter returns for the handle argument (never
// called on NULL: the parent is NULL then). nullptr when S names no parent
// that exists before the call.
Value *ModuleBodySanitizer::parentBeforeCall(CallBase *CB,
                                             const FunctionSpec &S) {
  InstrumentationIRBuilder IRB(CB);
  if (CB->getDebugLoc())
    IRB.SetCurrentDebugLocation(CB->getDebugLoc());
  auto ArgAt = [&](int Index) -> Value * {
    if (Index < 0 || static_cast<unsigned>(Index) >= CB->arg_size())
      return nullptr;
    return asHandle(IRB, CB->getArgOperand(Index));
  };
  if (S.ParentArg >= 0)
    return ArgAt(S.ParentArg);
  if (S.ParentGetter.empty())
    return nullptr;
  Value *Object = S.HandleThroughArg ? nullptr : ArgAt(S.HandleArg);
  if (!Object)
    return nullptr;
  FunctionCallee Getter = M.getOrInsertFunction(
      S.ParentGetter, FunctionType::get(PtrTy, {PtrTy}, /*isVarArg=*/false));
  Constant *Null = nullPtr();
  BasicBlock *Head = CB->getParent();
  Value *Exists = IRB.CreateICmpNE(Object, Null);
  Instruction *Then =
      SplitBlockAndInsertIfThen(Exists, CB, /*Unreachable=*/false);
  InstrumentationIRBuilder ThenIRB(Then);
  ThenIRB.SetCurrentDebugLocation(IRB.getCurrentDebugLocation());
  Value *P = ThenIRB.CreateCall(Getter, {Object}, "bodysan.parent");
  PHINode *PN = PHINode::Create(PtrTy, 2, "bodysan.parent.or.null");
  PN->insertBefore(CB);
  PN->addIncoming(P, Then->getParent());
  PN->addIncoming(Null, Head);
  return PN;
}

// A request on Parent around CB: its start claims the verdicts waiting on the
// parent, its end (at After, with Started) decides them.
void ModuleBodySanitizer::instrumentRequest(CallBase *CB, Value *Parent,
                                            Value *Site, Instruction *After,
                                            Value *Started) {
  InstrumentationIRBuilder StartIRB(CB);
  if (CB->getDebugLoc())
    StartIRB.SetCurrentDebugLocation(CB->getDebugLoc());
  StartIRB.CreateCall(RequestStartFn, {Parent, Site});
  InstrumentationIRBuilder EndIRB(After);
  if (CB->getDebugLoc())
    EndIRB.SetCurrentDebugLocation(CB->getDebugLoc());
  EndIRB.CreateCall(RequestEndFn,
                    {Parent, EndIRB.CreateZExt(Started, Int32Ty), Site});
}

// After an acquire whose handle is its result and whose parent is what
// ParentGetter returns for it: tell the runtime (never calling the getter on
// NULL).
void ModuleBodySanitizer::instrumentAcquireParent(const FunctionSpec &S,
                                                  Instruction *AfterHook,
                                                  Value *H, Value *Site) {
  if (S.ParentGetter.empty())
    return;
  Constant *Null = nullPtr();
  FunctionCallee Getter = M.getOrInsertFunction(
      S.ParentGetter, FunctionType::get(PtrTy, {PtrTy}, /*isVarArg=*/false));
  Instruction *SplitBefore = AfterHook->getNextNode();
  InstrumentationIRBuilder IRB(SplitBefore);
  IRB.SetCurrentDebugLocation(AfterHook->getDebugLoc());
  Value *Exists = IRB.CreateICmpNE(H, Null);
  Instruction *Then =
      SplitBlockAndInsertIfThen(Exists, SplitBefore, /*Unreachable=*/false);
  InstrumentationIRBuilder ThenIRB(Then);
  ThenIRB.SetCurrentDebugLocation(AfterHook->getDebugLoc());
  Value *P = ThenIRB.CreateCall(Getter, {H}, "bodysan.parent");
  ThenIRB.CreateCall(SetParentFn, {H, P, Site});
}

void ModuleBodySanitizer::instrumentAdopt(CallBase *CB, const ResourceKind &K) {
  Instruction *IP = insertionPointAfter(CB);
  if (!IP)
    return;
  InstrumentationIRBuilder IRB(IP);
  if (CB->getDebugLoc())
    IRB.SetCurrentDebugLocation(CB->getDebugLoc());
  Value *H = asHandle(IRB, CB);
  if (!H)
    return;
  IRB.CreateCall(AdoptLocalFn,
                 {H, makeSite(&K, getDirectCallee(*CB), *CB->getFunction(),
                              locationOf(CB), BODYSAN_ROLE_ADOPT)});
  ++NumAdoptSites;
}

void ModuleBodySanitizer::instrumentHandoff(CallBase *CB, unsigned Arg,
                                            unsigned Level) {
  InstrumentationIRBuilder IRB(CB);
  Value *V = CB->getArgOperand(Arg);
  if (!V->getType()->isPointerTy())
    return;
  // Level 1: the callee gets the address of the local slot holding the handle
  // (g_clear_object (&body) as a function, say): hand off what it holds now.
  if (Level == 1)
    V = IRB.CreateLoad(PtrTy, V, "bodysan.handoff");
  Value *H = asHandle(IRB, V);
  if (!H)
    return;
  Value *Site = makeSite(nullptr, getDirectCallee(*CB), *CB->getFunction(),
                         locationOf(CB), BODYSAN_ROLE_HANDOFF);
  // An indirect call may land in one of this module's thunks, which
  // instrument the kind function they call: that is no handoff.
  if (!getDirectCallee(*CB) && !Thunks.empty()) {
    Value *Callee = CB->getCalledOperand();
    Value *Unseen = nullptr;
    for (Function *Thunk : Thunks) {
      Value *Other = IRB.CreateICmpNE(Callee, Thunk);
      Unseen = Unseen ? IRB.CreateAnd(Unseen, Other) : Other;
    }
    Instruction *Then =
        SplitBlockAndInsertIfThen(Unseen, CB, /*Unreachable=*/false);
    IRB.SetInsertPoint(Then);
  }
  IRB.CreateCall(HandoffFn, {H, Site});
  ++NumHandoffSites;
}

// The site of a `ret`. clang funnels every `return` statement of a function
// into one return block (at pipeline start, at any -O level), through cleanup
// blocks that only end lifetimes; the `ret` is located at the closing brace.
// The report must name the `return` that was taken: the site is a phi over
// the paths into the return block, each with the location of the block that
// left the function's body (a located branch, or its last located
// instruction), looking back through the cleanup blocks.
//
// The location of the `return` statement that left the function through BB: the
// branch clang emits for it carries it.
// A conditional branch into the return block is not a `return` (a loop or an
// `if` that ends the function falls through to it): the `ret`'s own location
// is right then.
static DILocation *exitLocationOf(BasicBlock &BB) {
  auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
  if (!Br || Br->isConditional())
    return nullptr;
  DILocation *L = Br->getDebugLoc().get();
  return L && L->getLine() != 0 ? L : nullptr;
}

Value *ModuleBodySanitizer::exitSiteAt(Function &F, BasicBlock &BB,
                                       DILocation *Fallback, unsigned Depth) {
  // BB is on the way out: the return block (Depth 0) or a block that branches
  // towards it. Each block has one successor on this walk (cleanup blocks end
  // in an unconditional branch), so no block is visited twice.
  SmallVector<BasicBlock *, 8> Preds(predecessors(&BB));
  bool LookBack;
  if (Depth == 0)
    LookBack = !Preds.empty() && isFunnelReturnBlock(BB);
  else
    LookBack = Depth < 8 && !Preds.empty() && isLifetimeOnlyBlock(BB);
  if (!LookBack) {
    DILocation *L = Depth == 0 ? nullptr : exitLocationOf(BB);
    return makeSite(nullptr, nullptr, F, L ? L : Fallback,
                    BODYSAN_ROLE_EXIT_RETURN);
  }
  if (Preds.size() == 1)
    return exitSiteAt(F, *Preds.front(), Fallback, Depth + 1);
  PHINode *PN = PHINode::Create(PtrTy, Preds.size(), "bodysan.exit.site");
  PN->insertBefore(BB.begin());
  // A conditional branch with both edges here lists its block twice; a phi
  // needs the same value for both.
  SmallDenseMap<BasicBlock *, Value *, 8> SiteOf;
  for (BasicBlock *P : Preds) {
    Value *&S = SiteOf[P];
    if (!S)
      S = exitSiteAt(F, *P, Fallback, Depth + 1);
    PN->addIncoming(S, P);
  }
  return PN;
}

Value *ModuleBodySanitizer::returnSite(Function &F, ReturnInst *RI) {
  // Without debug info no path has a location to tell the returns apart.
  if (!F.getSubprogram())
    return makeSite(nullptr, nullptr, F, locationOf(RI),
                    BODYSAN_ROLE_EXIT_RETURN);
  return exitSiteAt(F, *RI->getParent(), locationOf(RI), 0);
}

void ModuleBodySanitizer::instrumentScope(Function &F) {
  // A landing pad with only catch clauses is skipped by the unwinder when no
  // clause matches, and the exit hook on its resume path would never run.
  for (BasicBlock &BB : F)
    if (LandingPadInst *LP = BB.getLandingPadInst())
      LP->setCleanup(true);

  InstrumentationIRBuilder EntryIRB(
      &*F.getEntryBlock().getFirstNonPHIOrDbgOrAlloca());
  Value *Token = EntryIRB.CreateCall(ScopeEnterFn, {}, "bodysan.scope");

  DISubprogram *SP = F.getSubprogram();
  Constant *Null = nullPtr();
  Constant *UnwindSite = nullptr;
  EscapeEnumerator EE(F, "bodysan_cleanup", /*HandleExceptions=*/true);
  while (IRBuilder<> *AtExit = EE.Next()) {
    Instruction *Exit = &*AtExit->GetInsertPoint();
    InstrumentationIRBuilder IRB(Exit);
    Value *Returned = Null;
    Value *Site;
    if (auto *RI = dyn_cast<ReturnInst>(Exit)) {
      if (Value *RV = RI->getReturnValue())
        if (RV->getType()->isPointerTy())
          Returned = asHandle(IRB, RV);
      Site = returnSite(F, RI);
    } else {
      // Exception exits are reported at the function's declaration line.
      if (!UnwindSite)
        UnwindSite =
            makeSite(nullptr, nullptr, F, nullptr, BODYSAN_ROLE_EXIT_UNWIND);
      Site = UnwindSite;
      if (SP && !Exit->getDebugLoc())
        IRB.SetCurrentDebugLocation(DILocation::get(Ctx, SP->getLine(), 0, SP));
    }
    IRB.CreateCall(ScopeExitFn, {Token, Site, Returned});
  }
  ++NumScopedFunctions;
}

void ModuleBodySanitizer::insertModuleCtor() {
  getOrCreateSanitizerCtorAndInitFunctions(
      M, kBodysanModuleCtorName, kBodysanInitName, /*InitArgTypes=*/{},
      /*InitArgs=*/{},
      [&](Function *Ctor, FunctionCallee) {
        appendToGlobalCtors(M, Ctor, kBodysanCtorPriority);
      },
      kBodysanVersionCheckName);
}

// A call through a function pointer is invisible to the pass: a kind function
// used as a value (the deleter of a std::unique_ptr or std::shared_ptr, an
// entry of an ops table, a callback handed to a library) would release handles
// unseen, and they would be reported as leaks. Every such use gets a private
// thunk instead, which calls the function directly: that call is instrumented
// like any other. Generic functions (g_object_unref as a GDestroyNotify) stay
// as they are: their kinds watch finalization. Variadic functions cannot be
// forwarded; kind functions with hooks are not variadic in practice.
void ModuleBodySanitizer::createThunks() {
  auto IsAddressUse = [](const Use &U) {
    auto *CB = dyn_cast<CallBase>(U.getUser());
    return !(CB && CB->isCallee(&U));
  };
  SmallVector<Function *, 4> Targets;
  for (Function &F : M) {
    if (F.isIntrinsic() || F.isVarArg() ||
        F.getName().starts_with(kBodysanReservedPrefix))
      continue;
    const KindFunction *KF = Kinds.lookup(F.getName());
    if (!KF || KF->Spec->Generic ||
        KF->Spec->Role == FunctionRole::Observe ||
        KF->Spec->Role == FunctionRole::Passthrough)
      continue;
    if (any_of(F.uses(), IsAddressUse))
      Targets.push_back(&F);
  }
  for (Function *F : Targets) {
    // One thunk per library function in the whole program (linkonce_odr in
    // a comdat), so that its address compares equal across instrumented
    // files; a thunk of a file-local function stays private.
    Function *Thunk =
        Function::Create(F->getFunctionType(),
                         F->hasLocalLinkage() ? GlobalValue::PrivateLinkage
                                              : GlobalValue::LinkOnceODRLinkage,
                         kBodysanThunkPrefix + F->getName(), M);
    if (!F->hasLocalLinkage()) {
      Thunk->setVisibility(GlobalValue::HiddenVisibility);
      if (Triple(M.getTargetTriple()).supportsCOMDAT())
        Thunk->setComdat(M.getOrInsertComdat(Thunk->getName()));
    }
    Thunks.push_back(Thunk);
    Thunk->setCallingConv(F->getCallingConv());
    Thunk->setAttributes(F->getAttributes());
    // Its frame shows in the reports' stacks, and the frame-pointer unwinder
    // must get past it to the caller.
    Thunk->addFnAttr("frame-pointer", "all");
    IRBuilder<> IRB(BasicBlock::Create(Ctx, "entry", Thunk));
    SmallVector<Value *, 4> Args(make_pointer_range(Thunk->args()));
    CallInst *Call = IRB.CreateCall(F, Args);
    Call->setCallingConv(F->getCallingConv());
    Call->setAttributes(F->getAttributes());
    if (Call->getType()->isVoidTy())
      IRB.CreateRetVoid();
    else
      IRB.CreateRet(Call);
    F->replaceUsesWithIf(Thunk, [&](Use &U) {
      return U.getUser() != Call && IsAddressUse(U);
    });
  }
}

bool ModuleBodySanitizer::instrument() {
  if (M.getNamedMetadata(kBodysanInstrumentedMD))
    return false;

  createThunks();

  for (Function &F : M) {
    if (!shouldInstrument(F))
      continue;
    for (Instruction &I : instructions(F)) {
      auto *CB = dyn_cast<CallBase>(&I);
      if (!CB)
        continue;
      const KindFunction *KF = Kinds.lookup(*CB);
      if (!KF || isOwnImplementationCall(Kinds, F, *KF))
        continue;
      int Highest = highestArgument(*KF->Spec);
      if (Highest >= 0 && static_cast<unsigned>(Highest) >= CB->arg_size() &&
          !CB->getFunctionType()->isVarArg()) {
        std::string Callee = demangle(getDirectCallee(*CB)->getName());
        if (WarnedCallees.insert(Callee).second)
          Ctx.diagnose(SpecArgumentWarning(
              "BodySanitizer: the spec of '" + Callee + "' (" +
              KF->Spec->Origin + ") uses argument " + std::to_string(Highest) +
              ", but the call passes " + std::to_string(CB->arg_size()) +
              ": its calls are not instrumented"));
        continue;
      }
      KindCalls.push_back({CB, KF});
    }
  }
  // Nothing to track: leave the module exactly as it was.
  if (KindCalls.empty())
    return false;

  initializeTypesAndCallbacks();
  analyze();
  // Reads the module only: the instrumentation is the same either way.
  if (ClWarn)
    warnUnreleasedHandles(M, Kinds, Flow);

  for (auto &[CB, Arg, Level] : Handoffs)
    instrumentHandoff(CB, Arg, Level);
  for (const KindCall &KC : KindCalls)
    instrumentKindCall(KC);
  for (CallBase *CB : LocalAdopts)
    instrumentAdopt(CB, *FreshCalls.lookup(CB));
  for (Function *F : ScopedFunctions)
    instrumentScope(*F);

  // Hooks this module does not call need no declaration.
  for (FunctionCallee Hook :
       {AcquireFn, AcquireLocalFn, AdoptLocalFn, ReadFn, ReadRequestFn,
        ReleaseFn, RetainFn, UnrefFn, HandoffFn, ScopeEnterFn, ScopeExitFn,
        SetParentFn, DetachFn, DestroyFn, CloseChildrenFn, CompletionFn,
        RequestStartFn, RequestEndFn, ReleaseResultFn, TransfersRunningFn})
    if (auto *F = dyn_cast<Function>(Hook.getCallee()))
      if (F->isDeclaration() && F->use_empty())
        F->eraseFromParent();

  insertModuleCtor();
  NamedMDNode *Marker = M.getOrInsertNamedMetadata(kBodysanInstrumentedMD);
  Marker->addOperand(MDNode::get(
      Ctx, {MDString::get(Ctx, "abi-" + std::to_string(BODYSAN_ABI_VERSION))}));
  return true;
}

PreservedAnalyses BodySanitizerPass::run(Module &M, ModuleAnalysisManager &) {
  if (!ModuleBodySanitizer(M).instrument())
    return PreservedAnalyses::all();
  return PreservedAnalyses::none();
}

//===----------------------------------------------------------------------===//
// Plugin registration.
//===----------------------------------------------------------------------===//

/// True when the host process (clang, opt, lld) runs the LLVM this plugin was
/// built for. LLVMGetVersion exists since LLVM 16; older hosts lack it.
static bool hostHasMatchingLLVM() {
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  auto *GetVersion =
      reinterpret_cast<GetVersionFn>(dlsym(RTLD_DEFAULT, "LLVMGetVersion"));
  if (!GetVersion)
    return false;
  unsigned Major = 0, Minor = 0, Patch = 0;
  GetVersion(&Major, &Minor, &Patch);
  return Major == LLVM_VERSION_MAJOR;
}

static void registerBodySanitizer(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "bodysan")
          return false;
        MPM.addPass(BodySanitizerPass());
        return true;
      });
  // Before inlining, at -O0..-O3 and in the ThinLTO/LTO pre-link pipelines.
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(BodySanitizerPass());
      });
}

static void registerNothing(PassBuilder &) {}

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  // A host of another LLVM would crash inside registerBodySanitizer; API
  // version 0 makes it refuse the plugin with a clean error instead.
  if (!hostHasMatchingLLVM())
    return {0, "BodySanitizer", LLVM_VERSION_STRING, registerNothing};
  return {LLVM_PLUGIN_API_VERSION, "BodySanitizer", LLVM_VERSION_STRING,
          registerBodySanitizer};
}
