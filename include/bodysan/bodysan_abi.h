/*===- bodysan_abi.h - ABI between the BodySanitizer pass and runtime ------===*
 *
 * This header is the contract between the instrumentation pass (pass/) and the
 * runtime (runtime/). It is not a user interface: users include
 * <bodysan/bodysan_interface.h>. Every change to the layout of the structs or to
 * the hook signatures below bumps BODYSAN_ABI_VERSION, and with it the name of
 * the version-check symbol, so that a module instrumented by one version fails to
 * link against the runtime of another instead of misbehaving.
 *
 * All hooks are C functions that never throw (the pass declares them nounwind).
 * A hook that receives a handle the runtime does not track ignores it cheaply.
 *
 *===----------------------------------------------------------------------===*/
#ifndef BODYSAN_ABI_H
#define BODYSAN_ABI_H

#include <stdint.h>

#define BODYSAN_ABI_VERSION 3
/* The pass makes every instrumented module reference this symbol. */
#define BODYSAN_VERSION_CHECK_NAME "__bodysan_version_mismatch_check_v3"

#ifdef __cplusplus
extern "C" {
#endif

/* Per-kind behaviour bits (__bodysan_kind::flags). */
enum {
  /* Releasing the handle before its end was read is reported (undrained-body). */
  BODYSAN_KIND_UNDRAINED_IS_ERROR = 1u << 0,
  /* Releasing an already released handle is reported (double-close). */
  BODYSAN_KIND_DOUBLE_CLOSE_IS_ERROR = 1u << 1,
  /* Reading a released handle is reported (use-after-close). */
  BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR = 1u << 2,
  /* The handle is a reference-counted object: retain/unref calls are counted,
   * and the caller's last unref releases it. */
  BODYSAN_KIND_REFCOUNTED = 1u << 3,
  /* The handle is a GObject: the runtime attaches a weak reference at acquire
   * (g_object_weak_ref, found with dlsym) and treats finalization as a release,
   * so releases the pass cannot see are not reported as leaks. */
  BODYSAN_KIND_WATCH_GOBJECT = 1u << 4,
  /* An undrained release of a handle that has a parent (its session) is not
   * reported at once: the verdict waits on the parent, and the next request
   * on that parent decides it. If that request fails to start
   * (__bodysan_set_parent with a NULL handle), the body left on the connection
   * broke it: reported. If it starts, the release cost nothing (a body the
   * library knew to be empty or complete: HEAD, 204, 304, exactly
   * Content-Length bytes read): dropped. A __bodysan_close_children on the
   * parent (neon's ne_close_connection), the parent's release, and exit drop
   * it too: no request was harmed. */
  BODYSAN_KIND_UNDRAINED_WAITS_FOR_PARENT = 1u << 5,
  /* Releasing a handle of this kind while open handles still have it as their
   * parent reports each of them as unclosed (an easy handle still added to a
   * multi handle at curl_multi_cleanup). */
  BODYSAN_KIND_OPEN_CHILDREN_ARE_ERRORS = 1u << 6,
  /* A transfer (EOF rule TRANSFER) that returns one of its stop values on a
   * handle without a parent is not reported at once: the connection it closed
   * belongs to the handle's own pool, and costs something only if the handle
   * transfers again. The verdict waits on the handle: the next transfer call
   * on it reports it (that transfer had to open a new connection); the
   * handle's release or destruction and exit drop it (a one-shot handle
   * aborted on purpose loses nothing). A handle with a parent (attached to a
   * multi handle: a shared pool) keeps the immediate verdict, and so do
   * completion messages. Added in ABI v3 without a version bump: a runtime
   * that ignores the bit reports at once, as before. */
  BODYSAN_KIND_STOPPED_WAITS_FOR_REUSE = 1u << 7,
};

/* A rule that makes a watched GObject handle exempt from undrained verdicts:
 * the object has the GObject property `property` holding an object, and the
 * function `getter` (found with dlsym) returns `value` for that object. */
struct __bodysan_exemption {
  const char *property;
  const char *getter;
  int64_t value;
};

/* One resource kind, emitted once per module as a private constant. Two
 * modules describing the same kind emit equal contents (compare by name). */
struct __bodysan_kind {
  uint32_t abi_version;    /* BODYSAN_ABI_VERSION */
  uint32_t flags;          /* BODYSAN_KIND_* */
  const char *name;        /* short id, e.g. "libsoup3.body" */
  const char *description; /* noun phrase, e.g. "libsoup 3 response body (GInputStream)" */
  const char *unclosed_consequence;  /* sentence: what a leak costs */
  const char *undrained_consequence; /* sentence: what an undrained release costs */
  /* WATCH_GOBJECT kinds: a signal the library emits on the handle when it has
   * seen the end of the body itself (libsoup's "eof"), or NULL. Where the
   * object has it, it decides undrained verdicts, whoever read the body. */
  const char *eof_signal;
  /* WATCH_GOBJECT kinds: bodies whose undrained release costs nothing get no
   * undrained verdict: those matching any of the `num_exemptions` rules, and
   * objects without the kind's eof_signal (not a body on a connection:
   * libsoup returns a memory stream for a body it already read). libsoup's
   * rules: the stream's "message" with soup_message_get_http_version () ==
   * SOUP_HTTP_2_0 (an HTTP/2 stream closed early is reset, the connection
   * stays), or soup_message_is_keepalive () == FALSE (the connection closes
   * after this response anyway). */
  const struct __bodysan_exemption *exemptions;
  uint32_t num_exemptions;
  uint32_t reserved;
  /* How far a body got, asked from the library when a handle is detached from
   * its parent (curl_multi_remove_handle), or NULL. The runtime finds the
   * function with dlsym and calls it as
   *   int progress_fn(void *handle, int what, int64_t *out)   (0 = success)
   * with what = progress_received and what = progress_total (libcurl:
   * curl_easy_getinfo with CURLINFO_SIZE_DOWNLOAD_T and
   * CURLINFO_CONTENT_LENGTH_DOWNLOAD_T). received < total, total > 0 means the
   * body was not read to its end: undrained. Unknown totals give no verdict. */
  const char *progress_fn;
  int64_t progress_received;
  int64_t progress_total;
};

/* What a hooked call does (__bodysan_site::role). */
enum {
  BODYSAN_ROLE_ACQUIRE = 1,
  BODYSAN_ROLE_READ = 2,    /* includes drains: the EOF rule says when the end was reached */
  BODYSAN_ROLE_RELEASE = 3, /* close/end: the handle is finished */
  BODYSAN_ROLE_RETAIN = 4,
  BODYSAN_ROLE_UNREF = 5,
  BODYSAN_ROLE_READ_REQUEST = 6, /* async read started: remembers the requested count */
  BODYSAN_ROLE_HANDOFF = 7, /* handle passed to code the pass cannot see */
  BODYSAN_ROLE_ADOPT = 8,   /* a call to a function that returns a fresh handle */
  BODYSAN_ROLE_EXIT_RETURN = 9,  /* scope exit by return */
  BODYSAN_ROLE_EXIT_UNWIND = 10, /* scope exit by exception */
  BODYSAN_ROLE_DESTROY = 11, /* frees the handle: still open there = unclosed */
  BODYSAN_ROLE_CLOSE_CHILDREN = 12, /* closes every open handle of a parent */
  BODYSAN_ROLE_ATTACH = 13, /* gives the handle a parent (curl_multi_add_handle) */
  BODYSAN_ROLE_DETACH = 14, /* takes it away again (curl_multi_remove_handle) */
  BODYSAN_ROLE_COMPLETION = 15, /* returns a message saying a handle's transfer ended
                                   (curl_multi_info_read's CURLMSG_DONE) */
  BODYSAN_ROLE_REQUEST = 16, /* a whole request on a parent (ne_request_dispatch, ne_get) */
  BODYSAN_ROLE_RUNNING = 17, /* says how many transfers of a parent still run
                                (curl_multi_perform's running_handles) */
};

/* The layout of a completion message (__bodysan_site::completion): the
 * message is done when the int at status_offset equals done_value; the handle
 * is the pointer at handle_offset and the transfer's result the int at
 * result_offset (libcurl's CURLMsg on LP64: 0, CURLMSG_DONE = 1, 8, 16). */
struct __bodysan_completion {
  uint32_t status_offset;
  int32_t done_value;
  uint32_t handle_offset;
  uint32_t result_offset;
};

/* How a read shows that the end of the body was reached (__bodysan_site::eof_rule).
 * In __bodysan_read(h, site, result, count, out):
 *   result = the call's return value (integers sign-extended, pointers as integers),
 *   count  = the requested byte count when the function has one, else 0,
 *   out    = the out-parameter holding the number of bytes read, or NULL.
 * A read that fails (result < 0 for RET_ZERO, 0 for OUT_SHORT*, NULL for
 * SIZE_FN_ZERO, another value than eof_value for RET_EQ) means the end can no
 * longer be read: such a handle gets no undrained verdict. */
enum {
  BODYSAN_EOF_NONE = 0,       /* the call cannot show EOF */
  BODYSAN_EOF_RET_ZERO = 1,   /* result is a signed byte count: > 0 bytes read, 0 = EOF
                                 (unless count was 0 and the function has a count), < 0 error */
  BODYSAN_EOF_OUT_SHORT = 2,  /* result != 0 means success; *(uint64_t*)out bytes were read;
                                 EOF when *out < count */
  BODYSAN_EOF_SIZE_FN_ZERO = 3, /* result is an object (e.g. GBytes*); site->size_fn (looked up
                                   with dlsym) gives its size; non-NULL and size 0 = EOF */
  BODYSAN_EOF_OUT_SHORT_PENDING = 4, /* as OUT_SHORT, with count taken from the last
                                        READ_REQUEST on this handle */
  BODYSAN_EOF_RET_EQ = 5,     /* the call consumes the whole body when result == site->eof_value
                                 (drains such as ne_discard_response returning 0) */
  BODYSAN_EOF_TRANSFER = 6,   /* a whole transfer (curl_easy_perform): result == eof_value is a
                                 body read to its end; a result among site->stop_values means
                                 the program stopped it early: reported as undrained-body at
                                 this call (the handle stays open; with
                                 BODYSAN_KIND_STOPPED_WAITS_FOR_REUSE, at its
                                 next transfer); any other result failed */
};

/* One hooked call site or scope exit, emitted by the pass as a private constant. */
struct __bodysan_site {
  const struct __bodysan_kind *kind; /* NULL for generic hooks and scope exits */
  const char *callee;   /* called function, demangled; NULL for scope exits */
  const char *function; /* enclosing function, demangled */
  const char *file;     /* source file from the debug location, or NULL */
  uint32_t line;        /* 0 when unknown */
  uint32_t column;      /* 0 when unknown */
  uint32_t role;        /* BODYSAN_ROLE_* */
  uint32_t eof_rule;    /* BODYSAN_EOF_* (reads only) */
  int64_t eof_value;    /* for BODYSAN_EOF_RET_EQ */
  uint32_t has_count;   /* the read function takes a byte count (passed as `count`) */
  uint32_t reserved;
  const char *size_fn;  /* for BODYSAN_EOF_SIZE_FN_ZERO, e.g. "g_bytes_get_size" */
  const int64_t *stop_values; /* for BODYSAN_EOF_TRANSFER and completions, or NULL */
  uint32_t num_stop_values;
  uint32_t reserved2;
  const struct __bodysan_completion *completion; /* ROLE_COMPLETION only, else NULL */
};

/* --- Hooks called by instrumented code ---------------------------------- */

/* Module constructor (through the sanitizer ctor helpers): idempotent. */
void __bodysan_init(void);
void __bodysan_version_mismatch_check_v3(void);

/* After a successful acquire. A NULL handle (failure result) is ignored. */
void __bodysan_acquire(void *handle, const struct __bodysan_site *site);
/* As __bodysan_acquire, and the handle stays local to the calling function:
 * it is pushed on this thread's scope list, checked at the scope's exits. */
void __bodysan_acquire_local(void *handle, const struct __bodysan_site *site);
/* A call to an in-module function that returns a fresh handle, whose result stays
 * local: push an already tracked, open handle on this thread's scope list. */
void __bodysan_adopt_local(void *handle, const struct __bodysan_site *site);
/* After a read (or drain) call; see the EOF rules above. */
void __bodysan_read(void *handle, const struct __bodysan_site *site,
                    int64_t result, uint64_t count, const void *out);
/* Before an async read starts; remembers `count` for OUT_SHORT_PENDING. */
void __bodysan_read_request(void *handle, const struct __bodysan_site *site,
                            uint64_t count);
/* Before a release (close/end) call. */
void __bodysan_release(void *handle, const struct __bodysan_site *site);
/* After a retain call (refcounted kinds). */
void __bodysan_retain(void *handle, const struct __bodysan_site *site);
/* Before an unref call (refcounted kinds): the caller's last unref releases. */
void __bodysan_unref(void *handle, const struct __bodysan_site *site);
/* Before a call that hands a tracked local handle to code the pass cannot see:
 * reads of this handle are no longer all observed, so no undrained verdict. */
void __bodysan_handoff(void *handle, const struct __bodysan_site *site);

/* After an acquire whose kind function names a parent (ROLE_ACQUIRE: the
 * session, from a getter or an argument), or after a successful attach
 * (ROLE_ATTACH: a new transfer starts, so the read state is reset). A NULL
 * parent clears it. This is the next request on `parent`: it decides the
 * pending undrained verdicts there (UNDRAINED_WAITS_FOR_PARENT). For an
 * acquire whose handle is an argument, `handle` is NULL when the acquire
 * failed: then the pending verdicts are reported (the body left on the
 * connection broke this request); a request that started drops them. */
void __bodysan_set_parent(void *handle, void *parent,
                          const struct __bodysan_site *site);
/* Before a detach call: the handle leaves `parent`. With the kind's
 * progress_fn, a body not received to its end is undrained-body. */
void __bodysan_detach(void *handle, void *parent,
                      const struct __bodysan_site *site);
/* Before a destroy call (ne_request_destroy): a handle still open here (not
 * released, not closed through its parent, no failed read) is unclosed-body,
 * reported at this call. The record is finished either way. */
void __bodysan_destroy(void *handle, const struct __bodysan_site *site);
/* Before a call that closes every open handle of site->kind whose parent is
 * `parent` (ne_close_connection): they are closed with no verdict, and pending
 * undrained verdicts on `parent` are dropped. */
void __bodysan_close_children(void *parent, const struct __bodysan_site *site);
/* Around a call that makes a request on `parent` (an acquire whose kind's
 * undrained verdicts wait for the parent, or a ROLE_REQUEST function): before
 * it, the verdicts waiting on `parent` are claimed by this request, so that a
 * __bodysan_close_children inside it (neon closes the connection of a request
 * that failed to start) does not drop them; after it, `started` says whether
 * the request started: if not, the claimed verdicts are reported (the body
 * left on the connection broke it), else they are dropped. */
void __bodysan_request_start(void *parent, const struct __bodysan_site *site);
void __bodysan_request_end(void *parent, int started,
                           const struct __bodysan_site *site);
/* After a release call of a kind whose undrained verdicts wait for the parent,
 * with the call's result (integers sign-extended): a non-zero result (the end
 * itself failed: neon's ne_end_request on an unread chunked body) reports the
 * verdict waiting for this handle at once, since the failure dropped the
 * connection. */
void __bodysan_release_result(void *handle, int64_t result,
                              const struct __bodysan_site *site);
/* After a successful ROLE_RUNNING call, with the count it stored: 0 means
 * every transfer of the handles attached to `parent` ended (finished or
 * failed: paused transfers still run), so a later detach of them gives no
 * verdict, as after a completion message. */
void __bodysan_transfers_running(void *parent, int64_t running,
                                 const struct __bodysan_site *site);
/* After a completion call, with its result (a message, or NULL). A done
 * message ends the transfer of its handle: result == site->eof_value is a body
 * received to its end, a result among site->stop_values is undrained-body
 * reported at this call, any other result failed; in every case a later
 * detach gives no verdict (the transfer is over, its connection already
 * handled by the library). */
void __bodysan_completion(const void *message, const struct __bodysan_site *site);

/* At the entry of a function that has local handles: returns a token. */
uintptr_t __bodysan_scope_enter(void);
/* At every exit of that function (site->role: EXIT_RETURN or EXIT_UNWIND).
 * Handles pushed since `token` that are still open are reported, except
 * `returned` (the function's return value, or NULL), which passes to the caller. */
void __bodysan_scope_exit(uintptr_t token, const struct __bodysan_site *site,
                          const void *returned);

#ifdef __cplusplus
}
#endif

#endif /* BODYSAN_ABI_H */
