// Intent: the public API of <bodysan/bodysan_interface.h> with real libsoup 3 bodies, in a
// program compiled with the plugin at -O0 and -O2: __bodysan_live_count is 0 before and
// counts the open bodies after; __bodysan_do_recoverable_check reports the open bodies,
// returns their number and the program goes on (its next line is printed, and a program
// that then closes everything exits 0); __bodysan_ignore silences one leak;
// __bodysan_disable/__bodysan_enable around an acquisition keep it untracked (not
// counted, never reported); __bodysan_do_check reports and exits with the exit code when
// something is open (the line after it is never printed).
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup
// RUN: sh -c '%with_server -- %t-O0 do_check 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,DOCHECK --implicit-check-not="ERROR: BodySanitizer"
// RUN: sh -c '%with_server -- %t-O2 do_check 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,DOCHECK --implicit-check-not="ERROR: BodySanitizer"
// RUN: %env_bodysan_opts=exitcode=9 sh -c '%with_server -- %t-O2 do_check 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT9
// RUN: sh -c '%with_server -- %t-O0 recoverable_only 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,RECOVERABLE --implicit-check-not="ERROR: BodySanitizer"
// RUN: sh -c '%with_server -- %t-O2 recoverable_only 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,RECOVERABLE --implicit-check-not="ERROR: BodySanitizer"
#include <bodysan/bodysan_interface.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static SoupSession *session;
static char *url;
GInputStream *tracked, *ignored, *untracked; // kept in globals: checked at exit

static GInputStream *send_get(void) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  g_object_unref(msg);
  return body;
}

static void drain_and_close(GInputStream *body) {
  char buf[8192];
  while (g_input_stream_read(body, buf, sizeof buf, NULL, NULL) > 0)
    ;
  g_input_stream_close(body, NULL, NULL);
  g_object_unref(body);
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 2)
    return 2;
  url = g_strconcat(base, "/ok", NULL);
  session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  printf("live before: %zu\n", __bodysan_live_count());
  tracked = send_get();
  ignored = send_get();
  printf("live after two: %zu\n", __bodysan_live_count());
  __bodysan_ignore(ignored);
  __bodysan_disable();
  untracked = send_get();
  __bodysan_enable();
  printf("live after ignore and disabled acquisition: %zu\n", __bodysan_live_count());
  fflush(stdout);
  int open = __bodysan_do_recoverable_check();
  printf("recoverable check found %d\n", open);
  fflush(stdout);
  if (!strcmp(argv[1], "recoverable_only")) {
    drain_and_close(tracked);
    printf("live after close: %zu\n", __bodysan_live_count());
    return 0;
  }
  __bodysan_do_check();
  printf("not reached\n");
  return 0;
}

// CHECK: live before: 0
// CHECK-NEXT: live after two: 2
// CHECK-NEXT: live after ignore and disabled acquisition: 1
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send is still open.
// CHECK: #0 0x{{[0-9a-f]+}} in send_get {{.*}}public_api.c:29:24
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}public_api.c:49:13
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in send_get
// CHECK-NEXT: recoverable check found 1

// RECOVERABLE-NEXT: live after close: 0
// RECOVERABLE-NEXT: server: connections=3 requests=3
// RECOVERABLE-NEXT: exit code 0

// DOCHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// DOCHECK-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// DOCHECK: #0 0x{{[0-9a-f]+}} in send_get {{.*}}public_api.c:29:24
// DOCHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}public_api.c:49:13
// DOCHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in send_get
// DOCHECK-NOT: not reached
// DOCHECK: server: connections=3 requests=3
// DOCHECK-NEXT: exit code 23

// EXIT9: recoverable check found 1
// EXIT9-NOT: not reached
// EXIT9: exit code 9
