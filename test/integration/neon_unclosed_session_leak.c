// Intent: a neon session that is never destroyed keeps its TCP connection (one
// socket per session) open until the process exits: each leaked session is an
// unclosed handle, reported at exit with where it was created. 3 sessions, 3 sockets
// (counted in /proc/self/fd), 3 connections.
// REQUIRES: neon
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %neon
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %neon
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

// The program's output comes first: the report is printed at exit.
// CHECK: 3 of 3 requests answered 200; 3 more file descriptors open

#include <dirent.h>
#include <ne_request.h>
#include <ne_session.h>
#include <ne_socket.h>
#include <stdio.h>
#include <stdlib.h>

static int open_fds(void) {
  DIR *dir = opendir("/proc/self/fd");
  int n = 0;
  while (readdir(dir))
    ++n;
  closedir(dir);
  return n - 3; // ".", ".." and the directory itself
}

// Returns the status of GET `path` on a new session to the test server.
static int status_of(int port, const char *path) {
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK: neon session{{.*}} never closed (still open at exit)
  // CHECK: in status_of {{.*}}neon_unclosed_session_leak.c:[[@LINE+1]]
  ne_session *sess = ne_session_create("http", "127.0.0.1", port);
  ne_request *req = ne_request_create(sess, "GET", path);
  int status = ne_request_dispatch(req) == NE_OK ? ne_get_status(req)->code : -1;
  ne_request_destroy(req);
  return status; // Bug: `sess` is never destroyed.
}

int main(void) {
  const char *port = getenv("BODYSAN_TEST_PORT");
  if (!port)
    return 2;
  ne_sock_init();
  int before = open_fds();
  int ok = 0;
  for (int i = 0; i < 3; ++i)
    ok += status_of(atoi(port), "/small") == 200;
  printf("%d of 3 requests answered 200; %d more file descriptors open\n", ok,
         open_fds() - before);
  fflush(stdout);
  return 0;
}
// CHECK: SUMMARY: BodySanitizer: unclosed-body
// CHECK: server: connections=3 requests=3
