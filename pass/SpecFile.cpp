//===- SpecFile.cpp - Resource kinds from YAML spec files -----------------===//
//
// A hand-written walk over llvm::yaml's node tree rather than YAMLTraits: the
// node API keeps the position of every key and value, so each error points at
// the exact key or value at fault, and role-dependent rules (which keys a
// role takes, which combinations make sense) are checked in one place.
//
//===----------------------------------------------------------------------===//
#include "SpecFile.h"

#include "bodysan/bodysan_abi.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/YAMLParser.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace llvm;

namespace bodysan {

namespace {

/// The spec format this loader reads.
constexpr int64_t kSpecVersion = 1;
/// Argument indexes beyond this are certainly typos.
constexpr unsigned kMaxArg = 63;

/// The roles of the format. Several map to one FunctionRole (drain and
/// transfer are reads with a fixed EOF rule).
enum class SpecRole {
  Acquire,
  Read,
  Drain,
  Transfer,
  Release,
  Destroy,
  Retain,
  Unref,
  ReadRequest,
  CloseChildren,
  Attach,
  Detach,
  Completion,
  Request,
  Running,
  Passthrough,
  Observe,
};

constexpr const char kRoleNames[] =
    "acquire, read, drain, transfer, release, destroy, retain, unref, "
    "read-request, close-children, attach, detach, completion, request, "
    "running, passthrough, observe";

std::optional<SpecRole> parseRole(StringRef S) {
  return StringSwitch<std::optional<SpecRole>>(S)
      .Case("acquire", SpecRole::Acquire)
      .Case("read", SpecRole::Read)
      .Case("drain", SpecRole::Drain)
      .Case("transfer", SpecRole::Transfer)
      .Case("release", SpecRole::Release)
      .Case("destroy", SpecRole::Destroy)
      .Case("retain", SpecRole::Retain)
      .Case("unref", SpecRole::Unref)
      .Case("read-request", SpecRole::ReadRequest)
      .Case("close-children", SpecRole::CloseChildren)
      .Case("attach", SpecRole::Attach)
      .Case("detach", SpecRole::Detach)
      .Case("completion", SpecRole::Completion)
      .Case("request", SpecRole::Request)
      .Case("running", SpecRole::Running)
      .Case("passthrough", SpecRole::Passthrough)
      .Case("observe", SpecRole::Observe)
      .Default(std::nullopt);
}

/// The keys a function of each role may have besides `name` and `role`.
ArrayRef<StringRef> roleKeys(SpecRole R) {
  static const StringRef Acquire[] = {"handle", "success", "parent",
                                      "keeps-handle"};
  static const StringRef Read[] = {"handle",    "eof",          "count",
                                   "out",       "size-fn",      "eof-value",
                                   "generic",   "keeps-handle"};
  static const StringRef Drain[] = {"handle", "eof-value", "generic",
                                    "keeps-handle"};
  static const StringRef Transfer[] = {"handle", "eof-value", "stopped-early",
                                       "generic", "keeps-handle"};
  static const StringRef Closing[] = {"handle", "generic"};
  static const StringRef Retain[] = {"handle", "result", "generic",
                                     "keeps-handle"};
  static const StringRef ReadRequest[] = {"handle", "count", "generic",
                                          "keeps-handle"};
  static const StringRef Attach[] = {"handle", "success", "parent", "generic",
                                     "keeps-handle"};
  static const StringRef Detach[] = {"handle", "parent", "generic",
                                     "keeps-handle"};
  // The handle is in the message the function returns: no `handle`.
  static const StringRef Completion[] = {"message", "eof-value",
                                         "stopped-early"};
  static const StringRef Request[] = {"handle", "success", "parent"};
  // The handle is the parent whose transfers are counted; `out` the count.
  static const StringRef Running[] = {"handle", "out"};
  static const StringRef Passthrough[] = {"result", "generic"};
  static const StringRef Observe[] = {"handle", "generic", "keeps-handle"};
  switch (R) {
  case SpecRole::Acquire:
    return Acquire;
  case SpecRole::Read:
    return Read;
  case SpecRole::Drain:
    return Drain;
  case SpecRole::Transfer:
    return Transfer;
  case SpecRole::Release:
  case SpecRole::Destroy:
  case SpecRole::Unref:
  case SpecRole::CloseChildren:
    return Closing;
  case SpecRole::Retain:
    return Retain;
  case SpecRole::ReadRequest:
    return ReadRequest;
  case SpecRole::Attach:
    return Attach;
  case SpecRole::Detach:
    return Detach;
  case SpecRole::Completion:
    return Completion;
  case SpecRole::Request:
    return Request;
  case SpecRole::Running:
    return Running;
  case SpecRole::Passthrough:
    return Passthrough;
  case SpecRole::Observe:
    return Observe;
  }
  return {};
}

struct SNode;

/// One `key: value` of a mapping.
struct Field {
  std::string Key;
  SNode *KeyNode = nullptr;
  SNode *Value = nullptr;
};

/// A node of the spec, copied out of llvm::yaml's tree, which is a view of the
/// token stream and can be walked only once, in order.
struct SNode {
  enum NodeKind { Null, Scalar, Map, Seq } Kind = Null;
  SMRange Range;
  std::string Value;         ///< Scalar: the value, unquoted
  std::vector<Field> Fields; ///< Map, in order
  std::vector<SNode *> Items; ///< Seq
  SMRange getSourceRange() const { return Range; }
};

/// The value of N if it is a scalar, else nullptr.
const std::string *scalar(const SNode *N) {
  return N && N->Kind == SNode::Scalar ? &N->Value : nullptr;
}

/// The fields of one mapping, by key.
class Fields {
public:
  const Field *get(StringRef Key) const {
    for (const Field &F : List)
      if (F.Key == Key)
        return &F;
    return nullptr;
  }
  SmallVector<Field, 16> List;
  SMLoc Start;
};

std::string join(ArrayRef<StringRef> Keys) {
  std::string S;
  for (StringRef K : Keys) {
    if (!S.empty())
      S += ", ";
    S += K;
  }
  return S;
}

} // namespace

/// Walks the node tree of one spec buffer. Every check reports through the
/// loader's SourceMgr and counts in its NumErrors.
class SpecParser {
public:
  SpecParser(SpecLoader &L, yaml::Stream &Stream)
      : L(L), SM(L.SM), Stream(Stream) {}

  bool parseDocument(yaml::Node *Root);

private:
  SNode *convert(yaml::Node *N);

private:
  void error(SMLoc Loc, const Twine &Msg, ArrayRef<SMRange> Ranges = {}) {
    ++L.NumErrors;
    // After a syntax error the tree is cut short: say nothing about it.
    if (Stream.failed())
      return;
    SM.PrintMessage(Loc, SourceMgr::DK_Error, Msg, Ranges);
  }
  void error(const SNode *N, const Twine &Msg) {
    SMRange R = N->getSourceRange();
    error(R.Start, Msg, R);
  }
  void note(SMLoc Loc, const Twine &Msg) {
    if (Stream.failed())
      return;
    SM.PrintMessage(Loc, SourceMgr::DK_Note, Msg);
  }
  std::string origin(SMLoc Loc) const {
    unsigned Buf = SM.FindBufferContainingLoc(Loc);
    if (!Buf)
      return "";
    return (SM.getMemoryBuffer(Buf)->getBufferIdentifier() + ":" +
            Twine(SM.getLineAndColumn(Loc, Buf).first))
        .str();
  }

  bool readMapping(SNode *N, StringRef What, ArrayRef<StringRef> Known,
                   Fields &Out);
  bool require(const Fields &F, StringRef Key, StringRef What);
  bool readString(const Field &F, std::string &Out, bool AllowEmpty = false);
  bool readBool(const Field &F, bool &Out);
  bool readInt(SNode *N, StringRef Key, int64_t &Out);
  bool readArg(const Field &F, int &Out);
  bool readStopValues(const Field &F, std::vector<int64_t> &Out,
                      bool IntOnly = false);
  bool readMessage(const Field &F, FunctionSpec::CompletionMessage &Out);

  bool parseKind(SNode *N);
  bool parseFunction(SNode *N, ResourceKind &K,
                     StringMap<SMLoc> &SeenInKind);

  SpecLoader &L;
  SourceMgr &SM;
  yaml::Stream &Stream;
  std::vector<std::unique_ptr<SNode>> Arena;
};

SNode *SpecParser::convert(yaml::Node *N) {
  Arena.push_back(std::make_unique<SNode>());
  SNode *S = Arena.back().get();
  if (!N)
    return S;
  S->Range = N->getSourceRange();
  if (auto *Sc = dyn_cast<yaml::ScalarNode>(N)) {
    SmallString<64> Storage;
    S->Kind = SNode::Scalar;
    S->Value = Sc->getValue(Storage).str();
  } else if (auto *B = dyn_cast<yaml::BlockScalarNode>(N)) {
    S->Kind = SNode::Scalar;
    S->Value = B->getValue().str();
  } else if (auto *M = dyn_cast<yaml::MappingNode>(N)) {
    S->Kind = SNode::Map;
    for (yaml::KeyValueNode &KV : *M) {
      Field F;
      F.KeyNode = convert(KV.getKey());
      F.Value = convert(KV.getValue());
      // `key:` with nothing after it: point at the key.
      if (!F.Value->Range.Start.isValid() ||
          F.Value->Range.Start == F.Value->Range.End)
        if (F.Value->Kind == SNode::Null)
          F.Value->Range = F.KeyNode->Range;
      if (const std::string *K = scalar(F.KeyNode))
        F.Key = *K;
      S->Fields.push_back(std::move(F));
    }
  } else if (auto *Q = dyn_cast<yaml::SequenceNode>(N)) {
    S->Kind = SNode::Seq;
    for (yaml::Node &I : *Q)
      S->Items.push_back(convert(&I));
  } else if (isa<yaml::AliasNode>(N)) {
    error(S, "anchors and aliases are not supported in spec files");
  }
  return S;
}

bool SpecParser::readMapping(SNode *N, StringRef What,
                             ArrayRef<StringRef> Known, Fields &Out) {
  if (N->Kind != SNode::Map) {
    error(N, "expected a mapping (key: value pairs) for " + What);
    return false;
  }
  Out.Start = N->Range.Start;
  for (const Field &KV : N->Fields) {
    SNode *Key = KV.KeyNode;
    if (!scalar(Key)) {
      error(Key, "expected a plain key in " + What);
      continue;
    }
    std::string Name = KV.Key;
    SNode *Value = KV.Value;
    if (!is_contained(Known, Name)) {
      error(Key, "unknown key '" + Name + "' in " + What + " (known keys: " +
                     join(Known) + ")");
      continue;
    }
    if (const Field *Prev = Out.get(Name)) {
      error(Key, "duplicate key '" + Name + "' in " + What);
      note(Prev->KeyNode->getSourceRange().Start, "first given here");
      continue;
    }
    Out.List.push_back({Name, Key, Value});
  }
  // Unknown and duplicate keys are reported; the rest is still checked.
  return true;
}

bool SpecParser::require(const Fields &F, StringRef Key, StringRef What) {
  if (F.get(Key))
    return true;
  error(F.Start, "missing required key '" + Key + "' in " + What);
  return false;
}

bool SpecParser::readString(const Field &F, std::string &Out,
                            bool AllowEmpty) {
  if (const std::string *V = scalar(F.Value))
    Out = *V;
  else {
    error(F.Value ? F.Value : F.KeyNode,
          "expected a string for '" + F.Key + "'");
    return false;
  }
  Out = StringRef(Out).trim().str();
  if (Out.empty() && !AllowEmpty) {
    error(F.Value, "'" + F.Key + "' must not be empty");
    return false;
  }
  return true;
}

bool SpecParser::readBool(const Field &F, bool &Out) {
  const std::string *S = scalar(F.Value);
  StringRef V = S ? StringRef(*S) : StringRef();
  if (V == "true" || V == "false") {
    Out = V == "true";
    return true;
  }
  error(F.Value ? F.Value : F.KeyNode,
        "expected true or false for '" + F.Key + "'");
  return false;
}

bool SpecParser::readInt(SNode *N, StringRef Key, int64_t &Out) {
  const std::string *S = scalar(N);
  StringRef V = S ? StringRef(*S) : StringRef();
  bool Negative = V.consume_front("-");
  unsigned Radix = V.consume_front_insensitive("0x") ? 16 : 10;
  uint64_t Magnitude;
  // getAsInteger rejects empty strings, signs and trailing junk.
  if (S && !V.empty() && !V.getAsInteger(Radix, Magnitude) &&
      Magnitude <= (Negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX))) {
    Out = Negative ? static_cast<int64_t>(0 - Magnitude)
                   : static_cast<int64_t>(Magnitude);
    return true;
  }
  error(N, "expected an integer (decimal or 0x hex) for '" + Key + "'");
  return false;
}

bool SpecParser::readArg(const Field &F, int &Out) {
  const std::string *S = scalar(F.Value);
  StringRef V = S ? StringRef(*S) : StringRef();
  unsigned N;
  if (V.consume_front("arg") && !V.empty() && all_of(V, isDigit) &&
      !V.getAsInteger(10, N) && N <= kMaxArg) {
    Out = static_cast<int>(N);
    return true;
  }
  error(F.Value ? F.Value : F.KeyNode,
        "expected argN (N = 0.." + Twine(kMaxArg) + ", the 0-based argument " +
            "index) for '" + F.Key + "'");
  return false;
}

/// A non-empty list of results; IntOnly: each must fit in an int (a
/// completion message's result is an int).
bool SpecParser::readStopValues(const Field &F, std::vector<int64_t> &Out,
                                bool IntOnly) {
  SNode *Seq = F.Value->Kind == SNode::Seq ? F.Value : nullptr;
  if (!Seq) {
    error(F.Value ? F.Value : F.KeyNode,
          "expected a list of integers for '" + F.Key + "'");
    return false;
  }
  bool Ok = true;
  for (SNode *V : Seq->Items) {
    int64_t X;
    if (!readInt(V, F.Key, X)) {
      Ok = false;
    } else if (IntOnly && (X < INT32_MIN || X > INT32_MAX)) {
      error(V, "'" + F.Key + "' of a 'completion' must fit in an int (the "
                             "message's result is an int)");
      Ok = false;
    } else {
      Out.push_back(X);
    }
  }
  if (Ok && Out.empty()) {
    error(F.Value, "'" + F.Key + "' must list at least one result");
    Ok = false;
  }
  return Ok;
}

/// The largest offset into a completion message (a struct, not a buffer).
constexpr int64_t kMaxMessageOffset = 4095;

bool SpecParser::readMessage(const Field &F,
                             FunctionSpec::CompletionMessage &Out) {
  static const StringRef Keys[] = {"status-offset", "done", "handle-offset",
                                   "result-offset"};
  Fields MF;
  if (!readMapping(F.Value, "'message'", Keys, MF))
    return false;
  bool Ok = true;
  for (StringRef Key : Keys)
    Ok &= require(MF, Key, "'message'");
  if (!Ok)
    return false;
  // Each offset must leave room for its field inside the message.
  struct Offset {
    StringRef Key;
    unsigned Size;
    StringRef What;
    uint32_t *Out;
    int64_t Value = -1;
    SNode *Node = nullptr;
  } Offsets[] = {{"status-offset", 4, "an int", &Out.StatusOffset},
                 {"handle-offset", 8, "a pointer", &Out.HandleOffset},
                 {"result-offset", 4, "an int", &Out.ResultOffset}};
  for (Offset &O : Offsets) {
    O.Node = MF.get(O.Key)->Value;
    if (!readInt(O.Node, O.Key, O.Value)) {
      Ok = false;
      continue;
    }
    if (O.Value < 0 || O.Value + O.Size - 1 > kMaxMessageOffset) {
      error(O.Node, "'" + O.Key + "' must be 0.." +
                        Twine(kMaxMessageOffset + 1 - O.Size) + " (" + O.What +
                        " at a byte offset in the message)");
      Ok = false;
      O.Value = -1;
      continue;
    }
    *O.Out = static_cast<uint32_t>(O.Value);
  }
  // The three fields are distinct members of the message.
  for (unsigned I = 0; I < 3; ++I)
    for (unsigned J = I + 1; J < 3; ++J) {
      const Offset &A = Offsets[I], &B = Offsets[J];
      if (A.Value < 0 || B.Value < 0)
        continue;
      if (A.Value < B.Value + B.Size && B.Value < A.Value + A.Size) {
        error(B.Node, "'" + B.Key + "' overlaps '" + A.Key +
                          "' (the status, handle and result are distinct "
                          "fields of the message)");
        Ok = false;
      }
    }
  const Field *Done = MF.get("done");
  int64_t DoneValue;
  if (!readInt(Done->Value, "done", DoneValue)) {
    Ok = false;
  } else if (DoneValue < INT32_MIN || DoneValue > INT32_MAX) {
    error(Done->Value, "'done' must fit in an int (the message's status)");
    Ok = false;
  } else {
    Out.DoneValue = static_cast<int32_t>(DoneValue);
  }
  return Ok;
}

bool SpecParser::parseDocument(yaml::Node *Root) {
  static const StringRef TopKeys[] = {"version", "kinds"};
  Fields Top;
  if (!readMapping(convert(Root), "the spec file", TopKeys, Top))
    return false;
  bool Ok = require(Top, "version", "the spec file");
  if (const Field *V = Top.get("version")) {
    int64_t Version;
    if (!readInt(V->Value, "version", Version))
      Ok = false;
    else if (Version != kSpecVersion) {
      error(V->Value, "unsupported spec version " + Twine(Version) +
                          " (this BodySanitizer reads version 1)");
      Ok = false;
    }
  }
  if (!Ok)
    return false; // Do not guess at the meaning of another version.
  if (!require(Top, "kinds", "the spec file"))
    return false;
  const Field *KindsField = Top.get("kinds");
  SNode *Seq = KindsField->Value->Kind == SNode::Seq ? KindsField->Value : nullptr;
  if (!Seq) {
    error(KindsField->Value ? KindsField->Value : KindsField->KeyNode,
          "expected a list of kinds for 'kinds'");
    return false;
  }
  for (SNode *N : Seq->Items)
    Ok &= parseKind(N);
  return Ok;
}

bool SpecParser::parseKind(SNode *N) {
  static const StringRef KindKeys[] = {
      "name",
      "description",
      "unclosed",
      "undrained",
      "undrained-is-error",
      "double-close-is-error",
      "use-after-close-is-error",
      "refcounted",
      "watch-gobject",
      "undrained-waits-for-parent",
      "open-children-are-errors",
      "stopped-waits-for-reuse",
      "eof-signal",
      "exemptions",
      "progress",
      "functions"};
  Fields F;
  if (!readMapping(N, "a kind", KindKeys, F))
    return false;
  ResourceKind K;
  K.Origin = origin(F.Start);
  bool Ok = true;
  for (StringRef Key : {"name", "description", "unclosed", "functions"})
    Ok &= require(F, Key, "a kind");

  if (const Field *Name = F.get("name")) {
    if (readString(*Name, K.Name)) {
      if (!all_of(K.Name, [](char C) {
            return isAlnum(C) || C == '_' || C == '.' || C == '-';
          })) {
        error(Name->Value, "kind name '" + K.Name +
                               "' may only contain letters, digits, '_', "
                               "'.' and '-'");
        Ok = false;
      } else {
        auto [It, New] =
            L.KindNames.try_emplace(K.Name, Name->Value->getSourceRange().Start);
        if (!New) {
          error(Name->Value, "duplicate kind name '" + K.Name + "'");
          note(It->second, "kind '" + K.Name + "' first declared here");
          Ok = false;
        }
      }
    } else {
      Ok = false;
    }
  }
  std::string KindName = K.Name.empty() ? "a kind" : "kind '" + K.Name + "'";

  if (const Field *D = F.get("description"))
    Ok &= readString(*D, K.Description);
  if (const Field *U = F.get("unclosed"))
    Ok &= readString(*U, K.UnclosedConsequence);
  if (const Field *U = F.get("undrained"))
    Ok &= readString(*U, K.UndrainedConsequence);

  static const std::pair<StringRef, uint32_t> Flags[] = {
      {"undrained-is-error", BODYSAN_KIND_UNDRAINED_IS_ERROR},
      {"double-close-is-error", BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR},
      {"use-after-close-is-error", BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR},
      {"refcounted", BODYSAN_KIND_REFCOUNTED},
      {"watch-gobject", BODYSAN_KIND_WATCH_GOBJECT},
      {"undrained-waits-for-parent", BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT},
      {"open-children-are-errors", BODYSAN_KIND_OPEN_CHILDREN_ARE_ERRORS},
      {"stopped-waits-for-reuse", BODYSAN_KIND_STOPPED_WAITS_FOR_REUSE}};
  for (auto [Key, Bit] : Flags)
    if (const Field *B = F.get(Key)) {
      bool Set = false;
      if (!readBool(*B, Set))
        Ok = false;
      else if (Set)
        K.Flags |= Bit;
    }

  if ((K.Flags & BODYSAN_KIND_UNDRAINED_IS_ERROR) &&
      K.UndrainedConsequence.empty() && F.get("undrained-is-error")) {
    error(F.get("undrained-is-error")->KeyNode,
          "'undrained-is-error: true' needs an 'undrained' sentence (what an "
          "undrained release costs) in " + KindName);
    Ok = false;
  }

  bool Gobject = K.Flags & BODYSAN_KIND_WATCH_GOBJECT;
  if (const Field *E = F.get("eof-signal")) {
    if (!Gobject) {
      error(E->KeyNode, "'eof-signal' needs 'watch-gobject: true' in " +
                            KindName + " (a signal is a GObject signal)");
      Ok = false;
    } else {
      Ok &= readString(*E, K.EofSignal);
    }
  }
  if (const Field *E = F.get("exemptions")) {
    SNode *Seq = E->Value->Kind == SNode::Seq ? E->Value : nullptr;
    if (!Gobject) {
      error(E->KeyNode, "'exemptions' needs 'watch-gobject: true' in " +
                            KindName + " (they read GObject properties)");
      Ok = false;
    } else if (!Seq) {
      error(E->Value ? E->Value : E->KeyNode,
            "expected a list of exemptions for 'exemptions'");
      Ok = false;
    } else {
      static const StringRef ExKeys[] = {"property", "getter", "value"};
      for (SNode *X : Seq->Items) {
        Fields XF;
        if (!readMapping(X, "an exemption", ExKeys, XF)) {
          Ok = false;
          continue;
        }
        bool XOk = true;
        for (StringRef Key : ExKeys)
          XOk &= require(XF, Key, "an exemption");
        if (!XOk) {
          Ok = false;
          continue;
        }
        ResourceKind::Exemption Ex;
        XOk &= readString(*XF.get("property"), Ex.Property);
        XOk &= readString(*XF.get("getter"), Ex.Getter);
        XOk &= readInt(XF.get("value")->Value, "value", Ex.Value);
        if (XOk)
          K.Exemptions.push_back(Ex);
        Ok &= XOk;
      }
    }
  }
  if (const Field *P = F.get("progress")) {
    static const StringRef ProgressKeys[] = {"function", "received", "total"};
    Fields PF;
    if (!readMapping(P->Value, "'progress'", ProgressKeys, PF)) {
      Ok = false;
    } else {
      bool POk = true;
      for (StringRef Key : ProgressKeys)
        POk &= require(PF, Key, "'progress'");
      if (POk) {
        POk &= readString(*PF.get("function"), K.ProgressFn);
        POk &= readInt(PF.get("received")->Value, "received",
                       K.ProgressReceived);
        POk &= readInt(PF.get("total")->Value, "total", K.ProgressTotal);
      }
      Ok &= POk;
    }
  }

  if (const Field *Fns = F.get("functions")) {
    SNode *Seq = Fns->Value->Kind == SNode::Seq ? Fns->Value : nullptr;
    if (!Seq) {
      error(Fns->Value ? Fns->Value : Fns->KeyNode,
            "expected a list of functions for 'functions'");
      Ok = false;
    } else {
      StringMap<SMLoc> SeenInKind;
      for (SNode *Fn : Seq->Items)
        Ok &= parseFunction(Fn, K, SeenInKind);
      if (Ok && none_of(K.Functions, [](const FunctionSpec &S) {
            return S.Role == FunctionRole::Acquire;
          })) {
        error(Fns->KeyNode, KindName + " has no function with role 'acquire'"
                                       " (nothing would create its handles)");
        Ok = false;
      }
    }
  }
  if (Ok)
    L.Kinds.push_back(std::move(K));
  return Ok;
}

bool SpecParser::parseFunction(SNode *N, ResourceKind &K,
                               StringMap<SMLoc> &SeenInKind) {
  static const StringRef AllKeys[] = {
      "name",    "role",      "handle",        "success", "parent",
      "eof",     "count",     "out",           "size-fn", "eof-value",
      "stopped-early", "result", "generic",    "keeps-handle", "message"};
  Fields F;
  if (!readMapping(N, "a function", AllKeys, F))
    return false;
  bool Ok = require(F, "name", "a function");
  Ok &= require(F, "role", "a function");
  if (!Ok)
    return false;

  FunctionSpec S;
  const Field *NameF = F.get("name");
  if (!readString(*NameF, S.Name))
    return false;
  S.Origin = origin(NameF->Value->getSourceRange().Start);

  const Field *RoleF = F.get("role");
  std::string RoleName;
  if (!readString(*RoleF, RoleName))
    return false;
  std::optional<SpecRole> Role = parseRole(RoleName);
  if (!Role) {
    error(RoleF->Value, "unknown role '" + RoleName + "' (roles: " +
                            kRoleNames + ")");
    return false;
  }
  ArrayRef<StringRef> Allowed = roleKeys(*Role);
  for (const Field &X : F.List) {
    if (X.Key == "name" || X.Key == "role" || is_contained(Allowed, X.Key))
      continue;
    error(X.KeyNode, "'" + X.Key + "' makes no sense for role '" + RoleName +
                         "' (it takes: " + join(Allowed) + ")");
    Ok = false;
  }
  if (!Ok)
    return false;

  // Flags.
  if (const Field *G = F.get("generic"))
    Ok &= readBool(*G, S.Generic);
  if (const Field *KH = F.get("keeps-handle"))
    Ok &= readBool(*KH, S.KeepsHandle);

  // The handle. A completion's handle is in the message it returns.
  S.HandleArg = *Role == SpecRole::Acquire      ? kHandleIsResult
                : *Role == SpecRole::Completion ? kNoArg
                                                : 0;
  if (const Field *H = F.get("handle")) {
    const std::string *Scalar = scalar(H->Value);
    if (Scalar && StringRef(*Scalar).starts_with("out-arg")) {
      unsigned N = 0;
      if (*Role != SpecRole::Acquire) {
        error(H->Value, "'handle: " + *Scalar + "' (an out-parameter) is only "
                        "valid for role 'acquire'");
        Ok = false;
      } else if (StringRef(*Scalar).drop_front(7).getAsInteger(10, N) ||
                 N > kMaxArg) {
        error(H->Value, "expected out-argN (N = 0.." + std::to_string(kMaxArg) +
                            ": the out-parameter the handle is stored "
                            "through)");
        Ok = false;
      } else {
        S.HandleArg = static_cast<int>(N);
        S.HandleThroughArg = true;
      }
    } else if (Scalar && *Scalar == "result") {
      if (*Role != SpecRole::Acquire) {
        error(H->Value, "'handle: result' is only valid for role 'acquire' "
                        "(the handle of a '" + RoleName +
                            "' is one of its arguments)");
        Ok = false;
      } else {
        S.HandleArg = kHandleIsResult;
      }
    } else {
      Ok &= readArg(*H, S.HandleArg);
    }
  }

  switch (*Role) {
  case SpecRole::Acquire:
    S.Role = FunctionRole::Acquire;
    S.Success = S.HandleArg == kHandleIsResult ? AcquireSuccess::NonNullResult
                                               : AcquireSuccess::ZeroResult;
    break;
  case SpecRole::Read:
  case SpecRole::Drain:
  case SpecRole::Transfer:
    S.Role = FunctionRole::Read;
    break;
  case SpecRole::Release:
    S.Role = FunctionRole::Release;
    break;
  case SpecRole::Destroy:
    S.Role = FunctionRole::Destroy;
    break;
  case SpecRole::Retain:
    S.Role = FunctionRole::Retain;
    break;
  case SpecRole::Unref:
    S.Role = FunctionRole::Unref;
    break;
  case SpecRole::ReadRequest:
    S.Role = FunctionRole::ReadRequest;
    break;
  case SpecRole::CloseChildren:
    S.Role = FunctionRole::CloseChildren;
    break;
  case SpecRole::Attach:
    S.Role = FunctionRole::Attach;
    S.Success = AcquireSuccess::ZeroResult;
    break;
  case SpecRole::Detach:
    S.Role = FunctionRole::Detach;
    break;
  case SpecRole::Completion:
    S.Role = FunctionRole::Completion;
    break;
  case SpecRole::Request:
    S.Role = FunctionRole::Request;
    S.Success = AcquireSuccess::ZeroResult;
    break;
  case SpecRole::Running:
    S.Role = FunctionRole::Running;
    if (!F.get("out")) {
      error(F.Start, "missing required key 'out' for role 'running' (the "
                     "argument pointing to the count of running transfers)");
      Ok = false;
    }
    break;
  case SpecRole::Passthrough:
    S.Role = FunctionRole::Passthrough;
    break;
  case SpecRole::Observe:
    S.Role = FunctionRole::Observe;
    break;
  }

  if (const Field *Succ = F.get("success")) {
    const std::string *Scalar = scalar(Succ->Value);
    StringRef V = Scalar ? StringRef(*Scalar) : StringRef();
    if (V != "nonnull" && V != "zero") {
      error(Succ->Value ? Succ->Value : Succ->KeyNode,
            "expected nonnull or zero for 'success'");
      Ok = false;
    } else if (*Role == SpecRole::Attach && V != "zero") {
      error(Succ->Value, "an 'attach' succeeds when it returns zero: only "
                         "'success: zero' is valid");
      Ok = false;
    } else if (*Role == SpecRole::Request) {
      S.Success = V == "zero" ? AcquireSuccess::ZeroResult
                              : AcquireSuccess::NonNullResult;
    } else if (*Role == SpecRole::Acquire && V == "nonnull" &&
               S.HandleArg != kHandleIsResult) {
      error(Succ->Value, "'success: nonnull' needs 'handle: result' (a "
                         "non-null result is the handle)");
      Ok = false;
    } else if (*Role == SpecRole::Acquire && V == "zero" &&
               S.HandleArg == kHandleIsResult) {
      error(Succ->Value, "'success: zero' needs the handle in an argument "
                         "('handle: argN'): a zero result is no handle");
      Ok = false;
    }
  }

  if (const Field *P = F.get("parent")) {
    if (P->Value->Kind == SNode::Map) {
      SNode *Map = P->Value;
      static const StringRef GetterKeys[] = {"getter"};
      Fields PF;
      if (*Role != SpecRole::Acquire && *Role != SpecRole::Request) {
        error(Map, "the parent of an '" + RoleName +
                       "' is an argument ('parent: argN'); a getter is only "
                       "valid for roles 'acquire' and 'request'");
        Ok = false;
      } else if (!readMapping(Map, "'parent'", GetterKeys, PF) ||
                 !require(PF, "getter", "'parent'")) {
        Ok = false;
      } else {
        Ok &= readString(*PF.get("getter"), S.ParentGetter);
      }
    } else {
      Ok &= readArg(*P, S.ParentArg);
      if (Ok && S.ParentArg == S.HandleArg) {
        error(P->Value, "the parent and the handle are the same argument");
        Ok = false;
      }
    }
  } else if (*Role == SpecRole::Attach || *Role == SpecRole::Detach ||
             *Role == SpecRole::Request) {
    error(F.Start, "missing required key 'parent' for role '" + RoleName + "'");
    Ok = false;
  }

  // Reads and their EOF rules.
  const Field *Eof = F.get("eof");
  std::string EofName = "ret-zero";
  if (*Role == SpecRole::Read) {
    if (Eof && !readString(*Eof, EofName))
      return false;
    std::optional<uint32_t> Rule =
        StringSwitch<std::optional<uint32_t>>(EofName)
            .Case("none", BODYSAN_EOF_NONE)
            .Case("ret-zero", BODYSAN_EOF_RET_ZERO)
            .Case("out-short", BODYSAN_EOF_OUT_SHORT)
            .Case("size-fn-zero", BODYSAN_EOF_SIZE_FN_ZERO)
            .Case("out-short-pending", BODYSAN_EOF_OUT_SHORT_PENDING)
            .Case("ret-eq", BODYSAN_EOF_RET_EQ)
            .Default(std::nullopt);
    if (!Rule) {
      error(Eof->Value, "unknown EOF rule '" + EofName +
                            "' (rules: none, ret-zero, out-short, "
                            "size-fn-zero, out-short-pending, ret-eq)");
      return false;
    }
    S.EofRule = *Rule;
    bool NeedsOut = EofName == "out-short" || EofName == "out-short-pending";
    auto Check = [&](StringRef Key, bool Needed, StringRef Why) {
      const Field *X = F.get(Key);
      if (Needed && !X) {
        error(Eof ? Eof->Value->getSourceRange().Start : F.Start,
              "'eof: " + EofName + "' needs '" + Key + "' (" + Why + ")");
        Ok = false;
      } else if (!Needed && X) {
        error(X->KeyNode, "'" + Key + "' makes no sense with 'eof: " +
                              EofName + "' (" + Why + ")");
        Ok = false;
      }
    };
    Check("out", NeedsOut, "the out-parameter holding the bytes read");
    Check("size-fn", EofName == "size-fn-zero",
          "the function giving the size of the result");
    if (EofName == "out-short")
      Check("count", true, "the requested byte count");
    if (EofName != "ret-eq" && F.get("eof-value")) {
      error(F.get("eof-value")->KeyNode,
            "'eof-value' makes no sense with 'eof: " + EofName +
                "' (only with 'eof: ret-eq')");
      Ok = false;
    }
  } else if (*Role == SpecRole::Drain) {
    S.EofRule = BODYSAN_EOF_RET_EQ;
  } else if (*Role == SpecRole::Transfer) {
    S.EofRule = BODYSAN_EOF_TRANSFER;
    if (const Field *Stop = F.get("stopped-early")) {
      Ok &= readStopValues(*Stop, S.StopValues);
    } else {
      error(F.Start, "missing required key 'stopped-early' for role "
                     "'transfer' (the results that mean the program stopped "
                     "the transfer before the end of the body)");
      Ok = false;
    }
  } else if (*Role == SpecRole::Completion) {
    if (const Field *M = F.get("message"))
      Ok &= readMessage(*M, S.Message);
    else {
      error(F.Start, "missing required key 'message' for role 'completion' "
                     "(the layout of the message the function returns)");
      Ok = false;
    }
    if (const Field *Stop = F.get("stopped-early"))
      Ok &= readStopValues(*Stop, S.StopValues, /*IntOnly=*/true);
  }
  if (const Field *C = F.get("count"))
    Ok &= readArg(*C, S.CountArg);
  if (const Field *O = F.get("out"))
    Ok &= readArg(*O, S.OutArg);
  if (const Field *SF = F.get("size-fn"))
    Ok &= readString(*SF, S.SizeFn);
  if (const Field *EV = F.get("eof-value"))
    Ok &= readInt(EV->Value, "eof-value", S.EofValue);
  if (*Role == SpecRole::Completion) {
    // The message's result is an int: other values would never match.
    if (const Field *EV = F.get("eof-value"))
      if (Ok && (S.EofValue < INT32_MIN || S.EofValue > INT32_MAX)) {
        error(EV->Value, "'eof-value' of a 'completion' must fit in an int "
                         "(the message's result is an int)");
        Ok = false;
      }
  }

  if (const Field *R = F.get("result"))
    Ok &= readArg(*R, S.ResultArg);
  else if (*Role == SpecRole::Passthrough) {
    error(F.Start, "missing required key 'result' for role 'passthrough' "
                   "(which argument the function returns)");
    Ok = false;
  }

  if (!Ok)
    return false;

  // Names: unique in the kind, and non-generic names unique over every
  // loaded spec (a generic function may be listed by several kinds).
  SMLoc NameLoc = NameF->Value->getSourceRange().Start;
  auto [InKind, NewInKind] = SeenInKind.try_emplace(S.Name, NameLoc);
  if (!NewInKind) {
    error(NameF->Value, "function '" + S.Name + "' is listed twice in kind '" +
                            K.Name + "'");
    note(InKind->second, "first listed here");
    return false;
  }
  auto [It, New] = L.FunctionNames.try_emplace(
      S.Name, SpecLoader::Declared{NameLoc, K.Name, S.Generic});
  if (!New && !(S.Generic && It->second.Generic)) {
    error(NameF->Value,
          "function '" + S.Name + "' is already declared by kind '" +
              It->second.Kind + "'" +
              (S.Generic || It->second.Generic
                   ? " (a function shared by several kinds must be "
                     "'generic: true' in each)"
                   : ""));
    note(It->second.Loc, "declared here");
    return false;
  }
  K.Functions.push_back(std::move(S));
  return true;
}

bool SpecLoader::loadBuffer(std::unique_ptr<MemoryBuffer> Buffer) {
  unsigned Before = NumErrors;
  MemoryBufferRef Ref = Buffer->getMemBufferRef();
  // The SourceMgr refers to the text for later notes ("first declared here").
  Buffers.push_back(std::move(Buffer));
  yaml::Stream Stream(Ref, SM, /*ShowColors=*/errs().has_colors());
  SpecParser P(*this, Stream);
  yaml::document_iterator DI = Stream.begin();
  if (DI == Stream.end() || !DI->getRoot() ||
      isa<yaml::NullNode>(DI->getRoot())) {
    if (!Stream.failed()) {
      ++NumErrors;
      SM.PrintMessage(SMLoc::getFromPointer(Ref.getBufferStart()),
                      SourceMgr::DK_Error,
                      "empty spec file (expected 'version: 1' and 'kinds')");
    }
  } else {
    P.parseDocument(DI->getRoot());
    // Consume what the walk skipped so syntax errors there are seen.
    DI->skip();
    if (!Stream.failed() && ++DI != Stream.end()) {
      ++NumErrors;
      SM.PrintMessage(DI->getRoot()->getSourceRange().Start,
                      SourceMgr::DK_Error,
                      "a spec file holds one YAML document");
    }
  }
  if (Stream.failed())
    ++NumErrors; // The scanner printed it.
  return NumErrors == Before;
}

bool SpecLoader::loadFile(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buf) {
    ++NumErrors;
    SMDiagnostic(Path, SourceMgr::DK_Error,
                 "cannot open spec file: " + Buf.getError().message())
        .print(nullptr, errs());
    return false;
  }
  return loadBuffer(std::move(*Buf));
}

} // namespace bodysan
