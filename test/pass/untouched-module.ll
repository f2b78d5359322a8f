; A module that calls no kind function is left exactly as it was: no hooks, no
; site globals, no constructor, no marker.
; RUN: %opt_bodysan -passes=verify -S < %s > %t.before
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s > %t.after
; RUN: diff %t.before %t.after

declare ptr @g_file_read(ptr, ptr, ptr)
declare void @g_object_unref_like(ptr)

define i32 @no_kind_calls(ptr %f) nounwind {
entry:
  %in = call ptr @g_file_read(ptr %f, ptr null, ptr null)
  %isnull = icmp eq ptr %in, null
  br i1 %isnull, label %fail, label %ok
fail:
  ret i32 1
ok:
  call void @g_object_unref_like(ptr %in)
  ret i32 0
}
