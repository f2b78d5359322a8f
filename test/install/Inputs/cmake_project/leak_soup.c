/* leak_soup.c - the FetchData bug in libsoup 3: the body of a response with a
 * bad status is never closed, so each request costs a new connection. The
 * lit tests in test/install/ read the CHECK lines of this file. */
#include <libsoup/soup.h>
#include <stdio.h>
#include <stdlib.h>

/* Returns the status of GET url; reads and closes the body only on 200. */
static guint fetch_status(SoupSession *session, const char *url) {
  SoupMessage *msg = soup_message_new("GET", url);
  // CHECK: ERROR: BodySanitizer: unclosed-body
  // CHECK: when 'fetch_status' returned
  // CHECK: in fetch_status {{.*}}leak_soup.c:[[@LINE+1]]
  GInputStream *body = soup_session_send(session, msg, NULL, NULL);
  guint status = soup_message_get_status(msg);
  if (body && status == SOUP_STATUS_OK) {
    char buf[4096];
    while (g_input_stream_read(body, buf, sizeof buf, NULL, NULL) > 0)
      ;
    g_input_stream_close(body, NULL, NULL);
    g_object_unref(body);
  }
  g_object_unref(msg);
  return status; /* Bug: the body of a bad status is still open. */
}

int main(void) {
  const char *base = getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  char *url = g_strconcat(base, "/status/503", NULL);
  /* Leaked bodies keep their connections: more than libsoup's default of 2. */
  SoupSession *session = soup_session_new_with_options("max-conns-per-host", 10, NULL);
  for (int i = 0; i < 3; ++i)
    printf("leak_soup: status %u\n", fetch_status(session, url));
  fflush(stdout);
  g_object_unref(session);
  g_free(url);
  return 0;
}
// CHECK: SUMMARY: BodySanitizer: unclosed-body
// CHECK: leak_soup: status 503
// CHECK: server: connections=3 requests=3
// CHECK-NEXT: exit code 23
