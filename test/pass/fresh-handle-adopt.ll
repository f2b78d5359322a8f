; A function defined in the module whose every return value is NULL or a
; handle it acquired (directly or from another such function), with no other
; capture, returns a fresh handle. It checks its own scope, passing the
; returned handle on (the `returned` operand of __bodysan_scope_exit); callers
; whose result stays local adopt it with __bodysan_adopt_local.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare void @g_object_unref(ptr)

@saved = global ptr null

; The adopt site: role 8, kind libsoup3.body, callee get_body.
; CHECK: @[[GET_BODY:__bodysan_str[.0-9]*]] = private unnamed_addr constant [9 x i8] c"get_body\00"
; CHECK: @{{__bodysan_site[.0-9]*}} = private unnamed_addr constant {{.*}} { ptr @__bodysan_kind, ptr @[[GET_BODY]], ptr @{{.*}}, ptr null, i32 0, i32 0, i32 8,

; -O0 shape: `if (!b) return NULL; return b;` through the retval slot.
; CHECK-LABEL: define internal ptr @get_body(
; CHECK: %bodysan.scope = call i64 @__bodysan_scope_enter()
; CHECK: call void @__bodysan_acquire_local(ptr %call,
; CHECK: %ret = load ptr, ptr %retval
; CHECK-NEXT: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @{{__bodysan_site[.0-9]*}}, ptr %ret)
; CHECK-NEXT: ret ptr %ret
define internal ptr @get_body(ptr %s, ptr %m) nounwind {
entry:
  %retval = alloca ptr
  %b = alloca ptr
  %call = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %call, ptr %b
  %0 = load ptr, ptr %b
  %isnull = icmp eq ptr %0, null
  br i1 %isnull, label %fail, label %ok
fail:
  store ptr null, ptr %retval
  br label %out
ok:
  %1 = load ptr, ptr %b
  store ptr %1, ptr %retval
  br label %out
out:
  %ret = load ptr, ptr %retval
  ret ptr %ret
}

; Fresh through another fresh function, with a phi.
; CHECK-LABEL: define ptr @get_body_twice(
; CHECK: %first = call ptr @get_body(
; CHECK-NEXT: call void @__bodysan_adopt_local(ptr %first,
; CHECK: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @{{__bodysan_site[.0-9]*}}, ptr %r)
; CHECK-NEXT: ret ptr %r
define ptr @get_body_twice(i1 %c, ptr %s, ptr %m) nounwind {
entry:
  %first = call ptr @get_body(ptr %s, ptr %m)
  br i1 %c, label %again, label %out
again:
  call void @g_object_unref(ptr %first)
  %second = call ptr @get_body(ptr %s, ptr %m)
  br label %out
out:
  %r = phi ptr [ %first, %entry ], [ %second, %again ]
  ret ptr %r
}

; The caller keeps the result local: adopt after the call, scope checks.
; CHECK-LABEL: define void @caller(
; CHECK: %bodysan.scope = call i64 @__bodysan_scope_enter()
; CHECK: %body = call ptr @get_body_twice(i1 true, ptr %s, ptr %m)
; CHECK-NEXT: call void @__bodysan_adopt_local(ptr %body, ptr @{{__bodysan_site[.0-9]*}})
; CHECK: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @{{__bodysan_site[.0-9]*}}, ptr null)
define void @caller(ptr %s, ptr %m) nounwind {
entry:
  %body = call ptr @get_body_twice(i1 true, ptr %s, ptr %m)
  call i32 @g_input_stream_close(ptr %body, ptr null, ptr null)
  ret void
}

; A caller that stores the result does not adopt it (it is tracked anyway).
; CHECK-LABEL: define void @storing_caller(
; CHECK-NOT: __bodysan_adopt_local
; CHECK-NOT: __bodysan_scope_enter
; CHECK: ret void
define void @storing_caller(ptr %s, ptr %m) nounwind {
entry:
  %body = call ptr @get_body(ptr %s, ptr %m)
  store ptr %body, ptr @saved
  ret void
}

; Not fresh: it may also return its argument. Callers adopt nothing.
; CHECK-LABEL: define ptr @body_or_fallback(
; CHECK: call void @__bodysan_acquire_local(ptr %b,
; CHECK: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @{{__bodysan_site[.0-9]*}}, ptr %r)
define ptr @body_or_fallback(ptr %fallback, ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  %isnull = icmp eq ptr %b, null
  %r = select i1 %isnull, ptr %fallback, ptr %b
  ret ptr %r
}

; CHECK-LABEL: define void @not_fresh_caller(
; CHECK-NOT: __bodysan_adopt_local
; CHECK-NOT: __bodysan_scope_enter
; CHECK: ret void
define void @not_fresh_caller(ptr %f, ptr %s, ptr %m) nounwind {
entry:
  %body = call ptr @body_or_fallback(ptr %f, ptr %s, ptr %m)
  call i32 @g_input_stream_close(ptr %body, ptr null, ptr null)
  ret void
}
