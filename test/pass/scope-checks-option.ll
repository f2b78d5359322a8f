; -bodysan-scope-checks=false turns local acquisitions into plain ones and adds
; no scope hooks: every handle is left to the exit-time check.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s --check-prefix=ON
; RUN: %opt_bodysan -bodysan-scope-checks=false -passes=bodysan,verify -S < %s | FileCheck %s --check-prefix=OFF

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)

; ON-LABEL: define void @leak(
; ON: call i64 @__bodysan_scope_enter()
; ON: call void @__bodysan_acquire_local(ptr %b,
; ON: call void @__bodysan_scope_exit(
; OFF-LABEL: define void @leak(
; OFF-NOT: __bodysan_scope_enter
; OFF: call void @__bodysan_acquire(ptr %b,
; OFF-NOT: __bodysan_scope_exit
; OFF: ret void
define void @leak(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  ret void
}
