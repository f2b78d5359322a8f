// Intent: an in-house body closed before its end was read is reported as
// undrained at the close, at -O0 and -O2; the client then opens a new
// connection for the next request.
// RUN: %clang_bodysan -O0 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s %S/../../examples/inhouse/http_client.c -o %t0
// RUN: not %with_server -- %t0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -O2 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s %S/../../examples/inhouse/http_client.c -o %t2
// RUN: not %with_server -- %t2 2>&1 | FileCheck %s
#include "http_client.h"
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int port = atoi(getenv("BODYSAN_TEST_PORT"));
  struct http_client *c = http_client_new("127.0.0.1", port);
  char buf[10];
  long got = 0;
  for (int i = 0; i < 2; ++i) {
    struct http_body *b = http_get(c, "/small");
    if (!b)
      return 1;
    got += http_body_read(b, buf, sizeof buf); /* 10 of 100 bytes */
    http_body_close(b);
  }
  printf("read %ld\n", got);
  http_client_free(c);
  return 0;
}
// CHECK: ERROR: BodySanitizer: undrained-body
// CHECK: released by http_body_close at {{.*}}inhouse_undrained_close.c:22:5 before its end was read (10 bytes read).
// CHECK: SUMMARY: BodySanitizer: undrained-body
// CHECK: read 20
// CHECK: server: connections=2 requests=2
