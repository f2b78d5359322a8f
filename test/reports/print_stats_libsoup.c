// Intent: print_stats=1 prints at exit, per acquisition site, the bodies acquired, closed, drained, undrained and still open, with totals and the connections thrown away; for 5 libsoup requests (2 read to the end, 2 closed early, 1 leaked) the numbers match, the undrained closes match the server's extra connections, and they are counted even when report_undrained=0 and when the reports are suppressed. log_path is honoured. Without the flag nothing is printed.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t %soup
// RUN: not %with_server -- env BODYSAN_OPTIONS=print_stats=1 %t 2>&1 | FileCheck %s
// RUN: not %with_server -- env BODYSAN_OPTIONS=print_stats=1:report_undrained=0 %t 2>&1 | FileCheck %s
// RUN: printf 'undrained:fetch\nunclosed:fetch\n' > %t.supp
// RUN: %with_server -- env BODYSAN_OPTIONS=print_stats=1:suppressions=%t.supp:print_suppressions=0 %t 2>&1 | FileCheck %s --check-prefix=CHECK --check-prefix=SUPP
// RUN: rm -f %t.log.*
// RUN: not %with_server -- env BODYSAN_OPTIONS=print_stats=1:log_path=%t.log %t 2>&1 | FileCheck %s --check-prefix=LOGGED
// RUN: cat %t.log.* | FileCheck %s --check-prefix=LOGFILE
// RUN: not %with_server -- %t 2>&1 | FileCheck %s --check-prefix=OFF

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

static GInputStream *leaked;

// Requests url; reads the body to its end when drain is set, else closes it
// at once; keep leaks it.
static void fetch(SoupSession *session, const char *url, int drain, int keep) {
  SoupMessage *msg = soup_message_new("GET", url);
  // CHECK: statistics (print_stats=1):
  // CHECK-NEXT: {{^}}  acquired  closed  drained  undrained  open  kind           acquisition site
  // CHECK-NEXT: {{^}}         5       4        2          2     1  libsoup3.body  fetch {{.*}}print_stats_libsoup.c:[[@LINE+1]]:{{[0-9]+$}}
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  if (keep) {
    leaked = body;
  } else {
    char buf[4096];
    while (drain && g_input_stream_read(body, buf, sizeof(buf), NULL, NULL) > 0) {
    }
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
  }
  g_object_unref(msg);
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok?size=100000", NULL);
  SoupSession *session = soup_session_new();
  fetch(session, url, 1, 0);
  fetch(session, url, 1, 0);
  fetch(session, url, 0, 0);
  fetch(session, url, 0, 0);
  fetch(session, url, 0, 1);
  printf("five requests\n");
  fflush(stdout);
  g_free(url);
  return 0;
}

// The two drained bodies share one connection; each undrained close throws
// its connection away, and the leaked body holds a third one.
// CHECK-NEXT: {{^}}         5       4        2          2     1  total          1 site
// CHECK-NEXT: BodySanitizer: connections thrown away (undrained releases): 2
// SUPP-NOT: ERROR
// CHECK: server: connections=3 requests=5

// LOGGED-NOT: statistics
// LOGGED: five requests
// LOGGED-NOT: statistics
// LOGGED: server: connections=3

// LOGFILE: ERROR: BodySanitizer: undrained-body
// LOGFILE: statistics (print_stats=1):
// LOGFILE-NEXT: acquired  closed  drained  undrained  open
// LOGFILE-NEXT: {{^}}         5       4        2          2     1  libsoup3.body  fetch
// LOGFILE: connections thrown away (undrained releases): 2

// OFF-NOT: statistics
// OFF-NOT: thrown away
// OFF: server: connections=3
