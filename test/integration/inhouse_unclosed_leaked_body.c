// Intent: a body of the spec-declared in-house API (examples/inhouse) that is
// never closed is reported with its acquire stack, at -O0 and -O2; each leak
// costs a new TCP connection.
// RUN: %clang_bodysan -O0 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s %S/../../examples/inhouse/http_client.c -o %t0
// RUN: not %with_server -- %t0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -O2 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s %S/../../examples/inhouse/http_client.c -o %t2
// RUN: not %with_server -- %t2 2>&1 | FileCheck %s
#include "http_client.h"
#include <stdio.h>
#include <stdlib.h>

static struct http_body *leaked;

static int status_of(struct http_client *c) {
  struct http_body *b = http_get(c, "/small");
  if (!b)
    return -1;
  leaked = b; /* kept, never closed */
  return http_body_status(b);
}

int main(void) {
  int port = atoi(getenv("BODYSAN_TEST_PORT"));
  struct http_client *c = http_client_new("127.0.0.1", port);
  int a = status_of(c);
  int b = status_of(c);
  printf("status %d %d\n", a, b);
  http_client_free(c);
  return 0;
}
// CHECK: status 200 200
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK: in-house HTTP response body (struct http_body) from http_get
// CHECK: Acquired by thread T0 here:
// CHECK: #0 {{.*}} in status_of {{.*}}inhouse_unclosed_leaked_body.c:15:
// CHECK: SUMMARY: BodySanitizer: unclosed-body
// CHECK: server: connections=2 requests=2
