; A kind function used as a value (a deleter, an ops table entry, a callback)
; is replaced there by a private thunk that calls it directly, so the call is
; instrumented; direct calls stay as they are. Observe-only and generic
; functions keep their address.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

; CHECK: @ops = constant { ptr, ptr, ptr } { ptr @bodysan.fnptr.curl_easy_init, ptr @bodysan.fnptr.curl_easy_cleanup, ptr @curl_easy_setopt }
@ops = constant { ptr, ptr, ptr } { ptr @curl_easy_init, ptr @curl_easy_cleanup, ptr @curl_easy_setopt }

declare ptr @curl_easy_init()
declare void @curl_easy_cleanup(ptr)
declare i32 @curl_easy_setopt(ptr, i32, ...)
declare void @g_object_unref(ptr)
declare void @take_deleter(ptr)

; CHECK-LABEL: define void @user(
; CHECK: call void @__bodysan_release(ptr %h,
; CHECK-NEXT: call void @curl_easy_cleanup(ptr %h)
; CHECK: call void @take_deleter(ptr @bodysan.fnptr.curl_easy_cleanup)
; CHECK: call void @take_deleter(ptr @g_object_unref)
define void @user() #0 {
entry:
  %h = call ptr @curl_easy_init()
  call void @curl_easy_cleanup(ptr %h)
  call void @take_deleter(ptr @curl_easy_cleanup)
  call void @take_deleter(ptr @g_object_unref)
  ret void
}

; The thunks: same signature, the hook on the right side of the direct call,
; a frame pointer for the unwinder.
; CHECK-LABEL: define private ptr @bodysan.fnptr.curl_easy_init()
; CHECK: %0 = call ptr @curl_easy_init()
; CHECK-NEXT: call void @__bodysan_acquire(ptr %0,
; CHECK-LABEL: define private void @bodysan.fnptr.curl_easy_cleanup(ptr %0)
; CHECK: call void @__bodysan_release(ptr %0,
; CHECK-NEXT: call void @curl_easy_cleanup(ptr %0)
; CHECK: attributes {{#[0-9]+}} = { "frame-pointer"="all" }

attributes #0 = { nounwind }
