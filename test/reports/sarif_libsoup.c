// Intent: sarif_path writes a SARIF 2.1.0 log that validates against the schema, with one result per report (an undrained libsoup body and an unclosed one), rule ids per (error, kind), the acquisition line as the primary location, the stacks as code flows, and a fingerprint that stays the same when blank lines move the code down (the line changes); '%p' becomes the pid.
// REQUIRES: libsoup
// RUN: rm -rf %t.dir && mkdir -p %t.dir/moved
// RUN: %clang_bodysan -g -O0 %s -o %t %soup
// RUN: not %with_server -- env BODYSAN_OPTIONS=sarif_path=%t.dir/log.%%p.sarif %t 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: %validate_sarif %t.dir/log.*.sarif > %t.dir/out.txt
// The same program with three blank lines inserted above the leaks, under the
// same file name (fingerprints use file basenames).
// RUN: sed 's|^// MOVE-HERE$|\n\n\n|' %s > %t.dir/moved/sarif_libsoup.c
// RUN: %clang_bodysan -g -O0 %t.dir/moved/sarif_libsoup.c -o %t-moved %soup
// RUN: not %with_server -- env BODYSAN_OPTIONS=sarif_path=%t.dir/moved.sarif %t-moved > /dev/null 2>&1
// RUN: %validate_sarif %t.dir/moved.sarif >> %t.dir/out.txt
// RUN: FileCheck %s --input-file=%t.dir/out.txt

// The original program: the undrained report first (it happened first).
// CHECK: sarif: BodySanitizer version={{[0-9.]+}} rules=2 results=2

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

// MOVE-HERE

static GInputStream *leaked;

static void fetch(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  // CHECK-NEXT: result: undrained-body/libsoup3.body sarif_libsoup.c:[[#UNDRAINED:@LINE+4]]:{{[0-9]+}} fingerprint=[[FPU:[0-9a-f]+:1]] count=1 repeats=0
  // CHECK-NEXT: flow: acquire {{[0-9]+}} frames, #0 fetch line [[#UNDRAINED]]
  // CHECK-NEXT: flow: release {{[0-9]+}} frames, #0 fetch line [[#UNDRAINED+1]]
  // CHECK-NEXT: suppression: undrained:fetch@sarif_libsoup.c:[[#UNDRAINED+1]]:{{[0-9]+}};main@sarif_libsoup.c:{{[0-9:]+}}|fetch@sarif_libsoup.c:[[#UNDRAINED]]:{{[0-9]+}};main@
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  g_input_stream_close(body, NULL, NULL); // before the end: undrained
  g_object_unref(body);
  // CHECK-NEXT: result: unclosed-body/libsoup3.body sarif_libsoup.c:[[#LEAKED:@LINE+3]]:{{[0-9]+}} fingerprint=[[FPL:[0-9a-f]+:1]] count=1 repeats=0
  // CHECK-NEXT: flow: acquire {{[0-9]+}} frames, #0 fetch line [[#LEAKED]]
  // CHECK-NEXT: suppression: unclosed:fetch@sarif_libsoup.c:[[#LEAKED]]:{{[0-9]+}};main@sarif_libsoup.c:
  leaked = soup_session_send(session, msg, NULL, NULL); // never closed
  g_object_unref(msg);
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new();
  fetch(session, url);
  printf("fetched\n");
  fflush(stdout);
  g_free(url);
  return 0;
}

// OUT: ERROR: BodySanitizer: undrained-body
// OUT: fetched
// OUT: ERROR: BodySanitizer: unclosed-body
// OUT: server: connections=2

// The moved copy: three lines down, same fingerprints.
// CHECK: sarif: BodySanitizer version={{[0-9.]+}} rules=2 results=2
// CHECK-NEXT: result: undrained-body/libsoup3.body sarif_libsoup.c:[[#UNDRAINED+3]]:{{[0-9]+}} fingerprint=[[FPU]] count=1 repeats=0
// CHECK: result: unclosed-body/libsoup3.body sarif_libsoup.c:[[#LEAKED+3]]:{{[0-9]+}} fingerprint=[[FPL]] count=1 repeats=0
