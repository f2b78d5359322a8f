// Intent: in-house bodies read to their end and closed give no report, the
// program's output and exit code are unchanged, and one connection serves
// every request, at -O0 and -O2.
// RUN: %clang_bodysan -O0 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s %S/../../examples/inhouse/http_client.c -o %t0
// RUN: %with_server -- %t0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clang_bodysan -O2 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s %S/../../examples/inhouse/http_client.c -o %t2
// RUN: %with_server -- %t2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
#include "http_client.h"
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  int port = atoi(getenv("BODYSAN_TEST_PORT"));
  struct http_client *c = http_client_new("127.0.0.1", port);
  char buf[7];
  long total = 0, n;
  for (int i = 0; i < 3; ++i) {
    struct http_body *b = http_get(c, "/ok?size=1000");
    if (!b)
      return 1;
    while ((n = http_body_read(b, buf, sizeof buf)) > 0)
      total += n;
    http_body_close(b);
  }
  printf("read %ld\n", total);
  http_client_free(c);
  return 0;
}
// CHECK: read 3000
// CHECK-NEXT: server: connections=1 requests=3
