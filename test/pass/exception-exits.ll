; Functions with local handles check them at every exit, exception exits
; included (EscapeEnumerator): existing resumes, and calls that may throw,
; which get a cleanup landing pad of their own. A landing pad with only catch
; clauses becomes a cleanup too, or the unwinder would skip this frame when no
; clause matches and the exit check would never run.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare void @may_throw()
declare i32 @__gxx_personality_v0(...)
declare i32 @llvm.eh.typeid.for(ptr)
declare ptr @__cxa_begin_catch(ptr)
declare void @__cxa_end_catch()
@_ZTIi = external constant ptr

; The exit sites: role 9 (EXIT_RETURN) and 10 (EXIT_UNWIND), no kind, no callee.
; CHECK-DAG: @[[RET_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr null, i32 0, i32 0, i32 9,
; CHECK-DAG: @[[UNWIND_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr null, i32 0, i32 0, i32 10,

; try { may_throw(); } catch (int) {}: the catch-only pad gets `cleanup`; the
; path where no clause matches resumes, after the exit check. The call to
; may_throw outside the try becomes an invoke to a synthesized cleanup.
; CHECK-LABEL: define i32 @catch_only(
; CHECK: %bodysan.scope = call i64 @__bodysan_scope_enter()
; CHECK: call void @__bodysan_acquire_local(ptr %body,
; CHECK: lpad:
; CHECK-NEXT: %lp = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: catch ptr @_ZTIi
; CHECK: nomatch:
; CHECK-NEXT: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @[[UNWIND_SITE]], ptr null)
; CHECK-NEXT: resume { ptr, i32 } %lp
; CHECK: invoke void @may_throw()
; CHECK-NEXT: to label %[[CONT:.*]] unwind label %[[CLEANUP:bodysan_cleanup[0-9]*]]
; CHECK: [[CONT]]:
; CHECK-NEXT: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @[[RET_SITE]], ptr null)
; CHECK-NEXT: ret i32 0
; CHECK: [[CLEANUP]]:
; CHECK-NEXT: %{{.*}} = landingpad { ptr, i32 }
; CHECK-NEXT: cleanup
; CHECK-NEXT: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @[[UNWIND_SITE]], ptr null)
; CHECK-NEXT: resume
define i32 @catch_only(ptr %s, ptr %m) personality ptr @__gxx_personality_v0 {
entry:
  %body = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null) nounwind
  invoke void @may_throw()
          to label %cont unwind label %lpad
lpad:
  %lp = landingpad { ptr, i32 } catch ptr @_ZTIi
  %sel = extractvalue { ptr, i32 } %lp, 1
  %tid = call i32 @llvm.eh.typeid.for(ptr @_ZTIi)
  %match = icmp eq i32 %sel, %tid
  br i1 %match, label %catch, label %nomatch
catch:
  %exn = extractvalue { ptr, i32 } %lp, 0
  %obj = call ptr @__cxa_begin_catch(ptr %exn) nounwind
  call void @__cxa_end_catch() nounwind
  br label %cont
nomatch:
  resume { ptr, i32 } %lp
cont:
  call i32 @g_input_stream_close(ptr %body, ptr null, ptr null) nounwind
  call void @may_throw()
  ret i32 0
}

; A nounwind function (C code) gets no landing pads: its only exits are rets.
; CHECK-LABEL: define void @c_function(
; CHECK-NOT: landingpad
; CHECK-NOT: invoke
; CHECK: call void @__bodysan_scope_exit(
; CHECK-NEXT: ret void
; CHECK-NEXT: }
define void @c_function(ptr %s, ptr %m) nounwind {
entry:
  %body = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  call void @may_throw()
  call i32 @g_input_stream_close(ptr %body, ptr null, ptr null)
  ret void
}

; A function without local handles keeps its catch-only pads as they are.
; CHECK-LABEL: define void @no_scope(
; CHECK: landingpad { ptr, i32 }
; CHECK-NEXT: catch ptr @_ZTIi
@global_body = global ptr null
define void @no_scope(ptr %s, ptr %m) personality ptr @__gxx_personality_v0 {
entry:
  %body = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null) nounwind
  store ptr %body, ptr @global_body
  invoke void @may_throw()
          to label %done unwind label %lpad
lpad:
  %lp = landingpad { ptr, i32 } catch ptr @_ZTIi
  br label %done
done:
  ret void
}
