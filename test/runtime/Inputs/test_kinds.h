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
    "The connection will not be reused.",
    0, 0, 0, 0, 0, 0, 0};

/* A non-refcounted kind where closing twice is an error. */
static const struct __bodysan_kind request_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_UNDRAINED_IS_ERROR | BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR |
        BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR,
    "test.request",
    "test request",
    "An unended request keeps its session busy.",
    "The next request on the session fails.",
    0, 0, 0, 0, 0, 0, 0};

/* A kind with no undrained verdict (like a file descriptor). */
static const struct __bodysan_kind plain_kind = {
    BODYSAN_ABI_VERSION, BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR, "test.plain",
    "test handle", "An unclosed handle leaks a descriptor.", 0,
    0, 0, 0, 0, 0, 0, 0};

/* Kinds with parents, as for neon and libcurl. */

/* A neon-like response: an undrained end waits for its session (parent).
 * Closing it twice is an error here (not for neon), so that a test sees
 * whether a release after close_children counts as a second one. */
static const struct __bodysan_kind response_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_UNDRAINED_IS_ERROR | BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR |
        BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT |
        BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR,
    "test.response",
    "test response (TestRequest)",
    "An unended response keeps its session busy.",
    "The next request on the session fails.",
    0, 0, 0, 0, 0, 0, 0};

/* Its session. */
static const struct __bodysan_kind session_kind = {
    BODYSAN_ABI_VERSION, BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR, "test.session",
    "test session (TestSession)", "A leaked session holds a socket.", 0,
    0, 0, 0, 0, 0, 0, 0};

/* A libcurl-like easy handle: transfers, and progress asked from the library
 * through the exported function test_progress (what = 1: received, 2: total),
 * which a test defines when it needs it. */
static const struct __bodysan_kind easy_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR | BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR,
    "test.easy",
    "test easy handle (TEST)",
    "A leaked easy handle keeps 3 descriptors.",
    "The connection is closed instead of reused.",
    0, 0, 0, 0, "test_progress", 1, 2};

/* A libcurl-like multi handle: easy handles still added when it is released
 * are unclosed. */
static const struct __bodysan_kind multi_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR | BODYSAN_KIND_OPEN_CHILDREN_ARE_ERRORS,
    "test.multi",
    "test multi handle (TESTM)",
    "A leaked multi handle keeps its pool.",
    0,
    0, 0, 0, 0, 0, 0, 0};

#define TEST_SITE(name, kind, callee, fn, line, col, role)                     \
  static const struct __bodysan_site name = {                                  \
      &kind, callee, fn, "fetch.c", line, col, role, 0, 0, 0, 0, 0, 0, 0, 0}
#define TEST_READ_SITE(name, kind, callee, fn, line, col, rule, value, count,  \
                       sizefn)                                                 \
  static const struct __bodysan_site name = {                                  \
      &kind, callee, fn, "fetch.c", line, col, BODYSAN_ROLE_READ, rule, value, \
      count, 0, sizefn, 0, 0, 0}
/* A transfer (EOF rule TRANSFER): `value` is success, `stops` (an array of
 * int64_t) the results that mean the program stopped the body early. */
#define TEST_TRANSFER_SITE(name, kind, callee, fn, line, col, value, stops)    \
  static const struct __bodysan_site name = {                                  \
      &kind, callee, fn, "fetch.c", line, col, BODYSAN_ROLE_READ,              \
      BODYSAN_EOF_TRANSFER, value, 0, 0, 0, stops,                             \
      sizeof(stops) / sizeof(stops[0]), 0}
/* A completion (ROLE_COMPLETION, curl_multi_info_read): `layout` is a struct
 * __bodysan_completion, `value` the success result, `stops` the results that
 * mean the program stopped the body early. */
#define TEST_COMPLETION_SITE(name, kind, callee, fn, line, col, value, stops, \
                             layout)                                           \
  static const struct __bodysan_site name = {                                  \
      &kind, callee, fn, "fetch.c", line, col, BODYSAN_ROLE_COMPLETION, 0,     \
      value, 0, 0, 0, stops, sizeof(stops) / sizeof(stops[0]), 0, &layout}
#define TEST_EXIT_SITE(name, fn, line, col, role)                              \
  static const struct __bodysan_site name = {                                  \
      0, 0, fn, "fetch.c", line, col, role, 0, 0, 0, 0, 0, 0, 0, 0}

/* Distinct fake handles (the runtime never dereferences them). */
static char test_handles[4096];
#define HANDLE(i) ((void *)&test_handles[(i)])

#define NOINLINE __attribute__((noinline))

#endif
