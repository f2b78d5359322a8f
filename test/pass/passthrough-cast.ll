; Passthrough functions return their argument unchanged: G_INPUT_STREAM (x)
; at -O0 is a call to g_type_check_instance_cast, and g_object_ref returns
; its argument. Their results are the handle: followed, not captures, and
; passthroughs get no hook.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare ptr @g_type_check_instance_cast(ptr, i64)
declare i64 @g_input_stream_get_type()
declare ptr @g_object_ref(ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare void @g_object_unref(ptr)

@saved = global ptr null

; CHECK-LABEL: define void @cast_then_close(
; CHECK: call void @__bodysan_acquire_local(ptr %b,
; CHECK: %cast = call ptr @g_type_check_instance_cast(ptr %b, i64 %t)
; CHECK-NEXT: call void @__bodysan_release(ptr %cast,
define void @cast_then_close(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %t = call i64 @g_input_stream_get_type()
  %cast = call ptr @g_type_check_instance_cast(ptr %b, i64 %t)
  call i32 @g_input_stream_close(ptr %cast, ptr null, ptr null)
  ret void
}

; A reference stored away is the handle escaping.
; CHECK-LABEL: define void @ref_escapes(
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK: call void @__bodysan_retain(ptr %b,
define void @ref_escapes(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %r = call ptr @g_object_ref(ptr %b)
  store ptr %r, ptr @saved
  call void @g_object_unref(ptr %b)
  ret void
}
