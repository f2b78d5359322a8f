// Intent: dedup_reports with a real libsoup 3 program compiled with the plugin at -O0 and
// -O2: a local body leaked in a loop (4 times, same stack and same return) and a body
// closed undrained in a loop (3 times) are printed once each with dedup_reports=1 (the
// default) and the repeats are counted at exit; dedup_reports=0 prints all 7 reports.
// The loops are kept rolled (see dedup_unrolled_loop.c for -O2's unrolled copies).
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefixes=CHECK,DEDUP
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefixes=CHECK,DEDUP
// RUN: %env_bodysan_opts=dedup_reports=1 not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefixes=CHECK,DEDUP
// RUN: %env_bodysan_opts=dedup_reports=0 not %with_server -- %t-O0 2>&1 | FileCheck %s --check-prefixes=CHECK,ALL
// RUN: %env_bodysan_opts=dedup_reports=0 not %with_server -- %t-O2 2>&1 | FileCheck %s --check-prefixes=CHECK,ALL
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

__attribute__((noinline)) static void undrained_in_loop(void) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (body) {
    g_input_stream_close(body, NULL, NULL); // Bug: nothing was read.
    g_object_unref(body);
  }
  g_object_unref(msg);
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  url = g_strconcat(base, "/ok", NULL);
  session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  guint sum = 0;
  // Not unrolled: each iteration calls from the same return address, so the stacks are
  // the same (dedup_unrolled_loop.c has the unrolled case).
#pragma clang loop unroll(disable)
  for (int i = 0; i < 4; ++i)
    sum += leak_in_loop();
#pragma clang loop unroll(disable)
  for (int i = 0; i < 3; ++i)
    undrained_in_loop();
  printf("loops done, status sum %u\n", sum);
  return 0;
}

// DEDUP: ERROR: BodySanitizer: unclosed-body
// DEDUP-NEXT: {{.*}} was still open when 'leak_in_loop' returned at {{.*}}dedup_reports.c:26:
// DEDUP: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in leak_in_loop
// DEDUP-NOT: unclosed-body
// DEDUP: ERROR: BodySanitizer: undrained-body
// DEDUP: SUMMARY: BodySanitizer: undrained-body: 1 body released in undrained_in_loop at {{.*}}dedup_reports.c:33:5
// DEDUP-NOT: ERROR: BodySanitizer
// DEDUP: loops done, status sum 800
// Each repeated report gets its own count, named by its summary.
// DEDUP-NEXT: BodySanitizer: 3 more reports identical to this one (same error, stacks and site) were not printed (dedup_reports=1): unclosed-body: 1 body acquired in leak_in_loop
// DEDUP-NEXT: BodySanitizer: 2 more reports identical to this one (same error, stacks and site) were not printed (dedup_reports=1): undrained-body: 1 body released in undrained_in_loop

// ALL-COUNT-4: was still open when 'leak_in_loop' returned at {{.*}}dedup_reports.c:26:
// ALL-NOT: was still open when
// ALL-COUNT-3: ERROR: BodySanitizer: undrained-body
// ALL-NOT: ERROR: BodySanitizer
// ALL: loops done, status sum 800
// ALL-NOT: identical

// CHECK: server: connections=7 requests=7
