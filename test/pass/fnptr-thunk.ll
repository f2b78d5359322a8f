; A kind function used as a value (a deleter, an ops table entry, a callback)
; is replaced there by a thunk that calls it directly, so the call is
; instrumented; direct calls stay as they are. Observe-only and generic
; functions keep their address. Thunks of library functions are linkonce_odr
; in a comdat (one per program: their addresses compare equal across files).
; An indirect call that receives a handle hands it off only when its callee is
; none of the module's thunks.
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
; CHECK: %[[A:[0-9]+]] = icmp ne ptr %fp, @bodysan.fnptr.curl_easy_init
; CHECK-NEXT: %[[B:[0-9]+]] = icmp ne ptr %fp, @bodysan.fnptr.curl_easy_cleanup
; CHECK-NEXT: %[[AB:[0-9]+]] = and i1 %[[A]], %[[B]]
; CHECK-NEXT: br i1 %[[AB]], label %[[HANDOFF:[0-9]+]], label %[[CALL:[0-9]+]]
; CHECK: [[HANDOFF]]:
; CHECK-NEXT: call void @__bodysan_handoff(ptr %h2,
; CHECK: [[CALL]]:
; CHECK-NEXT: call void %fp(ptr %h2)
define void @user(ptr %fp) #0 {
entry:
  %h = call ptr @curl_easy_init()
  call void @curl_easy_cleanup(ptr %h)
  call void @take_deleter(ptr @curl_easy_cleanup)
  call void @take_deleter(ptr @g_object_unref)
  %h2 = call ptr @curl_easy_init()
  call void %fp(ptr %h2)
  ret void
}

; The thunks: same signature, the hook on the right side of the direct call,
; a frame pointer for the unwinder.
; CHECK-LABEL: define linkonce_odr hidden ptr @bodysan.fnptr.curl_easy_init() {{.*}}comdat
; CHECK: %0 = call ptr @curl_easy_init()
; CHECK-NEXT: call void @__bodysan_acquire(ptr %0,
; CHECK-LABEL: define linkonce_odr hidden void @bodysan.fnptr.curl_easy_cleanup(ptr %0) {{.*}}comdat
; CHECK: call void @__bodysan_release(ptr %0,
; CHECK-NEXT: call void @curl_easy_cleanup(ptr %0)
; CHECK: attributes {{#[0-9]+}} = { "frame-pointer"="all" }

attributes #0 = { nounwind }
