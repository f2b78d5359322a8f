// Intent: under ASan (with LSan at exit), an instrumented program that forks while it holds open bodies gets no leak report from the child: the child's runtime drops the parent's handle tables, and that memory stays reachable, so LSan in the child (which exits normally) reports nothing; the child's own leaked body is reported by BodySanitizer in the child, the parent's clean run reports nothing. Shared runtime (the wrapper's) and static.
// REQUIRES: asan
// RUN: %clang_bodysan -c -O1 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s -o %t.o
// RUN: %clang_bodysan -c -O1 %S/../../examples/inhouse/http_client.c -o %t-client.o
// RUN: %clang_bodysan -fsanitize=address %t.o %t-client.o -o %t
// RUN: %clang -fsanitize=address %t.o %t-client.o -o %t-static %bodysan_rt_static -lpthread -ldl
// RUN: sh -c '%with_server -- %t 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not=LeakSanitizer --implicit-check-not=AddressSanitizer
// RUN: sh -c '%with_server -- %t-static 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not=LeakSanitizer --implicit-check-not=AddressSanitizer
#include "http_client.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static struct http_client *client, *child_client;
static struct http_body *child_kept;

static void drain_and_close(struct http_body *b) {
  char buf[256];
  while (http_body_read(b, buf, sizeof buf) > 0)
    ;
  http_body_close(b);
}

int main(void) {
  int port = atoi(getenv("BODYSAN_TEST_PORT"));
  client = http_client_new("127.0.0.1", port);
  struct http_body *open_in_parent = http_get(client, "/small");
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    // The child: its own client and body, the body left open at exit.
    child_client = http_client_new("127.0.0.1", port);
    child_kept = http_get(child_client, "/small");
    printf("child done\n");
    return 0;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  printf("child exit code %d\n", WEXITSTATUS(status));
  drain_and_close(open_in_parent);
  http_client_free(client);
  printf("parent done\n");
  return 0;
}

// CHECK: child done
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK: from http_get was never closed (still open at exit).
// CHECK: #0 {{.*}} in main {{.*}}asan_fork.c:34
// CHECK: child exit code 23
// CHECK-NOT: BodySanitizer
// CHECK: parent done
// CHECK: server: connections=2 requests=2
// CHECK: exit code 0
