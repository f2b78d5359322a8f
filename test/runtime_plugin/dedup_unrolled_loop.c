// Intent: dedup_reports=1 (the default) prints a leak repeated in a loop once, also when
// -O2 unrolls the loop: the four reports have the same error, the same symbolized
// acquisition stack (function, file:line:col of every frame) and the same return site.
// The runtime compares symbolized stacks (function, file:line:col of every
// frame), not return addresses: -O2 fully unrolls this 4-trip loop and each call
// of leak_in_loop gets its own return address in main.
//
//
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static SoupSession *session;
static char *url;

__attribute__((noinline)) static guint leak_in_loop(void) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  guint status = soup_message_get_status(msg);
  g_object_unref(msg);
  return body ? status : 0; // Bug: body is never closed.
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = g_strconcat(base, "/ok", NULL);
  session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  guint sum = 0;
  for (int i = 0; i < 4; ++i)
    sum += leak_in_loop();
  printf("loop done, status sum %u\n", sum);
  return 0;
}

// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: {{.*}} was still open when 'leak_in_loop' returned at {{.*}}dedup_unrolled_loop.c:26:
// CHECK: #1 0x{{[0-9a-f]+}} in main {{.*}}dedup_unrolled_loop.c:37:12
// CHECK: loop done, status sum 800
// CHECK-NEXT: BodySanitizer: 3 more reports identical to this one (same error, stacks and site) were not printed (dedup_reports=1): unclosed-body: 1 body acquired in leak_in_loop
// CHECK: server: connections=4 requests=4
