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
// Why an undrained verdict that waited on the handle's parent
// (BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT) is reported now.
enum PendingReason {
  kNotPending,  // reported at its release
  kNextFailed,  // the next request on the same parent failed to start: WhySite
                // and WhyStack are that request's
  kEndFailed    // the release call itself failed (WhyResult) and dropped the
                // connection
};
// A handle released before its end was read.
void ReportUndrained(const HandleInfo &H, const __bodysan_site *ReleaseSite,
                     StackId ReleaseStack, u32 Tid, bool LastUnref,
                     PendingReason Why = kNotPending,
                     const __bodysan_site *WhySite = nullptr,
                     StackId WhyStack = 0, u32 WhyTid = 0);
// A transfer call (EOF rule TRANSFER) returned one of its site's stop values,
// or a completion call (ROLE_COMPLETION) returned a done message with one as
// its result: the program stopped the body before its end. With NextSite,
// the verdict waited on the handle (BODYSAN_KIND_STOPPED_WAITS_FOR_REUSE) and
// is reported because the handle's next transfer (NextSite, NextStack) ran
// and had to open a new connection.
void ReportTransferStopped(const HandleInfo &H, const __bodysan_site *Site,
                           StackId Stack, u32 Tid, int64_t Result,
                           const __bodysan_site *NextSite = nullptr,
                           StackId NextStack = 0, u32 NextTid = 0);
// A handle detached from its parent after Received of Total bytes.
void ReportDetachedEarly(const HandleInfo &H, const __bodysan_site *Site,
                         StackId Stack, u32 Tid, int64_t Received,
                         int64_t Total);
// A handle still open at a call that frees it (ParentKind == NULL: a destroy
// call), or still attached to a parent of kind ParentKind that a release call
// frees (BODYSAN_KIND_OPEN_CHILDREN_ARE_ERRORS).
void ReportUnclosedAtCall(const HandleInfo &H, const __bodysan_site *Site,
                          StackId Stack, u32 Tid,
                          const __bodysan_kind *ParentKind);
// A handle released twice.
void ReportDoubleClose(const HandleInfo &H, const __bodysan_site *Site,
                       StackId Stack, u32 Tid);
// A handle read after it was released.
// A released parent handle was passed to a call on its children (a detach or
// attach naming a multi handle already cleaned up).
void ReportParentUseAfterClose(const HandleInfo &H, const __bodysan_site *Site,
                               StackId Stack, u32 Tid);
void ReportUseAfterClose(const HandleInfo &H, const __bodysan_site *Site,
                         StackId Stack, u32 Tid);

enum OpenHandlesMode { kAtExit, kRecoverable, kAtSectionEnd };
// For kAtSectionEnd (bodysan_checkpoint.cpp): the section's name, and what
// the caller of __bodysan_check_section wants back.
struct SectionReport {
  const char *Name;   // in: may be NULL
  char *Text;         // in: where to copy the report (may be NULL)
  size_t TextSize;
  const __bodysan_site *FirstSite; // out: acquisition site of the first group
};
// Reports the given open handles grouped by (kind, acquisition stack), as
// one report; returns how many were reported (not suppressed).
size_t ReportOpenHandles(Vector<HandleInfo> *Handles, OpenHandlesMode Mode,
                         SectionReport *Section = nullptr);

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
