//===- bodysan_flags.cpp - run-time flags of BodySanitizer ----------------===//
//
// Parses "name=value" pairs separated by ':', ',' or whitespace; values may be
// quoted with ' or ". A malformed pair is reported and skipped (the flag keeps
// its previous value); parsing never stops the program.
//
//===----------------------------------------------------------------------===//
#include "bodysan_flags.h"
#include "bodysan_internal.h"

#include <errno.h>
#include <limits.h>

// The program may define a strong version; the runtime's weak one returns "".
BODYSAN_WEAK_EXPORT const char *__bodysan_default_options(void) { return ""; }

namespace __bodysan {

Flags GFlags;

void Flags::setDefaults() {
#define BODYSAN_FLAG(Type, Name, Default, Description) Name = Default;
#include "bodysan_flags.inc"
#undef BODYSAN_FLAG
}

namespace {

enum FlagType { kInt, kBool, kString };

template <typename T> struct TypeOf;
template <> struct TypeOf<int> { static const FlagType Value = kInt; };
template <> struct TypeOf<bool> { static const FlagType Value = kBool; };
template <> struct TypeOf<const char *> {
  static const FlagType Value = kString;
};

struct FlagDesc {
  const char *Name;
  FlagType Type;
  const char *Default;
  const char *Description;
  void *Ptr;
};

#define BODYSAN_STR(X) #X
const FlagDesc kFlagDescs[] = {
#define BODYSAN_FLAG(Type, Name, Default, Description)                         \
  {#Name, TypeOf<Type>::Value, BODYSAN_STR(Default), Description, &GFlags.Name},
#include "bodysan_flags.inc"
#undef BODYSAN_FLAG
};
const size_t kNumFlags = sizeof(kFlagDescs) / sizeof(kFlagDescs[0]);

const char *TypeName(FlagType T) {
  switch (T) {
  case kInt:
    return "int";
  case kBool:
    return "bool";
  case kString:
    return "string";
  }
  return "?";
}

bool IsSeparator(char C) {
  return C == ':' || C == ',' || C == ' ' || C == '\t' || C == '\n' ||
         C == '\r';
}

bool ParseBool(const char *V, bool *Out) {
  if (!strcmp(V, "1") || !strcmp(V, "true") || !strcmp(V, "yes")) {
    *Out = true;
    return true;
  }
  if (!strcmp(V, "0") || !strcmp(V, "false") || !strcmp(V, "no")) {
    *Out = false;
    return true;
  }
  return false;
}

bool ParseInt(const char *V, int *Out) {
  if (!*V)
    return false;
  errno = 0;
  char *End = nullptr;
  long L = strtol(V, &End, 10);
  if (errno || *End || L < INT_MIN || L > INT_MAX)
    return false;
  *Out = (int)L;
  return true;
}

// Range checks for int flags whose value must be sane.
const char *CheckRange(const char *Name, int V) {
  if (!strcmp(Name, "stack_depth") && (V < 1 || V > 256))
    return "expected 1..256";
  if (!strcmp(Name, "max_reports") && V < 0)
    return "expected 0 (unlimited) or more";
  if (!strcmp(Name, "section_settle_ms") && V < 0)
    return "expected 0 (no waiting) or more";
  if (!strcmp(Name, "exitcode") && (V < 0 || V > 255))
    return "expected 0..255";
  return nullptr;
}

void FlagError(const char *Source, const char *Fmt, const char *A,
               const char *B, const char *C) {
  TextBuffer T = {};
  T.appendf("==%d==BodySanitizer: ERROR: ", CachedPid());
  T.appendf(Fmt, A, B, C);
  T.appendf(" in %s; ignored\n", Source);
  WriteFully(2, T.c_str(), T.Size);
  T.reset();
}

void SetFlag(const char *Name, const char *Value, bool HasValue,
             const char *Source) {
  const FlagDesc *D = nullptr;
  for (size_t I = 0; I < kNumFlags; ++I)
    if (!strcmp(kFlagDescs[I].Name, Name))
      D = &kFlagDescs[I];
  if (!D) {
    ErrPrintf("==%d==BodySanitizer: WARNING: unknown flag '%s' in %s; "
              "ignored\n",
              CachedPid(), Name, Source);
    return;
  }
  if (!HasValue) {
    FlagError(Source, "flag '%s' has no value (expected '%s=<%s>')", Name,
              Name, TypeName(D->Type));
    return;
  }
  switch (D->Type) {
  case kBool: {
    bool B;
    if (!ParseBool(Value, &B)) {
      FlagError(Source, "invalid value '%s' for flag '%s' (expected %s)",
                Value, Name, "0, 1, true, false, yes or no");
      return;
    }
    *static_cast<bool *>(D->Ptr) = B;
    return;
  }
  case kInt: {
    int I;
    if (!ParseInt(Value, &I)) {
      FlagError(Source, "invalid value '%s' for flag '%s' (expected %s)",
                Value, Name, "an integer");
      return;
    }
    if (const char *Problem = CheckRange(Name, I)) {
      FlagError(Source, "invalid value '%s' for flag '%s' (%s)", Value, Name,
                Problem);
      return;
    }
    *static_cast<int *>(D->Ptr) = I;
    return;
  }
  case kString:
    *static_cast<const char **>(D->Ptr) = InternalStrdup(Value);
    return;
  }
}

void PrintHelp() {
  TextBuffer T = {};
  T.appendf("Available flags for BodySanitizer (BODYSAN_OPTIONS, separated by "
            "':', ',' or spaces):\n");
  for (size_t I = 0; I < kNumFlags; ++I) {
    const FlagDesc &D = kFlagDescs[I];
    T.appendf("\t%s\n\t\t- %s (type: %s, default: %s)\n", D.Name,
              D.Description, TypeName(D.Type), D.Default);
  }
  WriteFully(2, T.c_str(), T.Size);
  T.reset();
}

} // namespace

void ParseFlagsString(const char *Str, const char *Source) {
  if (!Str)
    return;
  const char *P = Str;
  TextBuffer Name = {}, Value = {};
  for (;;) {
    while (IsSeparator(*P))
      ++P;
    if (!*P)
      break;
    Name.clear();
    Value.clear();
    while (*P && *P != '=' && !IsSeparator(*P))
      Name.append(P++, 1);
    bool HasValue = false;
    bool Unterminated = false;
    if (*P == '=') {
      HasValue = true;
      ++P;
      if (*P == '\'' || *P == '"') {
        char Quote = *P++;
        while (*P && *P != Quote)
          Value.append(P++, 1);
        if (*P == Quote)
          ++P;
        else
          Unterminated = true;
      } else {
        while (*P && !IsSeparator(*P))
          Value.append(P++, 1);
      }
    }
    if (Name.Size == 0) {
      // "=value" with no name.
      FlagError(Source, "expected 'name=value', got '=%s'%s%s", Value.c_str(),
                "", "");
      continue;
    }
    if (Unterminated) {
      FlagError(Source, "unterminated quoted value '%s' for flag '%s'%s",
                Value.c_str(), Name.c_str(), "");
      continue;
    }
    SetFlag(Name.c_str(), Value.c_str(), HasValue, Source);
  }
  Name.reset();
  Value.reset();
}

void InitializeFlags() {
  GFlags.setDefaults();
  ParseFlagsString(__bodysan_default_options(), "__bodysan_default_options()");
  ParseFlagsString(getenv("BODYSAN_OPTIONS"), "BODYSAN_OPTIONS");
  if (GFlags.help)
    PrintHelp();
}

} // namespace __bodysan
