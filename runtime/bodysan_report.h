//===- bodysan_report.h - error reports -----------------------------------===//
//
// Every report is printed under one global lock in LeakSanitizer's shape:
//   ==PID==ERROR: BodySanitizer: <kind of error>
//   <sentence naming the handle, the site with file:line:column, the cost>
//   <stacks>
//   SUMMARY: BodySanitizer: <kind of error>: <one line>
// Suppressions are checked first; max_reports and halt_on_error are honoured.
// Callers never hold a registry lock while reporting.
//
//===----------------------------------------------------------------------===//
#ifndef BODYSAN_REPORT_H
#define BODYSAN_REPORT_H

#include "bodysan_registry.h"

namespace __bodysan {

// A handle still open when its function returned (or an exception unwound
// through it). Returns false if the report was suppressed.
bool ReportUnclosedAtScopeExit(const HandleInfo &H,
                               const __bodysan_site *ExitSite);
// A handle released before its end was read.
void ReportUndrained(const HandleInfo &H, const __bodysan_site *ReleaseSite,
                     StackId ReleaseStack, u32 Tid, bool LastUnref);
// A handle released twice.
void ReportDoubleClose(const HandleInfo &H, const __bodysan_site *Site,
                       StackId Stack, u32 Tid);
// A handle read after it was released.
void ReportUseAfterClose(const HandleInfo &H, const __bodysan_site *Site,
                         StackId Stack, u32 Tid);

enum OpenHandlesMode { kAtExit, kRecoverable };
// Reports the given open handles grouped by (kind, acquisition stack), as
// one report; returns how many were reported (not suppressed).
size_t ReportOpenHandles(Vector<HandleInfo> *Handles, OpenHandlesMode Mode);

// True if an error was reported (not suppressed; recoverable checks do not
// count) since the start or the last fork.
bool ErrorReported();
// At exit: the "Suppressions used" table and the count of reports that
// max_reports kept from printing.
void PrintExitNotes();
void ReportAfterForkChild();
// From now on, flush the program's stdio before printing, so its buffered
// output precedes the exit report as it would if the program ended first.
void SetAtExit();

} // namespace __bodysan

#endif // BODYSAN_REPORT_H
