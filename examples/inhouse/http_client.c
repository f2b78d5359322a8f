/* http_client.c - the in-house HTTP client of http_client.h. Only what the
 * examples need: Content-Length bodies, no chunked encoding, IPv4 hosts. */
#define _GNU_SOURCE /* memmem */
#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct http_client {
  struct sockaddr_in addr;
  char host[64];
  int fd; /* the pooled keep-alive connection, or -1 */
};

struct http_body {
  struct http_client *client;
  int fd;
  int status;
  long remaining; /* body bytes not yet read */
  int at_end;     /* a read returned 0: the program saw the end */
  char buf[4096]; /* bytes read past the head */
  size_t buf_len, buf_pos;
};

struct http_client *http_client_new(const char *host, int port) {
  struct http_client *c = calloc(1, sizeof *c);
  if (!c)
    return NULL;
  c->addr.sin_family = AF_INET;
  c->addr.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, host, &c->addr.sin_addr) != 1) {
    free(c);
    return NULL;
  }
  snprintf(c->host, sizeof c->host, "%s", host);
  c->fd = -1;
  return c;
}

void http_client_free(struct http_client *c) {
  if (!c)
    return;
  if (c->fd >= 0)
    close(c->fd);
  free(c);
}

static int send_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Reads the response head into b->buf; the bytes after it stay buffered. */
static int read_head(struct http_body *b) {
  char *end;
  while (!(end = memmem(b->buf, b->buf_len, "\r\n\r\n", 4))) {
    if (b->buf_len == sizeof b->buf)
      return -1;
    ssize_t r = recv(b->fd, b->buf + b->buf_len, sizeof b->buf - b->buf_len, 0);
    if (r <= 0)
      return -1;
    b->buf_len += (size_t)r;
  }
  *end = '\0';
  if (sscanf(b->buf, "HTTP/1.%*d %d", &b->status) != 1)
    return -1;
  b->remaining = -1;
  for (char *line = strstr(b->buf, "\r\n"); line; line = strstr(line + 2, "\r\n"))
    if (strncasecmp(line + 2, "Content-Length:", 15) == 0)
      b->remaining = strtol(line + 17, NULL, 10);
  if (b->remaining < 0)
    return -1; /* chunked or close-delimited bodies are not supported */
  b->buf_pos = (size_t)(end + 4 - b->buf);
  return 0;
}

struct http_body *http_get(struct http_client *c, const char *path) {
  char req[1024];
  int len = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: keep-alive\r\n\r\n", path,
                     c->host, ntohs(c->addr.sin_port));
  if (len < 0 || (size_t)len >= sizeof req)
    return NULL;
  int fd = c->fd;
  c->fd = -1;
  if (fd < 0) {
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
      return NULL;
    if (connect(fd, (struct sockaddr *)&c->addr, sizeof c->addr) != 0) {
      close(fd);
      return NULL;
    }
  }
  struct http_body *b = calloc(1, sizeof *b);
  if (b)
    b->fd = fd;
  if (!b || send_all(fd, req, (size_t)len) != 0 || read_head(b) != 0) {
    close(fd);
    free(b);
    return NULL;
  }
  b->client = c;
  return b;
}

int http_body_status(const struct http_body *b) { return b->status; }

long http_body_read(struct http_body *b, char *buf, size_t n) {
  if (b->remaining == 0) {
    b->at_end = 1;
    return 0;
  }
  if ((long)n > b->remaining)
    n = (size_t)b->remaining;
  if (n == 0)
    return 0;
  if (b->buf_pos < b->buf_len) {
    size_t k = b->buf_len - b->buf_pos < n ? b->buf_len - b->buf_pos : n;
    memcpy(buf, b->buf + b->buf_pos, k);
    b->buf_pos += k;
    b->remaining -= (long)k;
    return (long)k;
  }
  ssize_t r = recv(b->fd, buf, n, 0);
  if (r <= 0)
    return -1;
  b->remaining -= r;
  return (long)r;
}

void http_body_close(struct http_body *b) {
  if (!b)
    return;
  /* Only a body read to its end (a read returned 0) goes back to the pool,
   * as in libsoup: the end is the read that returns 0, not the last byte. */
  if (b->at_end && b->client->fd < 0)
    b->client->fd = b->fd;
  else
    close(b->fd);
  free(b);
}
