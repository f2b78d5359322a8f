; Instrumenting is idempotent: the module is marked (!bodysan.instrumented) and
; a second run, in the same pipeline or a later tool (the ThinLTO backend may
; see the plugin again), adds nothing.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s > %t.once
; RUN: %opt_bodysan -passes=bodysan,bodysan,verify -S < %s > %t.twice
; RUN: diff %t.once %t.twice
; RUN: %opt_bodysan -passes=bodysan,verify -S < %t.once > %t.again
; RUN: diff %t.once %t.again
; RUN: FileCheck %s < %t.again

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)

; One hook of each, one constructor.
; CHECK-COUNT-1: @llvm.global_ctors =
; CHECK-LABEL: define void @f(
; CHECK-COUNT-1: call i64 @__bodysan_scope_enter()
; CHECK-COUNT-1: call void @__bodysan_acquire_local(
; CHECK-COUNT-1: call void @__bodysan_release(
; CHECK-COUNT-1: call void @__bodysan_scope_exit(
; CHECK-NEXT: ret void
; CHECK-NEXT: }
; CHECK: !bodysan.instrumented = !{
define void @f(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call i32 @g_input_stream_close(ptr %b, ptr null, ptr null)
  ret void
}
