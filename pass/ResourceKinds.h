//===- ResourceKinds.h - The table of tracked resource kinds ----*- C++ -*-===//
//
// A resource kind is a handle type a program must release (a libsoup response
// body, ...) together with the functions that acquire, read, retain and release
// it. The pass knows no library: everything library-specific is in this table,
// which is plain data loaded from YAML spec files (SpecFile.h,
// docs/SpecFormat.md).
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_PASS_RESOURCEKINDS_H
#define BODYSAN_PASS_RESOURCEKINDS_H

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class LLVMContext;
} // namespace llvm

namespace bodysan {

/// What a call to a kind function does to the handle.
enum class FunctionRole : uint8_t {
  Acquire, ///< creates a handle (hook after the call)
  Read,    ///< reads or drains it; the EOF rule says when the end was reached
  Release, ///< closes it (hook before the call)
  Retain,  ///< takes a reference (hook after the call)
  Unref,   ///< drops a reference (hook before the call)
  ReadRequest, ///< starts an asynchronous read (hook before the call)
  Passthrough, ///< returns its argument ResultArg unchanged (no hook)
  Observe,     ///< uses the handle without changing its state (no hook)
  Destroy,     ///< frees the handle; still open there = unclosed (hook before)
  CloseChildren, ///< closes every open handle whose parent is argument HandleArg
  Attach,      ///< gives the handle the parent ParentArg (hook after, on success)
  Detach,      ///< takes the handle away from parent ParentArg (hook before)
  Completion,  ///< returns a message that a handle's transfer ended (hook after)
  Request,     ///< makes a whole request on parent ParentArg/ParentGetter
               ///< (ne_request_dispatch): it decides the verdicts waiting there
  Running,     ///< stores in *OutArg how many transfers of parent HandleArg
               ///< still run (hook after, on a zero result)
};

/// How an acquire function reports success.
enum class AcquireSuccess : uint8_t {
  NonNullResult, ///< the handle is the result; NULL means failure
  ZeroResult,    ///< the int result is 0 on success; the handle is an argument
};

/// HandleArg value for "the handle is the call's return value".
constexpr int kHandleIsResult = -1;
/// Unused argument index.
constexpr int kNoArg = -2;

/// One function of a kind. Field defaults describe "nothing special".
struct FunctionSpec {
  /// C name, mangled C++ name, or demangled C++ name with or without its
  /// parameter list (see KindTable).
  std::string Name;
  FunctionRole Role = FunctionRole::Observe;
  int HandleArg = 0; ///< kHandleIsResult or the argument index of the handle
  /// Acquire only.
  AcquireSuccess Success = AcquireSuccess::NonNullResult;
  /// Read only: BODYSAN_EOF_* and its inputs.
  uint32_t EofRule = 0;
  int CountArg = kNoArg; ///< requested byte count (also ReadRequest)
  int OutArg = kNoArg;   ///< out-parameter holding the bytes read
  std::string SizeFn;   ///< BODYSAN_EOF_SIZE_FN_ZERO: size of the result object
  int64_t EofValue = 0; ///< BODYSAN_EOF_RET_EQ, BODYSAN_EOF_TRANSFER (success)
  /// BODYSAN_EOF_TRANSFER: results that mean the program stopped the transfer
  /// before the end of the body (libcurl: CURLE_WRITE_ERROR, ...).
  std::vector<int64_t> StopValues;
  /// Acquire: the handle's parent (its session) is argument ParentArg, or what
  /// the function ParentGetter (`void *getter(void *handle)`) returns for the
  /// handle. Attach and Detach: the parent is argument ParentArg.
  int ParentArg = kNoArg;
  std::string ParentGetter;
  /// Acquire only: the handle is the pointer the call stored through argument
  /// HandleArg (an out-parameter, `int open(struct body **out)`).
  bool HandleThroughArg = false;
  /// Completion only: the layout of the message the function returns (see
  /// struct __bodysan_completion). EofValue and StopValues judge its result.
  struct CompletionMessage {
    uint32_t StatusOffset = 0;
    int32_t DoneValue = 0;
    uint32_t HandleOffset = 0;
    uint32_t ResultOffset = 0;
  } Message;
  /// The result is argument ResultArg (passthrough casts, g_object_ref).
  int ResultArg = kNoArg;
  /// Shared by many kinds (g_object_ref): hooked everywhere, with site kind
  /// NULL.
  bool Generic = false;
  /// The handle outlives the call inside the library (an asynchronous
  /// operation continues after the caller returns, a multi handle holds an
  /// easy handle): for the scope decision passing the handle (argument
  /// HandleArg) is a capture, although its effects are observed.
  bool KeepsHandle = false;
  /// Where the spec declared this function ("file:line"), for diagnostics.
  std::string Origin;
};

/// One resource kind: emitted into modules as a `struct __bodysan_kind`.
struct ResourceKind {
  std::string Name;        ///< short id, e.g. "libsoup3.body"
  std::string Description; ///< noun phrase
  std::string UnclosedConsequence;
  std::string UndrainedConsequence;
  uint32_t Flags = 0; ///< BODYSAN_KIND_*
  /// GObject signal the library emits when it saw the end of the body.
  std::string EofSignal;
  /// No undrained verdict when Getter(object property Property) returns
  /// Value, for any of these (see __bodysan_exemption in bodysan_abi.h).
  struct Exemption {
    std::string Property;
    std::string Getter;
    int64_t Value = 0;
  };
  std::vector<Exemption> Exemptions;
  /// See __bodysan_kind::progress_fn: how far a body got, asked from the
  /// library at a detach. Empty for none.
  std::string ProgressFn;
  int64_t ProgressReceived = 0;
  int64_t ProgressTotal = 0;
  std::vector<FunctionSpec> Functions;
  /// Where the spec declared this kind ("file:line"), for diagnostics.
  std::string Origin;
};

/// The kinds built into the pass: specs/*.yaml, embedded at build time.
const std::vector<ResourceKind> &builtinResourceKinds();

/// Every kind the pass tracks: the built-in specs, then the spec files given
/// with -bodysan-spec (repeatable), in that order. Parsed once per process
/// (thread-safe); a malformed spec prints `file:line:col: error: ...` on
/// stderr and stops the process (llvm::report_fatal_error without a crash
/// report).
const std::vector<ResourceKind> &resourceKinds();

/// As resourceKinds(), for a pass on a module of Ctx. A malformed spec prints
/// its `file:line:col: error: ...` lines, then becomes an error diagnostic of
/// Ctx, which fails the compilation the way the host does it (clang: `error:`
/// and exit code 1 after the pass, no output file; opt: exit code 1), and the
/// result is empty. clang's fatal-error path would print a crash backtrace
/// from inside its in-process cc1, so the pass uses this one.
const std::vector<ResourceKind> &resourceKinds(llvm::LLVMContext &Ctx);

} // namespace bodysan

#endif // BODYSAN_PASS_RESOURCEKINDS_H
