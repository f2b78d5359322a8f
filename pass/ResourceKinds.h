//===- ResourceKinds.h - The table of tracked resource kinds ----*- C++ -*-===//
//
// A resource kind is a handle type a program must release (a libsoup response
// body, ...) together with the functions that acquire, read, retain and release
// it. The pass knows no library: everything library-specific is in this table,
// which is plain data so that a later change can load the same structure from
// spec files.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_PASS_RESOURCEKINDS_H
#define BODYSAN_PASS_RESOURCEKINDS_H

#include <cstdint>
#include <string>
#include <vector>

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
  std::string Name; ///< C name or mangled C++ name, matched exactly
  FunctionRole Role = FunctionRole::Observe;
  int HandleArg = 0; ///< kHandleIsResult or the argument index of the handle
  /// Acquire only.
  AcquireSuccess Success = AcquireSuccess::NonNullResult;
  /// Read only: BODYSAN_EOF_* and its inputs.
  uint32_t EofRule = 0;
  int CountArg = kNoArg; ///< requested byte count (also ReadRequest)
  int OutArg = kNoArg;   ///< out-parameter holding the bytes read
  std::string SizeFn;   ///< BODYSAN_EOF_SIZE_FN_ZERO: size of the result object
  int64_t EofValue = 0; ///< BODYSAN_EOF_RET_EQ
  /// The result is argument ResultArg (passthrough casts, g_object_ref).
  int ResultArg = kNoArg;
  /// Shared by many kinds (g_object_ref): hooked everywhere, with site kind
  /// NULL.
  bool Generic = false;
  /// The handle outlives the call inside the library (an asynchronous
  /// operation continues after the caller returns): for the scope decision the
  /// call is a capture, although its effects are observed.
  bool KeepsHandle = false;
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
  std::vector<FunctionSpec> Functions;
};

/// The kinds built into the pass.
const std::vector<ResourceKind> &builtinResourceKinds();

} // namespace bodysan

#endif // BODYSAN_PASS_RESOURCEKINDS_H
