// Intent: __bodysan_default_options defined in a real libsoup 3 program compiled with the
// plugin (-O0 and -O2) sets the run-time defaults (exitcode=42, verbosity=1), and
// BODYSAN_OPTIONS overrides them flag by flag (exitcode=4 wins; verbosity=1 stays).
// REQUIRES: libsoup
// RUN: %clang_bodysan -O0 %s -o %t-O0 %soup
// RUN: %clang_bodysan -O2 %s -o %t-O2 %soup
// RUN: sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,DEFAULTS
// RUN: sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,DEFAULTS
// RUN: %env_bodysan_opts=exitcode=4 sh -c '%with_server -- %t-O0 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,ENV
// RUN: %env_bodysan_opts=exitcode=4 sh -c '%with_server -- %t-O2 2>&1; echo "exit code $?"' | FileCheck %s --check-prefixes=CHECK,ENV
#include <bodysan/bodysan_interface.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

const char *__bodysan_default_options(void) { return "exitcode=42:verbosity=1"; }

GInputStream *kept; // never closed: reported at exit

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  SoupMessage *msg = soup_message_new("GET", url);
  kept = soup_session_send(session, msg, NULL, NULL);
  printf("status %u\n", soup_message_get_status(msg));
  return 0;
}

// DEFAULTS: BodySanitizer: initialized (ABI v{{[0-9]+}}); BODYSAN_OPTIONS=<unset>; default options: 'exitcode=42:verbosity=1'
// ENV: BodySanitizer: initialized (ABI v{{[0-9]+}}); BODYSAN_OPTIONS='exitcode=4'; default options: 'exitcode=42:verbosity=1'
// CHECK: status 200
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK: #0 0x{{[0-9a-f]+}} in main {{.*}}default_options.c:27:
// CHECK: server: connections=1 requests=1
// DEFAULTS-NEXT: exit code 42
// ENV-NEXT: exit code 4
