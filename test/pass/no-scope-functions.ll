; Some functions cannot take scope checks, and their local handles are left
; to the exit-time check (plain __bodysan_acquire, no scope hooks): a function
; with a musttail call (nothing may sit between that call and its ret), and a
; coroutine not yet split (its ret runs at the first suspension).
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i32 @tail_target(ptr, ptr)

; CHECK-LABEL: define i32 @with_musttail(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK-NEXT: call void @__bodysan_set_parent(ptr %b, ptr %s,
; CHECK-NEXT: %r = musttail call i32 @tail_target(ptr %s, ptr %m)
; CHECK-NEXT: ret i32 %r
define i32 @with_musttail(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %r = musttail call i32 @tail_target(ptr %s, ptr %m)
  ret i32 %r
}

; CHECK-LABEL: define void @coroutine(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK-NOT: __bodysan_scope_exit
; CHECK: ret void
define void @coroutine(ptr %s, ptr %m) nounwind presplitcoroutine {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  ret void
}
