// Intent: an instrumented libsoup program built with -fsanitize=leak (standalone LeakSanitizer) runs under both tools, at -O0 and -O2, and the exit code says who found what: a body still open at exit and a malloc'd block leaked give both reports (BodySanitizer's first: it runs LSan's check itself before it exits) and LSan's exit code, which decides when it has leaks (LSAN_OPTIONS=exitcode=42 shows whose it is; both default to 23); the body alone gives BodySanitizer's exitcode; a clean program no report, exit 0, and the same output as the build without LSan.
// REQUIRES: libsoup, lsan
// RUN: %clang_bodysan -O0 -fsanitize=leak %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 -fsanitize=leak %s -o %t-O2 %soup
// RUN: %clang_bodysan -O0 %s -o %t-plain %soup
// The leaked block's address may still sit in a register or a stack slot at
// -O2: use_stacks=0:use_registers=0 keeps LSan's verdict on it deterministic.
// The block alone is not checked here: with GLib's threads, a stale copy of
// its address in thread-local memory hides it from LSan's own exit-time check
// (without BodySanitizer too); exit_codes.c checks that case without GLib.
//
// RUN: env LSAN_OPTIONS=exitcode=42:use_stacks=0:use_registers=0 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-O0 body+malloc 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BOTH
// RUN: env LSAN_OPTIONS=exitcode=42:use_stacks=0:use_registers=0 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-O2 body+malloc 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BOTH
// RUN: env LSAN_OPTIONS=use_stacks=0:use_registers=0 sh -c '%with_server -- %t-O0 body+malloc 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=BOTH-DEFAULT
// RUN: env LSAN_OPTIONS=exitcode=42:use_stacks=0:use_registers=0 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-O0 body 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BODY --implicit-check-not=LeakSanitizer
//
// RUN: sh -c '%with_server -- %t-O0 clean 2>&1; echo "exit code $?"' > %t-O0.clean
// RUN: sh -c '%with_server -- %t-O2 clean 2>&1; echo "exit code $?"' > %t-O2.clean
// RUN: sh -c '%with_server -- %t-plain clean 2>&1; echo "exit code $?"' > %t-plain.clean
// RUN: FileCheck %s --check-prefix=CLEAN --implicit-check-not=Sanitizer < %t-O0.clean
// RUN: diff %t-plain.clean %t-O0.clean
// RUN: diff %t-plain.clean %t-O2.clean
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GInputStream *kept;  // never closed (modes "body", "body+malloc")
static void *volatile lost; // nobody points to it (mode "body+malloc")

static gsize read_to_end(GInputStream *body) {
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  return total;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "clean";
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok", NULL);
  SoupSession *session = soup_session_new();
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (strstr(mode, "body")) {
    kept = body;
  } else {
    printf("read %zu bytes\n", read_to_end(body));
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
  }
  g_object_unref(msg);
  g_object_unref(session);
  g_free(url);
  if (strstr(mode, "malloc")) {
    lost = malloc(77);
    lost = 0;
  }
  printf("done\n");
  return 0;
}

// BOTH: done
// BOTH: ERROR: BodySanitizer: unclosed-body
// BOTH: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// BOTH: #0 {{.*}} in main {{.*}}lsan_soup.c:45
// BOTH: SUMMARY: BodySanitizer: unclosed-body
// BOTH: ERROR: LeakSanitizer: detected memory leaks
// BOTH: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// BOTH: SUMMARY: LeakSanitizer: 77 byte(s) leaked in 1 allocation(s).
// BOTH: server: connections=1 requests=1
// BOTH: exit code 42

// BOTH-DEFAULT: ERROR: BodySanitizer: unclosed-body
// BOTH-DEFAULT: ERROR: LeakSanitizer: detected memory leaks
// BOTH-DEFAULT: exit code 23

// BODY: done
// BODY: ERROR: BodySanitizer: unclosed-body
// BODY: exit code 7

// CLEAN: read 65536 bytes
// CLEAN-NEXT: done
// CLEAN-NEXT: server: connections=1 requests=1
// CLEAN-NEXT: exit code 0
