//===- bodysan_suppressions.h - suppressions file -------------------------===//
//
// A suppressions file has one "type:pattern" per line; type is unclosed,
// undrained, double-close or use-after-close; '#' starts a comment. As in
// LeakSanitizer, a pattern matches when it occurs anywhere in a frame's
// function name, source file or module path ('*' and '?' are wildcards; '^'
// and '$' anchor it at the start or end).
//
// A pattern made of frames, 'function@file:line[:column]' separated by ';'
// (consecutive frames of one stack, frame #0 first) and '|' (another stack),
// is a located suppression: it matches a report only when each of its chains
// is the start of one of the report's stacks (or of the report's site: the
// exit site of a scope-exit report). gen_suppressions=1 prints one such line
// per report. See docs/Reports.md "Suppression lines".
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_SUPPRESSIONS_H
#define BODYSAN_SUPPRESSIONS_H

#include "bodysan_internal.h"
#include "bodysan_symbolizer.h"

#include <bodysan/bodysan_abi.h>

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
// Site, when given, is matched by located suppressions as a one-frame stack.
bool IsSuppressed(SuppressionType Type, const SymbolizedStack *const *Stacks,
                  unsigned NumStacks, const char *const *Extra,
                  unsigned NumExtra, u64 Count,
                  const __bodysan_site *Site = nullptr);
// The suppressions file name of Type ("unclosed", ...).
const char *SuppressionTypeName(SuppressionType Type);
// Appends (without a newline) the located suppression that matches exactly
// the report of type Type with these stacks: Site's one-frame chain when
// WithSite, then the chains of Stacks[0] and, if AcquireIndex > 0, of
// Stacks[AcquireIndex]. Frames are the consecutive ones from #0 that have a
// source location (file basenames), at most 16, up to main.
void AppendSuppressionLine(TextBuffer *Out, SuppressionType Type,
                           const SymbolizedStack *const *Stacks,
                           unsigned NumStacks, int AcquireIndex,
                           const __bodysan_site *Site, bool WithSite);
// Appends the "Suppressions used:" table to Out if any suppression matched.
void PrintMatchedSuppressions(TextBuffer *Out);
// Forgets hit counts (child after fork).
void ResetSuppressionCounts();

} // namespace __bodysan

#endif // BODYSAN_SUPPRESSIONS_H
