#!/usr/bin/env python3
"""Requests from the test server at $BODYSAN_TEST_URL with Python's http.client.

usage: http_probe.py reuse|fresh N     N GETs of /ok on one keep-alive connection,
                                       or each on a new connection
       http_probe.py routes            one request per route; prints status and length
Used by the lit test of the server itself (integration/test_server.test).
"""
import http.client
import os
import sys
import urllib.parse


def connect():
    url = urllib.parse.urlsplit(os.environ["BODYSAN_TEST_URL"])
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def get(conn, path, method="GET"):
    conn.request(method, path)
    resp = conn.getresponse()
    data = resp.read()
    return resp, data


def main(argv):
    mode = argv[1]
    if mode in ("reuse", "fresh"):
        n = int(argv[2])
        conn = connect()
        total = 0
        for _ in range(n):
            if mode == "fresh":
                conn.close()
                conn = connect()
            _, data = get(conn, "/ok")
            total += len(data)
        conn.close()
        print("%s: %d requests, %d bytes" % (mode, n, total))
    elif mode == "routes":
        conn = connect()
        for method, path in [("GET", "/ok"), ("GET", "/ok?size=10"), ("GET", "/status/503"),
                             ("GET", "/status/404?size=3"), ("GET", "/chunked?size=100000"),
                             ("GET", "/small"), ("HEAD", "/ok"), ("GET", "/nowhere")]:
            resp, data = get(conn, path, method)
            print("%s %s -> %d length=%s body=%d chunked=%s" % (
                method, path, resp.status, resp.getheader("Content-Length"), len(data),
                resp.getheader("Transfer-Encoding") == "chunked"))
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
