; In a module that does call kind functions, functions that call none are not
; changed: no hooks, no scope checks, their landing pads as they were.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare void @g_object_unref(ptr)
declare void @may_throw()
declare i32 @__gxx_personality_v0(...)
@_ZTIi = external constant ptr

; CHECK-LABEL: define void @instrumented(
; CHECK: call void @__bodysan_acquire_local(
define void @instrumented(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @g_object_unref(ptr %b)
  ret void
}

; CHECK-LABEL: define i32 @plain(ptr %p) #0 {
; CHECK-NEXT: entry:
; CHECK-NEXT: %v = load i32, ptr %p, align 4
; CHECK-NEXT: %w = add i32 %v, 1
; CHECK-NEXT: ret i32 %w
; CHECK-NEXT: }
define i32 @plain(ptr %p) nounwind {
entry:
  %v = load i32, ptr %p
  %w = add i32 %v, 1
  ret i32 %w
}

; CHECK-LABEL: define void @cxx_plain() personality ptr @__gxx_personality_v0 {
; CHECK-NEXT: entry:
; CHECK-NEXT: invoke void @may_throw()
; CHECK-NEXT: to label %done unwind label %lpad
; CHECK-EMPTY:
; CHECK-NEXT: lpad:
; CHECK-NEXT: %lp = landingpad { ptr, i32 }
; CHECK-NEXT: catch ptr @_ZTIi
; CHECK-NEXT: br label %done
; CHECK-EMPTY:
; CHECK-NEXT: done:
; CHECK-NEXT: call void @may_throw()
; CHECK-NEXT: ret void
; CHECK-NEXT: }
define void @cxx_plain() personality ptr @__gxx_personality_v0 {
entry:
  invoke void @may_throw()
          to label %done unwind label %lpad
lpad:
  %lp = landingpad { ptr, i32 } catch ptr @_ZTIi
  br label %done
done:
  call void @may_throw()
  ret void
}

; Functions of the runtime's namespace and functions that opt out are never
; instrumented, whatever they call.
; CHECK-LABEL: define void @__bodysan_test_helper(
; CHECK-NOT: call void @__bodysan_acquire
; CHECK: ret void
define void @__bodysan_test_helper(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  ret void
}

; CHECK-LABEL: define void @opted_out(
; CHECK-NOT: call void @__bodysan_
; CHECK: ret void
define void @opted_out(ptr %s, ptr %m) nounwind disable_sanitizer_instrumentation {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  ret void
}
