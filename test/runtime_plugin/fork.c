// Intent: fork in a real libsoup 3 program compiled with the plugin at -O0 and -O2: the
// parent keeps an open body in a global and forks; the child exits 0 through exit()
// (so the runtime's exit check runs in it) without any report and with exit code 0; the
// parent's body is reported exactly once, by the parent, at its exit (exit code 23).
// With log_path only the parent writes a PATH.PID file.
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup
// RUN: sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
// RUN: sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
// RUN: rm -rf %t.dir && mkdir %t.dir
// RUN: %env_bodysan_opts=log_path=%t.dir/report not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefix=LOGGED --implicit-check-not=BodySanitizer
// RUN: ls %t.dir | count 1
// RUN: cat %t.dir/* | FileCheck %s --check-prefix=LOG --implicit-check-not="ERROR: BodySanitizer"
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

GInputStream *held; // open across the fork, never closed

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  SoupMessage *msg = soup_message_new("GET", url);
  held = soup_session_send(session, msg, NULL, NULL);
  printf("parent holds a body: %s\n", held ? "yes" : "no");
  fflush(stdout);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    printf("child done\n");
    exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  printf("child exit code %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  fflush(stdout);
  return 0;
}

// CHECK: parent holds a body: yes
// CHECK-NEXT: child done
// CHECK-NEXT: child exit code 0
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// CHECK: #0 0x{{[0-9a-f]+}} in main {{.*}}fork.c:30:10
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in main at {{.*}}fork.c:30:10 never closed
// CHECK-NEXT: server: connections=1 requests=1
// CHECK-NEXT: exit code 23

// LOGGED: parent holds a body: yes
// LOGGED-NEXT: child done
// LOGGED-NEXT: child exit code 0
// LOGGED-NEXT: server: connections=1 requests=1
// LOG: ERROR: BodySanitizer: unclosed-body
// LOG: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in main at {{.*}}fork.c:30:10 never closed
