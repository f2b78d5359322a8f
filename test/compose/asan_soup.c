// Intent: an instrumented libsoup program built with -fsanitize=address runs under both tools, at -O0 and -O2: (1) an undrained close (BodySanitizer reports it at the close) followed by a heap-buffer-overflow at the end of main (ASan aborts there): both reports, ASan's exit code 1; (2) a body still open at exit and a malloc'd block leaked: BodySanitizer's exit-time report comes first, then LeakSanitizer's (LSan's check runs before BodySanitizer exits with its code, so neither report is lost), exit code 1 (ASan's LSan exit code); (3) a clean program: no report from either tool, exit 0, and the same output as the build without ASan.
// REQUIRES: libsoup, asan
// libproxy, which GIO loads, throws C++ exceptions: without libstdc++ linked
// in, ASan's __cxa_throw interceptor fails a CHECK (docs/Composition.md).
// RUN: %clang_bodysan -O0 -fsanitize=address %s -o %t-O0 %soup -Wl,--no-as-needed -lstdc++
// RUN: %clang_bodysan -O2 -fsanitize=address %s -o %t-O2 %soup -Wl,--no-as-needed -lstdc++
// RUN: %clang_bodysan -O0 %s -o %t-plain %soup
//
// RUN: sh -c '%with_server -- %t-O0 overflow 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=OVERFLOW
// RUN: sh -c '%with_server -- %t-O2 overflow 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=OVERFLOW
// RUN: env LSAN_OPTIONS=use_stacks=0:use_registers=0 sh -c '%with_server -- %t-O0 leak 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=LEAK
// RUN: env LSAN_OPTIONS=use_stacks=0:use_registers=0 sh -c '%with_server -- %t-O2 leak 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=LEAK
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

static GInputStream *kept; // never closed (mode "leak")
static void *volatile lost; // a malloc'd block nobody points to (mode "leak")

static gsize read_to_end(GInputStream *body) {
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  return total;
}

static void fetch(SoupSession *session, const char *url, const char *mode) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (body) {
    if (!strcmp(mode, "leak")) {
      kept = body;
    } else {
      if (!strcmp(mode, "clean")) {
        printf("read %zu bytes\n", read_to_end(body));
      } else {
        char head[100];
        g_input_stream_read(body, head, sizeof head, NULL, NULL);
      }
      g_input_stream_close(body, NULL, NULL); // undrained unless "clean"
      g_object_unref(body);
    }
  }
  g_object_unref(msg);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "clean";
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok", NULL);
  SoupSession *session = soup_session_new();
  fetch(session, url, mode);
  if (!strcmp(mode, "clean"))
    fetch(session, url, mode);
  if (strcmp(mode, "leak"))
    g_object_unref(session);
  g_free(url);
  printf("done\n");
  fflush(stdout);
  if (!strcmp(mode, "leak")) {
    lost = malloc(77);
    lost = 0;
  }
  if (!strcmp(mode, "overflow")) {
    char *volatile p = malloc(8);
    volatile int i = 8;
    p[i] = 1; // heap-buffer-overflow: ASan aborts here
    free(p);
  }
  return 0;
}

// OVERFLOW: ERROR: BodySanitizer: undrained-body
// OVERFLOW: released by g_input_stream_close at {{.*}}asan_soup.c:50:7 before its end was read (100 bytes read)
// OVERFLOW: SUMMARY: BodySanitizer: undrained-body
// OVERFLOW: done
// OVERFLOW: ERROR: AddressSanitizer: heap-buffer-overflow
// OVERFLOW: #0 {{.*}} in main {{.*}}asan_soup.c:76
// OVERFLOW: SUMMARY: AddressSanitizer: heap-buffer-overflow
// OVERFLOW: server: connections=1 requests=1
// OVERFLOW: exit code 1

// LEAK: done
// LEAK: ERROR: BodySanitizer: unclosed-body
// LEAK: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// LEAK: #0 {{.*}} in fetch {{.*}}asan_soup.c:39
// LEAK: SUMMARY: BodySanitizer: unclosed-body
// LEAK: ERROR: LeakSanitizer: detected memory leaks
// LEAK: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// LEAK: SUMMARY: AddressSanitizer: 77 byte(s) leaked in 1 allocation(s).
// LEAK: server: connections=1 requests=1
// LEAK: exit code 1

// CLEAN: read 65536 bytes
// CLEAN-NEXT: read 65536 bytes
// CLEAN-NEXT: done
// CLEAN-NEXT: server: connections=1 requests=2
// CLEAN-NEXT: exit code 0
