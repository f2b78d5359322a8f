; The roles behind neon and libcurl (specs/neon.yaml, specs/libcurl.yaml):
; acquire with a parent getter, requests on a parent, destroy, close-children,
; transfer, completion, attach and detach each get their hook, on the right
; side of the call.
; RUN: %opt_bodysan -passes=bodysan,verify -S < %s | FileCheck %s

; libcurl.easy names its progress function and the two CURLINFO codes
; (0x600008 = 6291464, 0x60000f = 6291471); use-after-close and double-close
; are errors and stopped transfers wait for the handle's reuse (2|4|128 = 134).
; CHECK-DAG: @[[GETINFO:__bodysan_str[.0-9]*]] = private unnamed_addr constant [18 x i8] c"curl_easy_getinfo\00"
; CHECK-DAG: @{{__bodysan_kind[.0-9]*}} = private unnamed_addr constant {{.*}} { i32 3, i32 134, {{.*}}, ptr null, i32 0, i32 0, ptr @[[GETINFO]], i64 6291464, i64 6291471 }
; curl_easy_perform: rule 6 (TRANSFER), success 0, two stop values (23, 42).
; CHECK-DAG: @[[STOPS:__bodysan_stop_values[.0-9]*]] = private unnamed_addr constant [2 x i64] [i64 23, i64 42]
; CHECK-DAG: @[[PERFORM_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr @{{.*}}, {{.*}}, i32 2, i32 6, i64 0, i32 0, i32 0, ptr null, ptr @[[STOPS]], i32 2, i32 0, ptr null }

; The sites: dispatch is role 16 (REQUEST); info_read is role 15 (COMPLETION)
; with eof_value 0, the stop values and the CURLMsg layout {0, 1, 8, 16}.
; CHECK-DAG: @[[DISPATCH_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}}, i32 16, i32 0, i64 0, i32 0, i32 0, ptr null, ptr null, i32 0, i32 0, ptr null }
; CHECK-DAG: @[[LAYOUT:__bodysan_completion_layout[.0-9]*]] = private unnamed_addr constant { i32, i32, i32, i32 } { i32 0, i32 1, i32 8, i32 16 }
; CHECK-DAG: @[[INFO_SITE:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}}, i32 15, i32 0, i64 0, i32 0, i32 0, ptr null, ptr @{{__bodysan_stop_values[.0-9]*}}, i32 2, i32 0, ptr @[[LAYOUT]] }

declare ptr @ne_request_create(ptr, ptr, ptr)
declare i32 @ne_begin_request(ptr)
declare i64 @ne_read_response_block(ptr, ptr, i64)
declare i32 @ne_end_request(ptr)
declare void @ne_request_destroy(ptr)
declare void @ne_close_connection(ptr)
declare ptr @ne_get_session(ptr)
declare ptr @curl_easy_init()
declare i32 @curl_easy_perform(ptr)
declare void @curl_easy_cleanup(ptr)
declare ptr @curl_multi_init()
declare i32 @curl_multi_add_handle(ptr, ptr)
declare i32 @curl_multi_remove_handle(ptr, ptr)
declare i32 @curl_multi_cleanup(ptr)

; ne_begin_request acquires its argument when it returns 0. Its parent comes
; from ne_get_session, asked BEFORE the call for the request (never for NULL):
; the begin is a request on the session, which claims the verdicts waiting
; there (request_start) and decides them (request_end: did it start?).
; CHECK-LABEL: define void @neon(
; CHECK: %req = call ptr @ne_request_create(
; CHECK-NEXT: %[[HAVE:[0-9]+]] = icmp ne ptr %req, null
; CHECK-NEXT: br i1 %[[HAVE]], label %[[THEN:.*]], label %[[CONT:.*]]
; CHECK: [[THEN]]:
; CHECK-NEXT: %bodysan.parent = call ptr @ne_get_session(ptr %req)
; CHECK-NEXT: br label %[[CONT]]
; CHECK: [[CONT]]:
; CHECK-NEXT: %bodysan.parent.or.null = phi ptr [ %bodysan.parent, %[[THEN]] ], [ null, %entry ]
; CHECK-NEXT: call void @__bodysan_request_start(ptr %bodysan.parent.or.null, ptr @[[BEGIN_SITE:__bodysan_site[.0-9]*]])
; CHECK-NEXT: %rc = call i32 @ne_begin_request(ptr %req)
; CHECK-NEXT: %[[OK:[0-9]+]] = icmp eq i32 %rc, 0
; CHECK-NEXT: %[[H:[0-9]+]] = select i1 %[[OK]], ptr %req, ptr null
; CHECK-NEXT: call void @__bodysan_acquire(ptr %[[H]], ptr @[[BEGIN_SITE]])
; CHECK-NEXT: call void @__bodysan_set_parent(ptr %[[H]], ptr %bodysan.parent.or.null, ptr @[[BEGIN_SITE]])
; CHECK-NEXT: %[[STARTED:[0-9]+]] = icmp ne ptr %[[H]], null
; CHECK-NEXT: %[[STARTED32:[0-9]+]] = zext i1 %[[STARTED]] to i32
; CHECK-NEXT: call void @__bodysan_request_end(ptr %bodysan.parent.or.null, i32 %[[STARTED32]], ptr @[[BEGIN_SITE]])
; CHECK: call void @__bodysan_read(ptr %req,
; The session passed to ne_close_connection is the parent whose handles close.
; CHECK: call void @__bodysan_close_children(ptr %sess, ptr @{{__bodysan_site[.0-9]*}})
; CHECK-NEXT: call void @ne_close_connection(ptr %sess)
; The end's result follows it: an end that fails on an unread body drops the
; connection, so the verdict waiting on the session is due at once.
; CHECK: call void @__bodysan_release(ptr %req, ptr @[[END_SITE:__bodysan_site[.0-9]*]])
; CHECK-NEXT: %e = call i32 @ne_end_request(ptr %req)
; CHECK-NEXT: %[[E64:[0-9]+]] = sext i32 %e to i64
; CHECK-NEXT: call void @__bodysan_release_result(ptr %req, i64 %[[E64]], ptr @[[END_SITE]])
; CHECK: call void @__bodysan_destroy(ptr %req, ptr @{{__bodysan_site[.0-9]*}})
; CHECK-NEXT: call void @ne_request_destroy(ptr %req)
define void @neon(ptr %sess, ptr %path, ptr %buf) #0 {
entry:
  %req = call ptr @ne_request_create(ptr %sess, ptr %path, ptr %path)
  %rc = call i32 @ne_begin_request(ptr %req)
  %n = call i64 @ne_read_response_block(ptr %req, ptr %buf, i64 100)
  call void @ne_close_connection(ptr %sess)
  %e = call i32 @ne_end_request(ptr %req)
  call void @ne_request_destroy(ptr %req)
  ret void
}

; curl_easy_perform's result goes to the read hook with the TRANSFER site.
; Adding the easy handle to the multi handle gives it its parent when the call
; returned CURLM_OK; removing it is hooked before the call. The multi handle
; keeps the easy handle (not local), but only uses the multi handle, which stays
; local.
; CHECK-LABEL: define void @curl(
; CHECK: %multi = call ptr @curl_multi_init()
; CHECK-NEXT: call void @__bodysan_acquire_local(ptr %multi,
; CHECK: %easy = call ptr @curl_easy_init()
; CHECK-NEXT: call void @__bodysan_acquire(ptr %easy,
; CHECK: %res = call i32 @curl_easy_perform(ptr %easy)
; CHECK-NEXT: %[[RES64:[0-9]+]] = sext i32 %res to i64
; CHECK-NEXT: call void @__bodysan_read(ptr %easy, ptr @[[PERFORM_SITE]], i64 %[[RES64]], i64 0, ptr null)
; CHECK: %added = call i32 @curl_multi_add_handle(ptr %multi, ptr %easy)
; CHECK-NEXT: %[[AOK:[0-9]+]] = icmp eq i32 %added, 0
; CHECK-NEXT: %[[AH:[0-9]+]] = select i1 %[[AOK]], ptr %easy, ptr null
; CHECK-NEXT: call void @__bodysan_set_parent(ptr %[[AH]], ptr %multi, ptr @{{__bodysan_site[.0-9]*}})
; CHECK: call void @__bodysan_detach(ptr %easy, ptr %multi, ptr @{{__bodysan_site[.0-9]*}})
; CHECK-NEXT: %removed = call i32 @curl_multi_remove_handle(ptr %multi, ptr %easy)
define void @curl() #0 {
entry:
  %multi = call ptr @curl_multi_init()
  %easy = call ptr @curl_easy_init()
  %res = call i32 @curl_easy_perform(ptr %easy)
  %added = call i32 @curl_multi_add_handle(ptr %multi, ptr %easy)
  %removed = call i32 @curl_multi_remove_handle(ptr %multi, ptr %easy)
  call void @curl_easy_cleanup(ptr %easy)
  %c = call i32 @curl_multi_cleanup(ptr %multi)
  ret void
}
; ne_request_dispatch is a whole request on the session: claimed before,
; decided after by its result (NE_OK = it got a response). curl_multi_info_read
; returns a completion message, passed to the runtime with the site that
; carries its layout.
; CHECK-LABEL: define void @whole_requests(
; CHECK: call void @__bodysan_request_start(ptr %bodysan.parent.or.null, ptr @[[DISPATCH_SITE]])
; CHECK-NEXT: %d = call i32 @ne_request_dispatch(ptr %req)
; CHECK-NEXT: %[[DOK:[0-9]+]] = icmp eq i32 %d, 0
; CHECK-NEXT: %[[DOK32:[0-9]+]] = zext i1 %[[DOK]] to i32
; CHECK-NEXT: call void @__bodysan_request_end(ptr %bodysan.parent.or.null, i32 %[[DOK32]], ptr @[[DISPATCH_SITE]])
; CHECK: %msg = call ptr @curl_multi_info_read(ptr %multi, ptr %q)
; CHECK-NEXT: call void @__bodysan_completion(ptr %msg, ptr @[[INFO_SITE]])
; curl_multi_perform stores how many transfers still run: after a successful
; call, the count goes to the runtime (0 = every transfer of the multi ended).
; CHECK: %pm = call i32 @curl_multi_perform(ptr %multi, ptr %running)
; CHECK-NEXT: %[[NN:[0-9]+]] = icmp ne ptr %running, null
; CHECK-NEXT: %[[OK0:[0-9]+]] = icmp eq i32 %pm, 0
; CHECK-NEXT: %[[BOTH:[0-9]+]] = and i1 %[[NN]], %[[OK0]]
; CHECK-NEXT: br i1 %[[BOTH]], label %[[LOAD:[0-9]+]], label
; CHECK: [[LOAD]]:
; CHECK-NEXT: %bodysan.running = load i32, ptr %running
; CHECK-NEXT: %[[R64:[0-9]+]] = sext i32 %bodysan.running to i64
; CHECK-NEXT: call void @__bodysan_transfers_running(ptr %multi, i64 %[[R64]],
define void @whole_requests(ptr %req, ptr %multi, ptr %q, ptr %running) #0 {
entry:
  %d = call i32 @ne_request_dispatch(ptr %req)
  %msg = call ptr @curl_multi_info_read(ptr %multi, ptr %q)
  %pm = call i32 @curl_multi_perform(ptr %multi, ptr %running)
  ret void
}
declare i32 @curl_multi_perform(ptr, ptr)
declare i32 @ne_request_dispatch(ptr)
declare ptr @curl_multi_info_read(ptr, ptr)

attributes #0 = { nounwind }
