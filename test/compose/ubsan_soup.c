// Intent: an instrumented libsoup program built with -fsanitize=undefined runs under both tools, at -O0 and -O2: (1) an undrained close (BodySanitizer reports it at the close), then a signed integer overflow and a misaligned load (UBSan reports them and goes on, as it does by default), then a body still open at exit (BodySanitizer's exit-time report): all four reports, in program order, and BodySanitizer's exit code 23 (UBSan's recoverable reports leave the exit code alone); (2) a clean program: no report from either tool, exit 0, and the same output as the build without UBSan.
// REQUIRES: libsoup, ubsan
// RUN: %clang_bodysan -O0 -fsanitize=undefined %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 -fsanitize=undefined %s -o %t-O2 %soup
// RUN: %clang_bodysan -O0 %s -o %t-plain %soup
//
// RUN: sh -c '%with_server -- %t-O0 bugs 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BUGS
// RUN: sh -c '%with_server -- %t-O2 bugs 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BUGS
//
// RUN: sh -c '%with_server -- %t-O0 clean 2>&1; echo "exit code $?"' > %t-O0.clean
// RUN: sh -c '%with_server -- %t-O2 clean 2>&1; echo "exit code $?"' > %t-O2.clean
// RUN: sh -c '%with_server -- %t-plain clean 2>&1; echo "exit code $?"' > %t-plain.clean
// RUN: FileCheck %s --check-prefix=CLEAN --implicit-check-not=Sanitizer --implicit-check-not="runtime error" < %t-O0.clean
// RUN: diff %t-plain.clean %t-O0.clean
// RUN: diff %t-plain.clean %t-O2.clean
#include <libsoup/soup.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GInputStream *kept; // never closed (mode "bugs")
static volatile int big = INT_MAX;
static char bytes[16] __attribute__((aligned(8)));

static gsize read_to_end(GInputStream *body) {
  char buf[8192];
  gsize total = 0;
  gssize n;
  while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
    total += n;
  return total;
}

static GInputStream *send(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  g_object_unref(msg);
  return body;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "clean";
  int bugs = !strcmp(mode, "bugs");
  char *url = g_strconcat(getenv("BODYSAN_TEST_URL"), "/ok", NULL);
  SoupSession *session = soup_session_new();

  GInputStream *body = send(session, url);
  if (bugs) {
    char head[100];
    g_input_stream_read(body, head, sizeof head, NULL, NULL);
  } else {
    printf("read %zu bytes\n", read_to_end(body));
  }
  g_input_stream_close(body, NULL, NULL); // undrained in mode "bugs"
  g_object_unref(body);

  if (bugs) {
    int sum = big + 1;                        // signed integer overflow
    char *volatile p = bytes + 1;
    int misaligned = *(int *)p;               // misaligned load
    printf("sum %d misaligned %d\n", sum, misaligned);
    kept = send(session, url);                // still open at exit
  } else {
    printf("read %zu bytes\n", read_to_end(body = send(session, url)));
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
    g_object_unref(session);
  }
  g_free(url);
  printf("done\n");
  return 0;
}

// BUGS: ERROR: BodySanitizer: undrained-body
// BUGS: released by g_input_stream_close at {{.*}}ubsan_soup.c:55:3 before its end was read (100 bytes read)
// BUGS: ubsan_soup.c:59:19: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'
// BUGS: ubsan_soup.c:61:22: runtime error: load of misaligned address {{.*}} for type 'int', which requires 4 byte alignment
// BUGS: sum -2147483648 misaligned 0
// BUGS: done
// BUGS: ERROR: BodySanitizer: unclosed-body
// BUGS: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// BUGS: #0 {{.*}} in send {{.*}}ubsan_soup.c:37
// BUGS: #1 {{.*}} in main {{.*}}ubsan_soup.c:63
// BUGS: SUMMARY: BodySanitizer: unclosed-body
// BUGS: server: connections=2 requests=2
// BUGS: exit code 23

// CLEAN: read 65536 bytes
// CLEAN-NEXT: read 65536 bytes
// CLEAN-NEXT: done
// CLEAN-NEXT: server: connections=1 requests=2
// CLEAN-NEXT: exit code 0
