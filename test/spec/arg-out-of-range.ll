; A spec naming an argument its function does not have: the compiler warns
; once per function, with the spec's location, and leaves those calls alone
; (the other functions of the kind are still instrumented).
; RUN: %opt_bodysan -bodysan-spec=%S/Inputs/arg-out-of-range.yaml -passes=bodysan -S < %s 2> %t.err | FileCheck %s
; RUN: FileCheck %s --check-prefix=WARN < %t.err
; WARN: warning: BodySanitizer: the spec of 'rng_close' ({{.*}}arg-out-of-range.yaml:8) uses argument 5, but the call passes 1: its calls are not instrumented
; WARN-NOT: warning

; CHECK: call ptr @rng_open()
; CHECK-NEXT: call void @__bodysan_acquire
; CHECK-NOT: __bodysan_release
declare ptr @rng_open()
declare void @rng_close(ptr)

define void @f() nounwind {
  %h = call ptr @rng_open()
  call void @rng_close(ptr %h)
  call void @rng_close(ptr %h)
  ret void
}
