; Calls to functions defined in this module are followed through summaries of
; their parameters (does it capture, is it returned), computed module-wide by
; an optimistic fixpoint. Helpers that only read and close keep the caller's
; handle local; helpers that keep it make it escape.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i64 @g_input_stream_read(ptr, ptr, i64, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare i32 @json_parser_load_from_stream(ptr, ptr, ptr, ptr)

@saved = global ptr null

; -O0 shape: the parameter goes through its own slot, then is read to the end
; and closed. Helpers get no scope checks of their own: they acquire nothing.
; CHECK-LABEL: define internal void @drain_and_close(
; CHECK-NOT: __bodysan_scope
; CHECK: ret void
define internal void @drain_and_close(ptr %in) nounwind {
entry:
  %in.addr = alloca ptr
  %buf = alloca [256 x i8]
  store ptr %in, ptr %in.addr
  br label %loop
loop:
  %0 = load ptr, ptr %in.addr
  %n = call i64 @g_input_stream_read(ptr %0, ptr %buf, i64 256, ptr null, ptr null)
  %more = icmp sgt i64 %n, 0
  br i1 %more, label %loop, label %done
done:
  %1 = load ptr, ptr %in.addr
  call i32 @g_input_stream_close(ptr %1, ptr null, ptr null)
  ret void
}

; Recursion does not make a parameter capture (the fixpoint starts optimistic).
define internal void @recurse(ptr %in, i32 %depth) nounwind {
entry:
  %stop = icmp eq i32 %depth, 0
  br i1 %stop, label %out, label %again
again:
  %d = sub i32 %depth, 1
  call void @recurse(ptr %in, i32 %d)
  br label %out
out:
  ret void
}

; Returns its parameter: the caller follows the call's result.
define internal ptr @identity(ptr %in) nounwind {
entry:
  ret ptr %in
}

; Keeps its parameter.
define internal void @keep(ptr %in) nounwind {
entry:
  store ptr %in, ptr @saved
  ret void
}

; Hands its parameter to unknown code: the handoff is emitted in the helper.
; CHECK-LABEL: define internal void @parse(
; CHECK: call void @__bodysan_handoff(ptr %in,
; CHECK-NEXT: call i32 @json_parser_load_from_stream(ptr %p, ptr %in,
define internal void @parse(ptr %p, ptr %in) nounwind {
entry:
  call i32 @json_parser_load_from_stream(ptr %p, ptr %in, ptr null, ptr null)
  ret void
}

; A weak definition may be replaced at link time: it is unknown code.
define weak void @weak_helper(ptr %in) nounwind {
entry:
  ret void
}

; CHECK-LABEL: define void @uses_reader(
; CHECK: call void @__bodysan_acquire_local(ptr %b,
; CHECK: call void @__bodysan_scope_exit(
define void @uses_reader(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @recurse(ptr %b, i32 3)
  call void @drain_and_close(ptr %b)
  ret void
}

; The handle comes back from @identity and is then stored: captured.
; CHECK-LABEL: define void @through_identity(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
define void @through_identity(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %same = call ptr @identity(ptr %b)
  store ptr %same, ptr @saved
  ret void
}

; CHECK-LABEL: define void @uses_keeper(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
define void @uses_keeper(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @keep(ptr %b)
  ret void
}

; The helper hands it to unknown code: captured in the caller too.
; CHECK-LABEL: define void @uses_parser(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
define void @uses_parser(ptr %p, ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @parse(ptr %p, ptr %b)
  ret void
}

; CHECK-LABEL: define void @uses_weak(
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK: call void @__bodysan_handoff(ptr %b,
; CHECK-NEXT: call void @weak_helper(ptr %b)
define void @uses_weak(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @weak_helper(ptr %b)
  ret void
}
