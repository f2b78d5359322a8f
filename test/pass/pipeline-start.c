// The plugin runs at PipelineStart, before inlining: a call to a tracked
// function that this module defines itself is still hooked at -O2 (at
// OptimizerLast it would already be inlined away), and scopes are the source
// functions. The same holds at -O0 and in the ThinLTO pre-link pipeline.
// RUN: %clang -O2 -g -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,OPT
// RUN: %clang -O0 -g -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clang -O2 -g -flto=thin -fpass-plugin=%plugin -c %s -o %t.bc
// RUN: llvm-dis %t.bc -o - | FileCheck %s --check-prefixes=CHECK,OPT

typedef struct _GInputStream GInputStream;
typedef struct _SoupSession SoupSession;
typedef struct _SoupMessage SoupMessage;

static int pool[4];

GInputStream *soup_session_send(SoupSession *s, SoupMessage *m, void *c,
                                void **e) {
  (void)s; (void)m; (void)c; (void)e;
  return (GInputStream *)&pool[0];
}

int g_input_stream_close(GInputStream *in, void *c, void **e) {
  (void)in; (void)c; (void)e;
  return 1;
}

static void finish(GInputStream *b) { g_input_stream_close(b, 0, 0); }

// The exit sites name the source functions, with the lines of their returns.
// CHECK-DAG: @[[LEAKY:__bodysan_str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"leaky\00"
// CHECK-DAG: @[[CLOSES:__bodysan_str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"closes\00"
// CHECK-DAG: @[[LEAKY_EXIT:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @[[LEAKY]], ptr @{{.*}}, i32 [[@LINE+9]], i32 3, i32 9,
// CHECK-DAG: @[[CLOSES_EXIT:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @[[CLOSES]], ptr @{{.*}}, i32 [[@LINE+23]], i32 3, i32 9,

// CHECK-LABEL: define {{.*}}i32 @leaky(
// CHECK: %[[TOK:.*]] = {{.*}}call i64 @__bodysan_scope_enter()
// CHECK: call void @__bodysan_acquire_local(
// CHECK: call void @__bodysan_scope_exit(i64 %[[TOK]], ptr {{.*}}@[[LEAKY_EXIT]], ptr null)
int leaky(SoupSession *s, SoupMessage *m) {
  GInputStream *body = soup_session_send(s, m, 0, 0);
  return body != 0;
}

// The helper that closes is inlined at -O2, after the pass ran: its release
// hook is now in closes, which still has its own scope. (At -O0 the helper
// keeps the hook: it is checked with the helper below.)
// CHECK-LABEL: define {{.*}}i32 @closes(
// OPT-NOT: call {{.*}}@soup_session_send(
// CHECK: %[[TOK:.*]] = {{.*}}call i64 @__bodysan_scope_enter()
// CHECK: call void @__bodysan_acquire_local(
// OPT: call void @__bodysan_release(
// CHECK: call void @__bodysan_scope_exit(i64 %[[TOK]], ptr {{.*}}@[[CLOSES_EXIT]], ptr null)
int closes(SoupSession *s, SoupMessage *m) {
  GInputStream *body = soup_session_send(s, m, 0, 0);
  finish(body);
  return 0;
}

// At -O0 the helper is emitted after its caller; it has the release hook and,
// acquiring nothing, no scope.
// O0-LABEL: define internal void @finish(
// O0-NOT: __bodysan_scope_enter
// O0: call void @__bodysan_release(
// O0-NOT: __bodysan_scope_exit
// O0: ret void
