// Intent: exit codes and output of real libsoup 3 programs compiled with the plugin at -O0
// and -O2: a correct program (every body read to the end and closed) prints nothing more
// and its stdout, stderr and exit code (0, or its own 5) are identical to the same program
// built without BodySanitizer; a leak in a program that exits 0 through exit() gives 23; a
// program that exits 3 itself keeps 3 after the report.
// REQUIRES: libsoup
// RUN: %clang -g -O2 %s -o %t-plain %soup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup
// RUN: sh -c '%with_server -- %t-plain clean 0 2>&1; echo "exit code $?"' > %t.plain0
// RUN: sh -c '%with_server -- %t-plain clean 5 2>&1; echo "exit code $?"' > %t.plain5
// RUN: FileCheck %s --check-prefixes=CLEAN,CLEAN0 --implicit-check-not=BodySanitizer < %t.plain0
// RUN: FileCheck %s --check-prefixes=CLEAN,CLEAN5 --implicit-check-not=BodySanitizer < %t.plain5
// RUN: sh -c '%with_server -- %t-O0 clean 0 2>&1; echo "exit code $?"' > %t.O0.0
// RUN: diff %t.plain0 %t.O0.0
// RUN: sh -c '%with_server -- %t-O2 clean 0 2>&1; echo "exit code $?"' > %t.O2.0
// RUN: diff %t.plain0 %t.O2.0
// RUN: sh -c '%with_server -- %t-O0 clean 5 2>&1; echo "exit code $?"' > %t.O0.5
// RUN: diff %t.plain5 %t.O0.5
// RUN: sh -c '%with_server -- %t-O2 clean 5 2>&1; echo "exit code $?"' > %t.O2.5
// RUN: diff %t.plain5 %t.O2.5
//
// RUN: sh -c '%with_server -- %t-O0 leak_exit 0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT23
// RUN: sh -c '%with_server -- %t-O2 leak_exit 0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT23
// RUN: sh -c '%with_server -- %t-O0 leak 3 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT3
// RUN: sh -c '%with_server -- %t-O2 leak 3 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=EXIT3
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

GInputStream *leaked;

// Reads the body of `url` to its end and closes it; returns the byte count.
static gsize fetch_all(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  gsize total = 0;
  if (body) {
    char buf[8192];
    gssize n;
    while ((n = g_input_stream_read(body, buf, sizeof buf, NULL, NULL)) > 0)
      total += n;
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
  }
  g_object_unref(msg);
  return total;
}

int main(int argc, char **argv) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base || argc < 3)
    return 2;
  int code = atoi(argv[2]);
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  gsize total = 0;
  for (int i = 0; i < 3; ++i)
    total += fetch_all(session, url);
  printf("program output: %zu bytes\n", total);
  fflush(stdout);
  fprintf(stderr, "program diagnostics\n");
  if (strcmp(argv[1], "clean") != 0) {
    SoupMessage *msg = soup_message_new("GET", url);
    leaked = soup_session_send(session, msg, NULL, NULL); // never closed
    g_object_unref(msg);
  }
  g_object_unref(session);
  g_free(url);
  if (!strcmp(argv[1], "leak_exit"))
    exit(code);
  return code;
}

// CLEAN: program output: 196608 bytes
// CLEAN-NEXT: program diagnostics
// CLEAN-NEXT: server: connections=1 requests=3
// CLEAN0-NEXT: exit code 0
// CLEAN5-NEXT: exit code 5

// EXIT23: program output: 196608 bytes
// EXIT23-NEXT: program diagnostics
// EXIT23-NEXT: ERROR: BodySanitizer: unclosed-body
// EXIT23-NEXT: 1 libsoup 3 response body (GInputStream) from soup_session_send was never closed (still open at exit).
// EXIT23: #0 0x{{[0-9a-f]+}} in main {{.*}}exit_codes.c:66:
// EXIT23: server: connections=1 requests=4
// EXIT23-NEXT: exit code 23

// EXIT3: program diagnostics
// EXIT3-NEXT: ERROR: BodySanitizer: unclosed-body
// EXIT3: server: connections=1 requests=4
// EXIT3-NEXT: exit code 3
