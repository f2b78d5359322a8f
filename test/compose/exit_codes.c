// Intent: who decides the exit code when BodySanitizer and LeakSanitizer (standalone, or inside ASan) both find something at exit, with the shared runtime (the wrappers' default: LSan's check would run first and exit) and the static one (ours would run first and exit): in every case both reports appear, BodySanitizer's first, and the exit code is LSan's when it found leaks (it runs from BodySanitizer's exit handler and exits with its code), BodySanitizer's when only we found something, 0 when neither did. Exit codes are set apart (LSAN_OPTIONS=exitcode=42, BODYSAN_OPTIONS=exitcode=7) to show whose they are. The in-house client of examples/inhouse, instrumented by the pass with its spec: no GLib, whose thread-local caches hide leaks from standalone LSan.
// REQUIRES: asan, lsan
// RUN: %clang_bodysan -c -O1 -mllvm -bodysan-spec=%S/../../examples/inhouse/inhouse.yaml -I%S/../../examples/inhouse %s -o %t.o
// RUN: %clang_bodysan -c -O1 %S/../../examples/inhouse/http_client.c -o %t-client.o
// Shared runtime (the wrapper links it), LSan inside ASan and standalone.
// RUN: %clang_bodysan -fsanitize=address %t.o %t-client.o -o %t-asan
// RUN: %clang_bodysan -fsanitize=leak %t.o %t-client.o -o %t-lsan
// Static runtime.
// RUN: %clang -fsanitize=address %t.o %t-client.o -o %t-asan-static %bodysan_rt_static -lpthread -ldl
// RUN: %clang -fsanitize=leak %t.o %t-client.o -o %t-lsan-static %bodysan_rt_static -lpthread -ldl
//
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-asan both 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BOTH
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-lsan both 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BOTH
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-asan-static both 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BOTH
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-lsan-static both 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BOTH
//
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-asan body 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BODY --implicit-check-not=LeakSanitizer
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-lsan-static body 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BODY --implicit-check-not=LeakSanitizer
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-lsan malloc 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=MALLOC --implicit-check-not=BodySanitizer
// RUN: env LSAN_OPTIONS=exitcode=42 BODYSAN_OPTIONS=exitcode=7 sh -c '%with_server -- %t-asan-static malloc 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=MALLOC --implicit-check-not=BodySanitizer
// RUN: sh -c '%with_server -- %t-asan clean 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=CLEAN --implicit-check-not=Sanitizer
// RUN: sh -c '%with_server -- %t-lsan-static clean 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=CLEAN --implicit-check-not=Sanitizer
// Defaults: ASan's LSan exits with 1, standalone LSan with 23 (as BodySanitizer).
// RUN: sh -c '%with_server -- %t-asan both 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=ASAN-DEFAULT
// RUN: sh -c '%with_server -- %t-lsan both 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=LSAN-DEFAULT
#include "http_client.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct http_client *client; // global: not a local left open in main
static struct http_body *kept;     // never closed (modes "both", "body")
static void *volatile lost;    // nobody points to it (modes "both", "malloc")

__attribute__((noinline)) static void leak_a_block(void) {
  char *p = malloc(77);
  memset(p, 1, 77);
  lost = p;
  lost = 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "clean";
  client = http_client_new("127.0.0.1", atoi(getenv("BODYSAN_TEST_PORT")));
  struct http_body *b = http_get(client, "/small");
  if (!strcmp(mode, "both") || !strcmp(mode, "body")) {
    kept = b;
  } else {
    char buf[256];
    while (http_body_read(b, buf, sizeof buf) > 0)
      ;
    http_body_close(b);
    http_client_free(client);
  }
  if (!strcmp(mode, "both") || !strcmp(mode, "malloc"))
    leak_a_block();
  printf("done\n");
  return 0;
}

// BOTH: done
// BOTH: ERROR: BodySanitizer: unclosed-body
// BOTH: in-house HTTP response body (struct http_body) from http_get
// BOTH: #0 {{.*}} in main {{.*}}exit_codes.c:45
// BOTH: SUMMARY: BodySanitizer: unclosed-body
// BOTH: ERROR: LeakSanitizer: detected memory leaks
// BOTH: Direct leak of 77 byte(s) in 1 object(s) allocated from:
// BOTH: in leak_a_block {{.*}}exit_codes.c
// BOTH: SUMMARY: {{Address|Leak}}Sanitizer: 77 byte(s) leaked in 1 allocation(s).
// BOTH: exit code 42

// BODY: done
// BODY: ERROR: BodySanitizer: unclosed-body
// BODY: exit code 7

// MALLOC: done
// MALLOC: ERROR: LeakSanitizer: detected memory leaks
// MALLOC: exit code 42

// CLEAN: done
// CLEAN-NEXT: server: connections=1 requests=1
// CLEAN-NEXT: exit code 0

// ASAN-DEFAULT: ERROR: BodySanitizer: unclosed-body
// ASAN-DEFAULT: ERROR: LeakSanitizer: detected memory leaks
// ASAN-DEFAULT: exit code 1
// LSAN-DEFAULT: ERROR: BodySanitizer: unclosed-body
// LSAN-DEFAULT: ERROR: LeakSanitizer: detected memory leaks
// LSAN-DEFAULT: exit code 23
