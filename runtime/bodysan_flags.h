//===- bodysan_flags.h - run-time flags of BodySanitizer ------------------===//
//
// The flags, their defaults and their parser. Sources, in order: defaults, the
// program's __bodysan_default_options(), the BODYSAN_OPTIONS variable.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_FLAGS_H
#define BODYSAN_FLAGS_H

namespace __bodysan {

struct Flags {
#define BODYSAN_FLAG(Type, Name, Default, Description) Type Name;
#include "bodysan_flags.inc"
#undef BODYSAN_FLAG
  void setDefaults();
};

extern Flags GFlags;
inline const Flags *flags() { return &GFlags; }

// Parses the three sources into GFlags, printing errors and warnings on
// stderr and the help text when help=1.
void InitializeFlags();

// Exposed for testing from the same binary; parses one options string.
void ParseFlagsString(const char *Str, const char *Source);

} // namespace __bodysan

#endif // BODYSAN_FLAGS_H
