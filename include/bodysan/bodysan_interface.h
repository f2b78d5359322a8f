/*===- bodysan_interface.h - public interface of BodySanitizer -------------===*
 *
 * Functions a program may call to control BodySanitizer at run time. Every
 * function is safe to call from any thread. When the program is not
 * instrumented, declare them weak and test for NULL before calling.
 *
 *===----------------------------------------------------------------------===*/
#ifndef BODYSAN_INTERFACE_H
#define BODYSAN_INTERFACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Reports every handle that is open now (acquired, not released, not ignored,
 * acquired while checks were enabled) in the usual report format, and returns
 * how many there are. The process goes on; the handles stay tracked, so a
 * later check reports them again. The exit code is not changed by this call. */
int __bodysan_do_recoverable_check(void);

/* The end-of-process check, now: if anything is open it is reported and the
 * process exits with the `exitcode` flag. Subsequent calls do nothing, and the
 * end-of-process check will not run again. */
void __bodysan_do_check(void);

/* Handles acquired by this thread between a disable and the matching enable are
 * not tracked. Calls nest; each disable must be matched by one enable. */
void __bodysan_disable(void);
void __bodysan_enable(void);

/* Never report this handle (it may still be released normally). Unknown
 * handles are ignored. */
void __bodysan_ignore(const void *handle);

/* How many handles are open now. */
size_t __bodysan_live_count(void);

/* Checked sections: per-test leak checks (what the GoogleTest listener of
 * <bodysan/gtest.h> does around every test; usable from any framework).
 *
 * __bodysan_checkpoint opens a checked section on the calling thread and
 * returns its token (never 0). Sections nest: one opened while another is open
 * on the same thread is inside it, and its handles also belong to the outer
 * one. Every handle acquired while a section is open is attributed to the
 * innermost open section of the thread that acquires it. A handle acquired on a
 * thread with no open section (a worker thread the test started) is attributed
 * to the only open section of the process if exactly one is open, otherwise to
 * none: it is left to the end-of-process check. Handles acquired before the
 * checkpoint are never attributed to it. While no section was ever opened,
 * acquisitions pay one relaxed atomic load for this feature.
 *
 * __bodysan_check_since(token) closes the section (and any section opened
 * inside it on this thread and not checked yet) and reports every handle
 * attributed to it that is still open: not released, not ignored, not already
 * reported, and not waiting for the finalization of an object the program let
 * go of (a libsoup body the program unref'd is not blamed). It is reported as
 * an unclosed-body error in the usual format, "... was still open at the end of
 * the checked section", with the acquisition stack, and counts as an error like
 * any other report (suppressions, max_reports, halt_on_error, exitcode). The
 * reported handles are not reported again at exit. Returns how many handles
 * were reported (suppressed ones do not count), or -1 if token does not name a
 * section open on the calling thread (unknown, already checked, closed by the
 * check of an enclosing section, or opened by another thread): check a section
 * on the thread that opened it. Two threads checking their own sections at the
 * same time each get only their own handles. */
uintptr_t __bodysan_checkpoint(void);
int __bodysan_check_since(uintptr_t token);

/* __bodysan_check_since, and more for a test framework's failure message:
 *  - name (may be NULL) names the section in the report: "... at the end of
 *    the checked section 'Suite.Name'";
 *  - if report is not NULL and report_size > 0, the report as printed is
 *    copied there, NUL-terminated and truncated to report_size - 1 bytes (""
 *    when nothing was reported);
 *  - *acquire_file and *acquire_line (either pointer may be NULL) receive the
 *    source location of the call that acquired the first handle of the report
 *    (the largest group), as compiled; NULL and 0 when nothing was reported or
 *    the location is unknown. The string lives as long as the program.
 * Returns what __bodysan_check_since returns. */
int __bodysan_check_section(uintptr_t token, const char *name, char *report,
                            size_t report_size, const char **acquire_file,
                            unsigned *acquire_line);

/* Optional: default run-time options, read before BODYSAN_OPTIONS. Define it in
 * the program to change the defaults, e.g. return "exitcode=7:verbosity=1". */
const char *__bodysan_default_options(void);

#ifdef __cplusplus
} /* extern "C" */

namespace __bodysan {
/* Disables tracking of acquisitions on this thread for the lifetime of the object. */
class ScopedDisabler {
public:
  ScopedDisabler() { __bodysan_disable(); }
  ~ScopedDisabler() { __bodysan_enable(); }
  ScopedDisabler(const ScopedDisabler &) = delete;
  ScopedDisabler &operator=(const ScopedDisabler &) = delete;
  ScopedDisabler(ScopedDisabler &&) = delete;
  ScopedDisabler &operator=(ScopedDisabler &&) = delete;
};
} // namespace __bodysan
#endif

#endif /* BODYSAN_INTERFACE_H */
