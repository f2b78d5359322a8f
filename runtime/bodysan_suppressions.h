//===- bodysan_suppressions.h - suppressions file -------------------------===//
//
// A suppressions file has one "type:pattern" per line; type is unclosed,
// undrained, double-close or use-after-close; '#' starts a comment. As in
// LeakSanitizer, a pattern matches when it occurs anywhere in a frame's
// function name, source file or module path ('*' and '?' are wildcards; '^'
// and '$' anchor it at the start or end).
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_SUPPRESSIONS_H
#define BODYSAN_SUPPRESSIONS_H

#include "bodysan_internal.h"
#include "bodysan_symbolizer.h"

namespace __bodysan {

enum SuppressionType {
  kSuppressUnclosed,
  kSuppressUndrained,
  kSuppressDoubleClose,
  kSuppressUseAfterClose,
  kNumSuppressionTypes
};

// Reads the file named by the suppressions flag (if any).
void InitSuppressions();
// Returns true (and counts Count hits) if a suppression of type Type matches a
// frame of any of the stacks (NULL entries are skipped), or one of the extra
// strings.
bool IsSuppressed(SuppressionType Type, const SymbolizedStack *const *Stacks,
                  unsigned NumStacks, const char *const *Extra,
                  unsigned NumExtra, u64 Count);
// Appends the "Suppressions used:" table to Out if any suppression matched.
void PrintMatchedSuppressions(TextBuffer *Out);
// Forgets hit counts (child after fork).
void ResetSuppressionCounts();

} // namespace __bodysan

#endif // BODYSAN_SUPPRESSIONS_H
