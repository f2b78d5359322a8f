//===- bodysan_sarif.h - machine-readable reports -------------------------===//
//
// Every printed report group passes through CaptureReport (bodysan_report.cpp
// calls it for event reports and for each group of an open-handles report),
// which adds the gen_suppressions line to the printed text, appends a JSON
// line to json_path and keeps a SARIF result for sarif_path. FinishOutputs
// writes the SARIF log (and the print_stats table) once, on every way out of
// the process the runtime controls: normal exit, __bodysan_do_check and
// halt_on_error. All of it runs under the report lock.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_SARIF_H
#define BODYSAN_SARIF_H

#include "bodysan_internal.h"
#include "bodysan_suppressions.h"
#include "bodysan_symbolizer.h"

#include <bodysan/bodysan_abi.h>

namespace __bodysan {

// One stack of a report as printed: its title ("Acquired by thread T0
// here:") and its frames.
struct ReportStackView {
  const char *Title;
  const SymbolizedStack *Sym;
};

// A report group as printed.
struct ReportView {
  const char *Error;          // "unclosed-body", "undrained-body", ...
  SuppressionType Type;
  const __bodysan_kind *Kind; // may be NULL
  const char *Text;           // the sentences, '\n'-terminated lines
  size_t TextLen;
  const __bodysan_site *AcquireSite; // may be NULL
  const __bodysan_site *Site;        // the event's site (release, scope
                                     // exit, ...) or NULL
  const ReportStackView *Stacks;
  unsigned NumStacks;
  u64 Count;                  // handles in the group
  u64 Key;                    // dedup key, or 0
};

// Records a report group that is being printed: appends the
// gen_suppressions lines to *Printed (if the flag is set), writes its JSON
// line and keeps its SARIF result. Call under the report lock.
void CaptureReport(const ReportView &R, TextBuffer *Printed);
// A repeat of the report with dedup key Key was counted, not printed.
void CaptureRepeat(u64 Key);
// Writes the SARIF log (once per process). Call under the report lock.
void WriteSarifLog();
// Creates json_path at startup (no descriptor stays open: each line opens
// and closes it), so that a path that cannot be written is reported before
// the program runs.
void InitJsonLog();
// Creates json_path if no report opened it yet (scripts can tell "no
// reports" from "not run").
void TouchJsonLog();
// In the child after fork: forget the parent's results and files.
void SarifAfterForkChild();

// "FILE" with "%p" replaced by the pid ("%%" is a '%').
void ExpandOutputPath(const char *Template, TextBuffer *Out);
// Appends S as a JSON string literal (quotes included): control characters
// escaped, valid UTF-8 kept, invalid bytes as U+FFFD. NULL becomes null.
void AppendJsonString(TextBuffer *Out, const char *S);
void AppendJsonString(TextBuffer *Out, const char *S, size_t Len);
// The path as reports print it (strip_path_prefix applied).
const char *ReportPath(const char *Path);

} // namespace __bodysan

#endif // BODYSAN_SARIF_H
