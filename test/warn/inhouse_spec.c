// Intent: the compile-time warning works for a kind declared in a spec file
// (the in-house API of examples/inhouse, given with -mllvm -bodysan-spec or
// BODYSAN_SPEC): a body left open by an early return on a bad status, at -O0
// and -O2. Without the spec the pass knows no such kind and says nothing.
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -I%S/../../examples/inhouse -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: env BODYSAN_SPEC=%S/../../examples/inhouse/inhouse.yaml %clang_bodysan -O2 -c %s -o /dev/null -I%S/../../examples/inhouse -mllvm -bodysan-warn 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang_bodysan -O0 -c %s -o /dev/null -I%S/../../examples/inhouse -mllvm -bodysan-warn 2>&1 | count 0
#include "http_client.h"
#include <stdio.h>

static long status_and_length(struct http_client *client, const char *path) {
  // CHECK: inhouse_spec.c:[[@LINE+1]]:28: warning: BodySanitizer: in-house HTTP response body (struct http_body) from 'http_get' in 'status_and_length' is not released on a path that returns at line [[@LINE+5]] [-Wpass-failed=bodysan]
  struct http_body *body = http_get(client, path);
  if (body == NULL)
    return -1;
  if (http_body_status(body) != 200)
    return -2; // Bug: `body` is still open.
  char buf[512];
  long total = 0, n;
  while ((n = http_body_read(body, buf, sizeof buf)) > 0)
    total += n;
  http_body_close(body);
  return total;
}

int main(void) {
  struct http_client *client = http_client_new("127.0.0.1", 8080);
  if (!client)
    return 1;
  printf("%ld\n", status_and_length(client, "/"));
  http_client_free(client);
  return 0;
}
