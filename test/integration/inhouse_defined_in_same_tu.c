// Intent: spec-declared functions defined in the same translation unit as
// their callers are still hooked at -O2: after the whole -O2 pipeline (and its
// inlining) the hooks are there, and the leak is reported.
// RUN: %clang_bodysan -O2 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s -S -emit-llvm -o - | FileCheck %s --check-prefix=IR
// RUN: %clang_bodysan -O2 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s -o %t
// RUN: not %with_server -- %t 2>&1 | FileCheck %s
#include "http_client.c"

static int status_of(struct http_client *c, int close_it) {
  struct http_body *b = http_get(c, "/small");
  if (!b)
    return -1;
  int s = http_body_status(b);
  if (close_it) {
    char buf[256];
    while (http_body_read(b, buf, sizeof buf) > 0)
      ;
    http_body_close(b);
  }
  return s;
}

int main(void) {
  int port = atoi(getenv("BODYSAN_TEST_PORT"));
  struct http_client *c = http_client_new("127.0.0.1", port);
  int a = status_of(c, 1);
  int b = status_of(c, 0);
  printf("status %d %d\n", a, b);
  http_client_free(c);
  return 0;
}
// IR-LABEL: define {{.*}} @main(
// IR: call void @__bodysan_acquire
// IR: call void @__bodysan_read
// IR: call void @__bodysan_release
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK: was still open when 'status_of' returned
// CHECK: #0 {{.*}} in status_of {{.*}}inhouse_defined_in_same_tu.c:10:
// CHECK: status 200 200
// CHECK: server: connections=1 requests=2
