; Which acquisitions stay local to their function. A local handle is acquired
; with __bodysan_acquire_local and its function checks it at every exit; any
; use that may capture it makes the acquire a plain __bodysan_acquire, left to
; the exit-time check. The IR is shaped as at PipelineStart: locals in allocas.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i64 @g_input_stream_read(ptr, ptr, i64, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare void @g_object_unref(ptr)
declare i32 @json_parser_load_from_stream(ptr, ptr, ptr, ptr)
declare void @log_stream(ptr nocapture)
declare void @unknown_slot(ptr)

@global_body = global ptr null

; Handoff sites (role 7) have no kind; the callee is demangled, or NULL for an
; indirect call (checked with @to_cxx_and_indirect below).
; CHECK-DAG: @[[PARSE:__bodysan_str[.0-9]*]] = private unnamed_addr constant [22 x i8] c"parse(_GInputStream*)\00"
; CHECK-DAG: @[[CXX_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr @[[PARSE]], ptr @{{.*}}, ptr null, i32 0, i32 0, i32 7,
; CHECK-DAG: @[[INDIRECT_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr null, i32 0, i32 0, i32 7,

; A local variable (alloca slot): stores into it and loads from it are the
; handle; a NULL check is not a capture.
; CHECK-LABEL: define i32 @local_slot(
; CHECK: %bodysan.scope = call i64 @__bodysan_scope_enter()
; CHECK: call void @__bodysan_acquire_local(ptr %call,
; CHECK: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @{{__bodysan_site[.0-9]*}}, ptr null)
; CHECK-NEXT: ret i32
define i32 @local_slot(ptr %s, ptr %m) nounwind {
entry:
  %retval = alloca i32
  %body = alloca ptr
  %call = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %call, ptr %body
  %0 = load ptr, ptr %body
  %tobool = icmp ne ptr %0, null
  br i1 %tobool, label %close, label %fail
fail:
  store i32 1, ptr %retval
  br label %out
close:
  %1 = load ptr, ptr %body
  call i32 @g_input_stream_close(ptr %1, ptr null, ptr null)
  store i32 0, ptr %retval
  br label %out
out:
  %r = load i32, ptr %retval
  ret i32 %r
}

; Acquired in one branch only, or once per loop iteration (through a phi and
; a select): still local, checked at the function's exits.
; CHECK-LABEL: define void @branch_and_loop(
; CHECK: call i64 @__bodysan_scope_enter()
; CHECK: call void @__bodysan_acquire_local(ptr %once,
; CHECK: call void @__bodysan_acquire_local(ptr %each,
; CHECK: call void @__bodysan_scope_exit(
define void @branch_and_loop(i1 %c, i32 %n, ptr %s, ptr %m) nounwind {
entry:
  br i1 %c, label %then, label %loop
then:
  %once = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ 0, %then ], [ %next, %loop ]
  %prev = phi ptr [ null, %entry ], [ %once, %then ], [ %each, %loop ]
  %each = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %pick = select i1 %c, ptr %each, ptr %prev
  call void @g_object_unref(ptr %pick)
  %next = add i32 %i, 1
  %done = icmp eq i32 %next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret void
}

; The result is ignored: nothing can ever close it, the handle stays local.
; CHECK-LABEL: define void @ignored_result(
; CHECK: call void @__bodysan_acquire_local(ptr %ignored,
; CHECK: call void @__bodysan_scope_exit(
define void @ignored_result(ptr %s, ptr %m) nounwind {
entry:
  %ignored = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  ret void
}

; Stored to a global: captured.
; CHECK-LABEL: define void @to_global(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK-NOT: __bodysan_scope_exit
; CHECK: ret void
define void @to_global(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %b, ptr @global_body
  ret void
}

; Stored into a struct the caller owns: captured.
; CHECK-LABEL: define void @to_struct(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK-NOT: __bodysan_scope_exit
define void @to_struct(ptr %ctx, ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %field = getelementptr inbounds { ptr, ptr }, ptr %ctx, i32 0, i32 1
  store ptr %b, ptr %field
  ret void
}

; A field of a local struct is not followed (only whole slots are): captured.
; CHECK-LABEL: define void @to_local_struct_field(
; CHECK: call void @__bodysan_acquire(ptr %b,
define void @to_local_struct_field(ptr %s, ptr %m) nounwind {
entry:
  %ctx = alloca { i32, ptr }
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %field = getelementptr inbounds { i32, ptr }, ptr %ctx, i32 0, i32 1
  store ptr %b, ptr %field
  ret void
}

; Passed to a function the pass cannot see: a handoff before the call (that
; code may read the body to its end), and a capture.
; CHECK-LABEL: define void @to_unknown(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK: call void @__bodysan_handoff(ptr %b, ptr @{{__bodysan_site[.0-9]*}})
; CHECK-NEXT: call i32 @json_parser_load_from_stream(ptr %parser, ptr %b, ptr null, ptr null)
define void @to_unknown(ptr %parser, ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call i32 @json_parser_load_from_stream(ptr %parser, ptr %b, ptr null, ptr null)
  call i32 @g_input_stream_close(ptr %b, ptr null, ptr null)
  ret void
}

; A nocapture parameter of an unknown function still gets the handoff, but
; the handle stays local.
; CHECK-LABEL: define void @to_nocapture_unknown(
; CHECK: call void @__bodysan_acquire_local(ptr %b,
; CHECK: call void @__bodysan_handoff(ptr %b,
; CHECK-NEXT: call void @log_stream(ptr %b)
; CHECK: call void @__bodysan_scope_exit(
define void @to_nocapture_unknown(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @log_stream(ptr %b)
  call i32 @g_input_stream_close(ptr %b, ptr null, ptr null)
  ret void
}

; The address of the local slot passed to unknown code: it can read the
; handle from it, so the handoff passes what the slot holds at the call.
; CHECK-LABEL: define void @slot_to_unknown(
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK: %[[H:.*]] = load ptr, ptr %slot
; CHECK-NEXT: call void @__bodysan_handoff(ptr %[[H]],
; CHECK-NEXT: call void @unknown_slot(ptr %slot)
define void @slot_to_unknown(ptr %s, ptr %m) nounwind {
entry:
  %slot = alloca ptr
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %b, ptr %slot
  call void @unknown_slot(ptr %slot)
  ret void
}

; An integer round-trip (ptrtoint) is a capture.
; CHECK-LABEL: define i64 @to_int(
; CHECK: call void @__bodysan_acquire(ptr %b,
define i64 @to_int(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %i = ptrtoint ptr %b to i64
  ret i64 %i
}

; Returned and also stored elsewhere: the store captures it.
; CHECK-LABEL: define ptr @returned_and_stored(
; CHECK-NOT: __bodysan_scope_enter
; CHECK: call void @__bodysan_acquire(ptr %b,
define ptr @returned_and_stored(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %b, ptr @global_body
  ret ptr %b
}

; Handoffs to C++ code name the callee demangled; an indirect call is unknown
; code too (the site has no callee name).
; CHECK-LABEL: define void @to_cxx_and_indirect(
; CHECK: call void @__bodysan_acquire(ptr %b,
; CHECK: call void @__bodysan_handoff(ptr %b, ptr @[[CXX_SITE]])
; CHECK-NEXT: call void @_Z5parseP13_GInputStream(ptr %b)
; CHECK: call void @__bodysan_handoff(ptr %b, ptr @[[INDIRECT_SITE]])
; CHECK-NEXT: call void %callback(ptr %b)
declare void @_Z5parseP13_GInputStream(ptr)
define void @to_cxx_and_indirect(ptr %callback, ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @_Z5parseP13_GInputStream(ptr %b)
  call void %callback(ptr %b)
  ret void
}
