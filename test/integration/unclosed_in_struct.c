// Intent: a body kept in a struct that outlives the function which acquired it, and is
// never closed, is reported at exit with the stack of its acquisition; the program's
// output is kept and the server sees one connection per request.
// REQUIRES: libsoup
// RUN: %clang_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: not %with_server -- %t-O0 2>&1 | FileCheck %s
// RUN: %clang_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: not %with_server -- %t-O2 2>&1 | FileCheck %s

#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

struct pending_response {
  SoupMessage *msg;
  GInputStream *body; // never closed: the bug
};

// Sends a request and keeps the response body for later; "later" never comes.
static void start_request(SoupSession *session, const char *url,
                          struct pending_response *out) {
  out->msg = soup_message_new("GET", url);
  out->body = soup_session_send(session, out->msg, NULL, NULL);
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/ok", NULL);
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  struct pending_response *responses = g_new0(struct pending_response, 3);
  int started = 0;
  for (int i = 0; i < 3; ++i) {
    start_request(session, url, &responses[i]);
    if (responses[i].body)
      ++started;
  }
  printf("started %d requests\n", started);
  fflush(stdout);
  g_free(url);
  return 0;
}
// CHECK: started 3 requests
// CHECK: ERROR: BodySanitizer: unclosed-body
// CHECK-DAG: at exit
// CHECK-DAG: in start_request {{.*}}unclosed_in_struct.c:23
// CHECK-DAG: in main {{.*}}unclosed_in_struct.c:35
// CHECK: SUMMARY: BodySanitizer:
// CHECK: server: connections=3 requests=3
