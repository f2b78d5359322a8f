; An instrumented module gets a constructor, run before other constructors
; (priority 1, as ASan's), that calls __bodysan_init and references the
; versioned symbol __bodysan_version_mismatch_check_v3, so that linking against
; a runtime of another ABI version fails.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

; CHECK: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 1, ptr @bodysan.module_ctor, ptr null }]

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)

define void @leak(ptr %s, ptr %m) nounwind {
entry:
  %b = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  ret void
}

; CHECK-LABEL: define internal void @bodysan.module_ctor()
; CHECK-NEXT: call void @__bodysan_init()
; CHECK-NEXT: call void @__bodysan_version_mismatch_check_v3()
; CHECK-NEXT: ret void
; CHECK: declare void @__bodysan_version_mismatch_check_v3()
; Hooks the module does not use are not declared.
; CHECK-NOT: declare {{.*}}@__bodysan_read(
; CHECK: !bodysan.instrumented = !{![[MD:[0-9]+]]}
; CHECK: ![[MD]] = !{!"abi-{{[0-9]+}}"}
