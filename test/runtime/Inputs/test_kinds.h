/* Hand-written kinds and sites for the direct-ABI runtime tests: what the pass
 * would emit for a body-like handle. Sites name a fictional source file
 * "fetch.c" so the site descriptions in reports are predictable; the stacks
 * are those of the real test program. */
#ifndef BODYSAN_TEST_KINDS_H
#define BODYSAN_TEST_KINDS_H

#include <bodysan/bodysan_abi.h>

/* A libsoup-like kind: refcounted, undrained and use-after-close are errors. */
static const struct __bodysan_kind body_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_UNDRAINED_IS_ERROR | BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR |
        BODYSAN_KIND_REFCOUNTED,
    "test.body",
    "test response body (TestStream)",
    "An unclosed body keeps its connection busy.",
    "The connection will not be reused."};

/* A non-refcounted kind where closing twice is an error. */
static const struct __bodysan_kind request_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_UNDRAINED_IS_ERROR | BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR |
        BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR,
    "test.request",
    "test request",
    "An unended request keeps its session busy.",
    "The next request on the session fails."};

/* A kind with no undrained verdict (like a file descriptor). */
static const struct __bodysan_kind plain_kind = {
    BODYSAN_ABI_VERSION, BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR, "test.plain",
    "test handle", "An unclosed handle leaks a descriptor.", 0};

#define TEST_SITE(name, kind, callee, fn, line, col, role)                     \
  static const struct __bodysan_site name = {                                  \
      &kind, callee, fn, "fetch.c", line, col, role, 0, 0, 0, 0, 0}
#define TEST_READ_SITE(name, kind, callee, fn, line, col, rule, value, count,  \
                       sizefn)                                                 \
  static const struct __bodysan_site name = {                                  \
      &kind, callee, fn, "fetch.c", line, col, BODYSAN_ROLE_READ, rule, value, \
      count, 0, sizefn}
#define TEST_EXIT_SITE(name, fn, line, col, role)                              \
  static const struct __bodysan_site name = {                                  \
      0, 0, fn, "fetch.c", line, col, role, 0, 0, 0, 0, 0}

/* Distinct fake handles (the runtime never dereferences them). */
static char test_handles[4096];
#define HANDLE(i) ((void *)&test_handles[(i)])

#define NOINLINE __attribute__((noinline))

#endif
