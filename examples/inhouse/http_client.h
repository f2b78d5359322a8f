/* http_client.h - a small in-house HTTP/1.1 client over POSIX sockets.
 *
 * The API a company might write instead of using libsoup or libcurl: one client
 * per host holds one keep-alive connection; http_get returns a body handle that
 * must be read and closed. A body closed after its end was read (a read
 * returned 0, as with libsoup) hands the connection back to the client for the
 * next request; a body closed earlier
 * closes the connection (its unread rest is still on the socket), so the next
 * request pays for a new TCP connection. BodySanitizer checks this API through
 * the spec file inhouse.yaml next to this header.
 */
#ifndef INHOUSE_HTTP_CLIENT_H
#define INHOUSE_HTTP_CLIENT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct http_client;
struct http_body;

/* A client for host:port (an IPv4 address such as "127.0.0.1"), or NULL. */
struct http_client *http_client_new(const char *host, int port);
void http_client_free(struct http_client *client);

/* Sends GET path on the client's connection (opening one if needed) and reads
 * the response head. Returns the body to read and close, or NULL on an error.
 * The client serves one body at a time. */
struct http_body *http_get(struct http_client *client, const char *path);
/* The response's status code. */
int http_body_status(const struct http_body *body);
/* Reads up to n bytes: the count read, 0 at the end of the body, -1 on error. */
long http_body_read(struct http_body *body, char *buf, size_t n);
/* Closes the body: its connection is reused only if a read returned 0. */
void http_body_close(struct http_body *body);

#ifdef __cplusplus
}
#endif

#endif /* INHOUSE_HTTP_CLIENT_H */
