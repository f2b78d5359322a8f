; Slot-of-slot patterns from -O0 code stay local: g_clear_object (&body)
; expands to `_pp = &body; _ptr = *_pp; *_pp = NULL; if (_ptr) g_object_unref
; (_ptr)`, and g_autoptr's cleanup function receives the slot's address.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare void @g_object_unref(ptr)
declare void @g_clear_object(ptr)

; CHECK-LABEL: define i32 @clear_object_macro(
; CHECK: call i64 @__bodysan_scope_enter()
; CHECK: call void @__bodysan_acquire_local(ptr %call,
; CHECK: call void @__bodysan_unref(ptr %ptr,
; CHECK: call void @__bodysan_scope_exit(
define i32 @clear_object_macro(ptr %s, ptr %m) nounwind {
entry:
  %body = alloca ptr
  %_pp = alloca ptr
  %_ptr = alloca ptr
  %call = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %call, ptr %body
  store ptr %body, ptr %_pp
  %pp = load ptr, ptr %_pp
  %p = load ptr, ptr %pp
  store ptr %p, ptr %_ptr
  %pp2 = load ptr, ptr %_pp
  store ptr null, ptr %pp2
  %ptr0 = load ptr, ptr %_ptr
  %nonnull = icmp ne ptr %ptr0, null
  br i1 %nonnull, label %unref, label %done
unref:
  %ptr = load ptr, ptr %_ptr
  call void @g_object_unref(ptr %ptr)
  br label %done
done:
  ret i32 0
}

; g_autoptr(GInputStream) body = ...: the cleanup is an inline function of the
; module that takes the slot's address (level 1) and unrefs what it holds.
define internal void @glib_autoptr_cleanup_GInputStream(ptr %_ptr) nounwind {
entry:
  %_ptr.addr = alloca ptr
  store ptr %_ptr, ptr %_ptr.addr
  %0 = load ptr, ptr %_ptr.addr
  %1 = load ptr, ptr %0
  %nonnull = icmp ne ptr %1, null
  br i1 %nonnull, label %unref, label %done
unref:
  call void @g_object_unref(ptr %1)
  br label %done
done:
  ret void
}

; CHECK-LABEL: define void @autoptr(
; CHECK: call void @__bodysan_acquire_local(ptr %call,
; CHECK: call void @glib_autoptr_cleanup_GInputStream(ptr %body)
; CHECK-NEXT: call void @__bodysan_scope_exit(
define void @autoptr(ptr %s, ptr %m) nounwind {
entry:
  %body = alloca ptr
  %call = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %call, ptr %body
  call void @glib_autoptr_cleanup_GInputStream(ptr %body)
  ret void
}

; The out-of-line g_clear_object (GObject **) is unknown code: it receives
; the slot, so it gets a handoff of what the slot holds and the handle escapes.
; CHECK-LABEL: define void @clear_object_function(
; CHECK: call void @__bodysan_acquire(ptr %call,
; CHECK: %[[H:.*]] = load ptr, ptr %body
; CHECK-NEXT: call void @__bodysan_handoff(ptr %[[H]],
; CHECK-NEXT: call void @g_clear_object(ptr %body)
define void @clear_object_function(ptr %s, ptr %m) nounwind {
entry:
  %body = alloca ptr
  %call = call ptr @soup_session_send(ptr %s, ptr %m, ptr null, ptr null)
  store ptr %call, ptr %body
  call void @g_clear_object(ptr %body)
  ret void
}
