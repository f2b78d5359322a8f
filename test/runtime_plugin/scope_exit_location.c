// Intent: the "returned at" location of a scope-exit report names where the function
// returns: for a void function with no return statement, its closing brace (28:1), at
// -O0 and -O2, whichever path led there.
// The pass looks back from clang's shared return block to the branch of each
// `return` statement, to name the one that was taken; here the return block
// also holds code (the fall-through after `if (body) printf(...)`), so there is
// nothing to look back for and the site is the `ret` itself: the closing brace,
// not the printf line.
//
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static SoupSession *session;
static char *url;

__attribute__((noinline)) static void scope_leak(void) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (body)
    printf("scope_leak status %u\n", soup_message_get_status(msg));
  g_object_unref(msg);
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = g_strconcat(base, "/ok", NULL);
  session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  scope_leak();
  return 0;
}

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: was still open when 'scope_leak' returned at {{.*}}scope_exit_location.c:28:1.
// CHECK: scope_leak status 200
