// clang sends every `return` of a function to one return block, whose `ret`
// is located at the closing brace. The scope-exit site must still name the
// `return` statement that was taken: the pass picks it with a phi over the
// branches into the return block, each located at its `return`.
// RUN: %clang -O0 -g -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O2 -g -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=OPT
// At -O2 the returns go through cleanup blocks that end lifetimes first; the
// pass looks back through them.

typedef struct _GInputStream GInputStream;
typedef struct _SoupSession SoupSession;
typedef struct _SoupMessage SoupMessage;
GInputStream *soup_session_send(SoupSession *, SoupMessage *, void *, void **);
int g_input_stream_close(GInputStream *, void *, void **);

int fetch(SoupSession *s, SoupMessage *m, int bad) {
  GInputStream *body = soup_session_send(s, m, 0, 0);
  if (!body)
    return -1;
  if (bad)
    return 1;
  g_input_stream_close(body, 0, 0);
  return 0;
}

// Each return statement has its own exit site (line and column of the
// `return`: lines 19, 21 and 23 above), chosen by the predecessor that branched to the return block.
// CHECK-DAG: @[[S1:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr @{{.*}}, i32 19, i32 5, i32 9,
// CHECK-DAG: @[[S2:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr @{{.*}}, i32 21, i32 5, i32 9,
// CHECK-DAG: @[[S3:__bodysan_site[.0-9]*]] = private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr @{{.*}}, i32 23, i32 3, i32 9,
// CHECK-LABEL: define {{.*}} @fetch(
// CHECK: %[[SITE:.*]] = phi ptr [ @[[S3]], %{{.*}} ], [ @[[S2]], %{{.*}} ], [ @[[S1]], %{{.*}} ]
// CHECK: call void @__bodysan_scope_exit(i64 %{{.*}}, ptr %[[SITE]], ptr null)
//
// OPT-DAG: private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr @{{.*}}, i32 19, i32 5, i32 9,
// OPT-DAG: private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr @{{.*}}, i32 21, i32 5, i32 9,
// OPT-DAG: private unnamed_addr constant {{.*}} { ptr null, ptr null, ptr @{{.*}}, ptr @{{.*}}, i32 23, i32 3, i32 9,
// OPT-LABEL: define {{.*}} @fetch(
// OPT: call void @__bodysan_scope_exit(
