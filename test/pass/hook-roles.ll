; Every role of the libsoup3.body kind gets its hook, on the right side of the
; call, with the call's arguments and result converted as the ABI says.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

; The kind descriptor is emitted once, with its flags
; (UNDRAINED_IS_ERROR|USE_AFTER_CLOSE_IS_ERROR|REFCOUNTED|WATCH_GOBJECT = 29),
; the name of libsoup's EOF signal, and its two exemption rules (through the
; stream's "message": HTTP version 2, keep-alive 0), and no progress function. ABI version 3.
; CHECK-DAG: @[[EOF_SIGNAL:__bodysan_str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"eof\00"
; CHECK-DAG: @[[PROP:__bodysan_str[.0-9]*]] = private unnamed_addr constant [8 x i8] c"message\00"
; CHECK-DAG: @[[VERSION:__bodysan_str[.0-9]*]] = private unnamed_addr constant [30 x i8] c"soup_message_get_http_version\00"
; CHECK-DAG: @[[KEEPALIVE:__bodysan_str[.0-9]*]] = private unnamed_addr constant [26 x i8] c"soup_message_is_keepalive\00"
; CHECK-DAG: @[[RULES:__bodysan_exemptions[.0-9]*]] = private unnamed_addr constant [2 x { ptr, ptr, i64 }] [{ ptr, ptr, i64 } { ptr @[[PROP]], ptr @[[VERSION]], i64 2 }, { ptr, ptr, i64 } { ptr @[[PROP]], ptr @[[KEEPALIVE]], i64 0 }]
; CHECK-DAG: @[[KIND:__bodysan_kind[.0-9]*]] = private unnamed_addr constant { i32, i32, ptr, ptr, ptr, ptr, ptr, ptr, i32, i32, ptr, i64, i64 } { i32 3, i32 29, ptr @{{.*}}, ptr @{{.*}}, ptr @{{.*}}, ptr @{{.*}}, ptr @[[EOF_SIGNAL]], ptr @[[RULES]], i32 2, i32 0, ptr null, i64 0, i64 0 }
; CHECK-NOT: @__bodysan_kind{{[.0-9]*}} = private
; A read site records its EOF rule (1 = RET_ZERO) and that it has a count.
; CHECK: @[[READ_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr @[[KIND]], ptr @{{.*}}, ptr @{{.*}}, ptr null, i32 0, i32 0, i32 2, i32 1, i64 0, i32 1, i32 0, ptr null, ptr null, i32 0, i32 0, ptr null }
; read_bytes names its size function (rule 3 = SIZE_FN_ZERO).
; CHECK: @[[SIZE_FN:__bodysan_str[.0-9]*]] = private unnamed_addr constant [17 x i8] c"g_bytes_get_size\00"
; CHECK: @{{__bodysan_site[.0-9]*}} = private unnamed_addr constant {{.*}} { ptr @[[KIND]], {{.*}}, i32 2, i32 3, i64 0, i32 1, i32 0, ptr @[[SIZE_FN]], ptr null, i32 0, i32 0, ptr null }
; Generic functions (g_object_ref/unref) have no kind.
; CHECK: @{{__bodysan_site[.0-9]*}} = private unnamed_addr constant {{.*}} { ptr null, {{.*}}, i32 4, i32 0, i64 0, i32 0, i32 0, ptr null, ptr null, i32 0, i32 0, ptr null }

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i64 @g_input_stream_read(ptr, ptr, i64, ptr, ptr)
declare i32 @g_input_stream_read_all(ptr, ptr, i64, ptr, ptr, ptr)
declare ptr @g_input_stream_read_bytes(ptr, i64, ptr, ptr)
declare i64 @g_input_stream_skip(ptr, i64, ptr, ptr)
declare i64 @g_input_stream_read_finish(ptr, ptr, ptr)
declare i32 @g_input_stream_read_all_finish(ptr, ptr, ptr, ptr)
declare ptr @g_input_stream_read_bytes_finish(ptr, ptr, ptr)
declare i64 @g_input_stream_skip_finish(ptr, ptr, ptr)
declare void @g_input_stream_read_all_async(ptr, ptr, i64, i32, ptr, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare void @g_input_stream_close_async(ptr, i32, ptr, ptr, ptr)
declare i32 @g_input_stream_close_finish(ptr, ptr, ptr)
declare ptr @g_object_ref(ptr)
declare void @g_object_unref(ptr)

; Acquire: after the call, with the result; a handle used only by the kind's
; own functions stays local. Reads: after the call; the result sign-extended
; to i64, the count zero-extended, the out-parameter passed as is (or null).
; CHECK-LABEL: define void @reads(
; CHECK: %body = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
; CHECK-NEXT: call void @__bodysan_acquire_local(ptr %body, ptr @{{__bodysan_site[.0-9]*}})
; CHECK: %n = call i64 @g_input_stream_read(ptr %body, ptr %buf, i64 %count, ptr null, ptr null)
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @[[READ_SITE]], i64 %n, i64 %count, ptr null)
; CHECK: %ok = call i32 @g_input_stream_read_all(ptr %body, ptr %buf, i64 4096, ptr %nread, ptr null, ptr null)
; CHECK-NEXT: %[[OK64:[0-9]+]] = sext i32 %ok to i64
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %[[OK64]], i64 4096, ptr %nread)
; CHECK: %bytes = call ptr @g_input_stream_read_bytes(ptr %body, i64 %count, ptr null, ptr null)
; CHECK-NEXT: %[[BYTES:[0-9]+]] = ptrtoint ptr %bytes to i64
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %[[BYTES]], i64 %count, ptr null)
; CHECK: %skipped = call i64 @g_input_stream_skip(ptr %body, i64 %count, ptr null, ptr null)
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %skipped, i64 %count, ptr null)
; Release: before the call.
; CHECK: call void @__bodysan_release(ptr %body, ptr @{{__bodysan_site[.0-9]*}})
; CHECK-NEXT: call i32 @g_input_stream_close(ptr %body, ptr null, ptr null)
define void @reads(ptr %s, ptr %m, ptr %buf, i64 %count) #0 {
entry:
  %nread = alloca i64
  %body = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %n = call i64 @g_input_stream_read(ptr %body, ptr %buf, i64 %count, ptr null, ptr null)
  %ok = call i32 @g_input_stream_read_all(ptr %body, ptr %buf, i64 4096, ptr %nread, ptr null, ptr null)
  %bytes = call ptr @g_input_stream_read_bytes(ptr %body, i64 %count, ptr null, ptr null)
  %skipped = call i64 @g_input_stream_skip(ptr %body, i64 %count, ptr null, ptr null)
  call i32 @g_input_stream_close(ptr %body, ptr null, ptr null)
  ret void
}

; The _finish halves of asynchronous reads have no count (0). Starting an
; asynchronous read is a read request, hooked before the call with its count;
; the read completes after the function may have returned, so the handle is
; not local (plain __bodysan_acquire, no scope checks).
; CHECK-LABEL: define void @async_reads(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %body,
; CHECK: call void @__bodysan_read_request(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %count)
; CHECK-NEXT: call void @g_input_stream_read_all_async(ptr %body, ptr %buf, i64 %count,
; CHECK: %n = call i64 @g_input_stream_read_finish(ptr %body, ptr %res, ptr null)
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %n, i64 0, ptr null)
; CHECK: %ok = call i32 @g_input_stream_read_all_finish(ptr %body, ptr %res, ptr %nread, ptr null)
; CHECK-NEXT: %[[OK64:[0-9]+]] = sext i32 %ok to i64
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %[[OK64]], i64 0, ptr %nread)
; CHECK: %bytes = call ptr @g_input_stream_read_bytes_finish(ptr %body, ptr %res, ptr null)
; CHECK-NEXT: ptrtoint ptr %bytes to i64
; CHECK-NEXT: call void @__bodysan_read(ptr %body,
; CHECK: %sk = call i64 @g_input_stream_skip_finish(ptr %body, ptr %res, ptr null)
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %sk, i64 0, ptr null)
; The asynchronous close releases before the call; its _finish has no hook.
; CHECK: call void @__bodysan_release(ptr %body,
; CHECK-NEXT: call void @g_input_stream_close_async(ptr %body,
; CHECK-NEXT: call i32 @g_input_stream_close_finish(ptr %body,
; CHECK-NEXT: ret void
define void @async_reads(ptr %s, ptr %m, ptr %buf, i64 %count, ptr %res) #0 {
entry:
  %nread = alloca i64
  %body = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @g_input_stream_read_all_async(ptr %body, ptr %buf, i64 %count, i32 0, ptr null, ptr null, ptr null)
  %n = call i64 @g_input_stream_read_finish(ptr %body, ptr %res, ptr null)
  %ok = call i32 @g_input_stream_read_all_finish(ptr %body, ptr %res, ptr %nread, ptr null)
  %bytes = call ptr @g_input_stream_read_bytes_finish(ptr %body, ptr %res, ptr null)
  %sk = call i64 @g_input_stream_skip_finish(ptr %body, ptr %res, ptr null)
  call void @g_input_stream_close_async(ptr %body, i32 0, ptr null, ptr null, ptr null)
  call i32 @g_input_stream_close_finish(ptr %body, ptr %res, ptr null)
  ret void
}

; Retain after g_object_ref (whose result is the same handle, still local);
; unref before g_object_unref.
; CHECK-LABEL: define void @refcount(
; CHECK: %ref = call ptr @g_object_ref(ptr %body)
; CHECK-NEXT: call void @__bodysan_retain(ptr %body, ptr @{{__bodysan_site[.0-9]*}})
; CHECK: call void @__bodysan_unref(ptr %ref, ptr @{{__bodysan_site[.0-9]*}})
; CHECK-NEXT: call void @g_object_unref(ptr %ref)
; CHECK: call void @__bodysan_unref(ptr %body,
; CHECK-NEXT: call void @g_object_unref(ptr %body)
define void @refcount(ptr %s, ptr %m) #0 {
entry:
  %body = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %ref = call ptr @g_object_ref(ptr %body)
  call void @g_object_unref(ptr %ref)
  call void @g_object_unref(ptr %body)
  ret void
}

; soup_session_send_finish acquires too.
; CHECK-LABEL: define void @send_finish(
; CHECK: %body = call ptr @soup_session_send_finish(ptr %s, ptr %res, ptr null)
; CHECK-NEXT: call void @__bodysan_acquire_local(ptr %body,
declare ptr @soup_session_send_finish(ptr, ptr, ptr)
define void @send_finish(ptr %s, ptr %res) #0 {
entry:
  %body = call ptr @soup_session_send_finish(ptr %s, ptr %res, ptr null)
  call void @g_object_unref(ptr %body)
  ret void
}

; The hooks are declared nounwind.
; CHECK: declare void @__bodysan_acquire(ptr, ptr) [[NOUNWIND:#[0-9]+]]
; CHECK: attributes [[NOUNWIND]] = { nounwind }
attributes #0 = { nounwind }
