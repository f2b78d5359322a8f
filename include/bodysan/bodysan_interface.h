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
