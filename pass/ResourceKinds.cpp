//===- ResourceKinds.cpp - The table of tracked resource kinds -----------===//
//
// The built-in kinds. Argument indexes are 0-based and were checked against the
// installed prototypes (gio/ginputstream.h,
// libsoup-3.0/libsoup/soup-session.h). Facts behind the consequence sentences:
// shared/LIBRARIES.md.
//
//===----------------------------------------------------------------------===//
#include "ResourceKinds.h"

#include "bodysan/bodysan_abi.h"

namespace bodysan {
namespace {

FunctionSpec acquireResult(const char *Name) {
  FunctionSpec F;
  F.Name = Name;
  F.Role = FunctionRole::Acquire;
  F.HandleArg = kHandleIsResult;
  F.Success = AcquireSuccess::NonNullResult;
  return F;
}

FunctionSpec read(const char *Name, uint32_t EofRule, int CountArg = kNoArg,
                  int OutArg = kNoArg, const char *SizeFn = "") {
  FunctionSpec F;
  F.Name = Name;
  F.Role = FunctionRole::Read;
  F.HandleArg = 0;
  F.EofRule = EofRule;
  F.CountArg = CountArg;
  F.OutArg = OutArg;
  F.SizeFn = SizeFn;
  return F;
}

FunctionSpec simple(const char *Name, FunctionRole Role, int HandleArg = 0) {
  FunctionSpec F;
  F.Name = Name;
  F.Role = Role;
  F.HandleArg = HandleArg;
  return F;
}

FunctionSpec readRequest(const char *Name, int CountArg) {
  FunctionSpec F = simple(Name, FunctionRole::ReadRequest);
  F.CountArg = CountArg;
  // The read completes in a callback, after this function may have returned.
  F.KeepsHandle = true;
  return F;
}

FunctionSpec generic(FunctionSpec F) {
  F.Generic = true;
  return F;
}

ResourceKind libsoup3Body() {
  ResourceKind K;
  K.Name = "libsoup3.body";
  K.Description = "libsoup 3 response body (GInputStream)";
  K.UnclosedConsequence =
      "The connection is not returned to the session's pool; with the default "
      "max-conns-per-host=2 the third request to this host blocks forever.";
  K.UndrainedConsequence =
      "libsoup reuses a connection only when the body's end was read, so this "
      "connection is closed and the next request opens a new one.";
  K.Flags = BODYSAN_KIND_UNDRAINED_IS_ERROR |
            BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR | BODYSAN_KIND_REFCOUNTED |
            BODYSAN_KIND_WATCH_GOBJECT;
  // SoupClientInputStream emits "eof" exactly when libsoup saw the end of the
  // body, which is when it may reuse the connection: reads inside GIO (a
  // GDataInputStream, a splice) count too.
  K.EofSignal = "eof";
  // Bodies whose undrained close costs nothing, through the stream's
  // SoupClientInputStream:message: an HTTP/2 body closed early resets its
  // stream and keeps the connection (soup_message_get_http_version () ==
  // SOUP_HTTP_2_0), and a response without keep-alive closes its connection
  // anyway (soup_message_is_keepalive () == FALSE).
  K.Exemptions = {{"message", "soup_message_get_http_version", 2},
                  {"message", "soup_message_is_keepalive", 0}};

  auto &Fns = K.Functions;
  // Acquire: GInputStream *soup_session_send(session, msg, cancellable, error)
  // and soup_session_send_finish(session, result, error). NULL = failure.
  Fns.push_back(acquireResult("soup_session_send"));
  Fns.push_back(acquireResult("soup_session_send_finish"));

  // gssize g_input_stream_read(stream, buffer, count, cancellable, error)
  Fns.push_back(read("g_input_stream_read", BODYSAN_EOF_RET_ZERO, 2));
  // gboolean g_input_stream_read_all(stream, buffer, count, &bytes_read, ...)
  Fns.push_back(read("g_input_stream_read_all", BODYSAN_EOF_OUT_SHORT, 2, 3));
  // GBytes *g_input_stream_read_bytes(stream, count, cancellable, error)
  Fns.push_back(read("g_input_stream_read_bytes", BODYSAN_EOF_SIZE_FN_ZERO, 1,
                     kNoArg, "g_bytes_get_size"));
  // gssize g_input_stream_skip(stream, count, cancellable, error)
  Fns.push_back(read("g_input_stream_skip", BODYSAN_EOF_RET_ZERO, 1));
  // The _finish halves of the asynchronous reads.
  Fns.push_back(read("g_input_stream_read_finish", BODYSAN_EOF_RET_ZERO));
  // gboolean g_input_stream_read_all_finish(stream, result, &bytes_read, error)
  Fns.push_back(read("g_input_stream_read_all_finish",
                     BODYSAN_EOF_OUT_SHORT_PENDING, kNoArg, 2));
  Fns.push_back(read("g_input_stream_read_bytes_finish",
                     BODYSAN_EOF_SIZE_FN_ZERO, kNoArg, kNoArg,
                     "g_bytes_get_size"));
  Fns.push_back(read("g_input_stream_skip_finish", BODYSAN_EOF_RET_ZERO));

  // void g_input_stream_read_all_async(stream, buffer, count, prio, ...)
  Fns.push_back(readRequest("g_input_stream_read_all_async", 2));
  // The other asynchronous reads: their counts do not matter to the EOF rules
  // of their _finish functions, but they keep the handle past the caller.
  Fns.push_back(readRequest("g_input_stream_read_async", 2));
  Fns.push_back(readRequest("g_input_stream_read_bytes_async", 1));
  Fns.push_back(readRequest("g_input_stream_skip_async", 1));

  // gboolean g_input_stream_close(stream, cancellable, error); the async
  // variant closes the handle as far as the program is concerned.
  Fns.push_back(simple("g_input_stream_close", FunctionRole::Release));
  Fns.push_back(simple("g_input_stream_close_async", FunctionRole::Release));
  Fns.push_back(simple("g_input_stream_close_finish", FunctionRole::Observe));
  Fns.push_back(simple("g_input_stream_is_closed", FunctionRole::Observe));
  Fns.push_back(simple("g_input_stream_has_pending", FunctionRole::Observe));

  // GObject reference counting, shared by every GObject kind.
  FunctionSpec Ref = simple("g_object_ref", FunctionRole::Retain);
  Ref.ResultArg = 0;
  Fns.push_back(generic(Ref));
  Fns.push_back(generic(simple("g_object_unref", FunctionRole::Unref)));
  // G_INPUT_STREAM (x) and friends: GTypeInstance *
  // g_type_check_instance_cast(instance, iface_type) returns its argument.
  FunctionSpec Cast =
      simple("g_type_check_instance_cast", FunctionRole::Passthrough);
  Cast.ResultArg = 0;
  Fns.push_back(generic(Cast));
  // G_IS_INPUT_STREAM (x), G_OBJECT_TYPE_NAME (x) and friends only look at the
  // handle's type.
  for (const char *Name :
       {"g_type_check_instance", "g_type_check_instance_is_a",
        "g_type_check_instance_is_fundamentally_a",
        "g_type_name_from_instance"})
    Fns.push_back(generic(simple(Name, FunctionRole::Observe)));
  return K;
}

} // namespace

const std::vector<ResourceKind> &builtinResourceKinds() {
  static const std::vector<ResourceKind> Kinds = {libsoup3Body()};
  return Kinds;
}

} // namespace bodysan
