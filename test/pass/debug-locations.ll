; Site descriptors carry the source location of the call they describe
; (file, line, column from its DebugLoc); a return exit carries the `ret`'s
; location, an unwind exit the function's declaration line. Every inserted
; instruction has a debug location.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

declare ptr @soup_session_send(ptr, ptr, ptr, ptr)
declare i32 @g_input_stream_close(ptr, ptr, ptr)
declare void @may_throw()
declare i32 @__gxx_personality_v0(...)

; Strings: the file, and names demangled (C++ enclosing function).
; The file is the absolute path (directory + filename), as symbolized frames show it.
; CHECK-DAG: @[[FILE:__bodysan_str[.0-9]*]] = private unnamed_addr constant [12 x i8] c"/src/http.c\00"
; CHECK-DAG: @[[FN:__bodysan_str[.0-9]*]] = private unnamed_addr constant [21 x i8] c"fetch(_SoupSession*)\00"
; The acquire at http.c:12:24 (role 1), the release at 14:3 (role 3).
; CHECK-DAG: @[[ACQ:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr @__bodysan_kind, ptr @{{.*}}, ptr @[[FN]], ptr @[[FILE]], i32 12, i32 24, i32 1,
; CHECK-DAG: @[[REL:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr @__bodysan_kind, ptr @{{.*}}, ptr @[[FN]], ptr @[[FILE]], i32 14, i32 3, i32 3,
; The return at 15:1 (role 9); the unwind exit at the subprogram's line 10 (role 10).
; CHECK-DAG: @[[RET:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @[[FN]], ptr @[[FILE]], i32 15, i32 1, i32 9,
; CHECK-DAG: @[[UNW:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @[[FN]], ptr @[[FILE]], i32 10, i32 0, i32 10,

; CHECK-LABEL: define void @_Z5fetchP12_SoupSession(
; CHECK: %bodysan.scope = call i64 @__bodysan_scope_enter(), !dbg
; CHECK: call void @__bodysan_acquire_local(ptr %body, ptr @[[ACQ]]), !dbg ![[ACQ_LOC:[0-9]+]]
; CHECK: call void @__bodysan_release(ptr %body, ptr @[[REL]]), !dbg ![[REL_LOC:[0-9]+]]
; CHECK: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @[[RET]], ptr null), !dbg ![[RET_LOC:[0-9]+]]
; CHECK-NEXT: ret void, !dbg ![[RET_LOC]]
; CHECK: landingpad
; CHECK-NEXT: cleanup
; CHECK-NEXT: call void @__bodysan_scope_exit(i64 %bodysan.scope, ptr @[[UNW]], ptr null), !dbg ![[UNW_LOC:[0-9]+]]
define void @_Z5fetchP12_SoupSession(ptr %s) personality ptr @__gxx_personality_v0 !dbg !5 {
entry:
  %body = call ptr @soup_session_send(ptr %s, ptr null, ptr null, ptr null) nounwind, !dbg !8
  call void @may_throw(), !dbg !9
  call i32 @g_input_stream_close(ptr %body, ptr null, ptr null) nounwind, !dbg !10
  ret void, !dbg !11
}

; CHECK-DAG: ![[ACQ_LOC]] = !DILocation(line: 12, column: 24,
; CHECK-DAG: ![[REL_LOC]] = !DILocation(line: 14, column: 3,
; CHECK-DAG: ![[RET_LOC]] = !DILocation(line: 15, column: 1,
; CHECK-DAG: ![[UNW_LOC]] = !DILocation(line: 10, scope:

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}
!0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus, file: !1, producer: "handwritten", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "http.c", directory: "/src")
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "fetch", linkageName: "_Z5fetchP12_SoupSession", scope: !1, file: !1, line: 10, type: !6, scopeLine: 11, spFlags: DISPFlagDefinition, unit: !0)
!6 = !DISubroutineType(types: !7)
!7 = !{null}
!8 = !DILocation(line: 12, column: 24, scope: !5)
!9 = !DILocation(line: 13, column: 3, scope: !5)
!10 = !DILocation(line: 14, column: 3, scope: !5)
!11 = !DILocation(line: 15, column: 1, scope: !5)
