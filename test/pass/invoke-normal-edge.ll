; Hooks that go after a call go, for an invoke, at the start of its normal
; destination: the result only exists there. When the destination has other
; predecessors the edge is split, so the hook runs only after this invoke.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i64 @g_input_stream_read(ptr, ptr, i64, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare i32 @__gxx_personality_v0(...)

; The destination has a single predecessor: the hooks open it.
; CHECK-LABEL: define void @single_pred(
; CHECK: %body = invoke ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
; CHECK-NEXT: to label %got unwind label %lpad
; CHECK: got:
; CHECK-NEXT: call void @__bodysan_acquire_local(ptr %body,
; CHECK: %n = invoke i64 @g_input_stream_read(ptr %body,
; CHECK-NEXT: to label %read unwind label %lpad
; CHECK: read:
; CHECK-NEXT: call void @__bodysan_read(ptr %body, ptr @{{__bodysan_site[.0-9]*}}, i64 %n, i64 16, ptr null)
; Release hooks go before the invoke, in its own block.
; CHECK: call void @__bodysan_release(ptr %body,
; CHECK-NEXT: invoke i32 @g_input_stream_close(ptr %body,
define void @single_pred(ptr %s, ptr %m, ptr %buf) personality ptr @__gxx_personality_v0 {
entry:
  %body = invoke ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
          to label %got unwind label %lpad
got:
  %n = invoke i64 @g_input_stream_read(ptr %body, ptr %buf, i64 16, ptr null, ptr null)
          to label %read unwind label %lpad
read:
  %c = invoke i32 @g_input_stream_close(ptr %body, ptr null, ptr null)
          to label %done unwind label %lpad
done:
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}

; %join is also reached from %entry: the hook gets a block of its own on the
; edge from %send, and the phi takes the handle from that block.
; CHECK-LABEL: define void @shared_dest(
; CHECK: %b = invoke ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
; CHECK-NEXT: to label %[[EDGE:[A-Za-z0-9._]+]] unwind label %lpad
; CHECK: [[EDGE]]:
; CHECK-NEXT: call void @__bodysan_acquire_local(ptr %b,
; CHECK-NEXT: call void @__bodysan_set_parent(ptr %b, ptr %s,
; CHECK-NEXT: br label %join
; CHECK: join:
; CHECK-NEXT: %h = phi ptr [ null, %entry ], [ %b, %[[EDGE]] ]
define void @shared_dest(i1 %c, ptr %s, ptr %m) personality ptr @__gxx_personality_v0 {
entry:
  br i1 %c, label %send, label %join
send:
  %b = invoke ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
          to label %join unwind label %lpad
join:
  %h = phi ptr [ null, %entry ], [ %b, %send ]
  %isnull = icmp eq ptr %h, null
  br i1 %isnull, label %done, label %close
close:
  %r = invoke i32 @g_input_stream_close(ptr %h, ptr null, ptr null)
          to label %done unwind label %lpad
done:
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %lp
}
