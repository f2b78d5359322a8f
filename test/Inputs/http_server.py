#!/usr/bin/env python3
"""A loopback HTTP/1.1 keep-alive server that counts what it sees.

BodySanitizer's integration tests and demo run real libsoup clients against
this server and check how many TCP connections those clients opened: a client
that reads every body to the end and closes it reuses one connection, one that
leaves bodies unclosed or undrained opens a new connection per request.

Routes (GET and HEAD):
  /ok?size=N            200 with a Content-Length body of N bytes (default --size)
  /status/NNN?size=N    status NNN with a Content-Length body of N bytes
  /chunked?size=N       200 with a chunked body of N bytes
  /small                200 with a 100-byte body
  /truncated?size=N     200 announcing N bytes (Content-Length), sending N/64,
                        then closing the connection: a transfer cut short
  /close?size=N         200 with "Connection: close": no keep-alive
Anything else is a 404 with a short body.

The server listens on 127.0.0.1 only, on a free port (or --port), and writes
the port to --port-file once it accepts connections. It stops on SIGTERM or
SIGINT, or by itself after --max-seconds; on stop it writes
`connections=N requests=M` to --stats-file (and prints it with --verbose).
Python standard library only.
"""

import argparse
import http.server
import os
import signal
import socketserver
import sys
import threading
import urllib.parse

# Bodies are slices of one repeating pattern, so every byte is deterministic.
_PERIOD = bytes(range(32, 127))
_CHUNK = 16384
_PATTERN = _PERIOD * (_CHUNK // len(_PERIOD) + 2)


def body_bytes(size):
    """Yields `size` bytes of the pattern in chunks of at most _CHUNK bytes."""
    sent = 0
    while sent < size:
        n = min(_CHUNK, size - sent)
        off = sent % len(_PERIOD)
        yield _PATTERN[off:off + n]
        sent += n


class CountingServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server that counts accepted connections and requests."""

    daemon_threads = True  # never wait for a connection a leaky client keeps open
    allow_reuse_address = True

    def __init__(self, addr, handler, default_size, verbose):
        super().__init__(addr, handler)
        self.default_size = default_size
        self.verbose = verbose
        self.lock = threading.Lock()
        self.connections = 0
        self.requests = 0

    def process_request(self, request, client_address):
        with self.lock:
            self.connections += 1
        super().process_request(request, client_address)

    def count_request(self):
        with self.lock:
            self.requests += 1

    def stats(self):
        with self.lock:
            return "connections=%d requests=%d" % (self.connections, self.requests)

    def handle_error(self, request, client_address):
        # A client that drops a connection mid-body is what half the tests do.
        if self.verbose:
            super().handle_error(request, client_address)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive by default
    # Headers and body go out in separate writes: without TCP_NODELAY, Nagle's
    # algorithm meets the client's delayed ACK and every request takes 40 ms.
    disable_nagle_algorithm = True
    server_version = "BodySanTestServer/1.0"

    def log_message(self, fmt, *args):
        if self.server.verbose:
            sys.stderr.write("http_server: %s - %s\n" % (self.address_string(), fmt % args))

    def handle(self):
        try:
            super().handle()
        except (ConnectionError, TimeoutError, OSError):
            # The client closed the connection without reading the body.
            self.close_connection = True

    def do_GET(self):
        self.respond(send_body=True)

    def do_HEAD(self):
        self.respond(send_body=False)

    def respond(self, send_body):
        self.server.count_request()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        try:
            size = int(query.get("size", [self.server.default_size])[0])
        except ValueError:
            size = self.server.default_size
        size = max(0, size)
        parts = [p for p in url.path.split("/") if p]

        chunked = False
        truncated = False
        status = 200
        if parts == ["ok"]:
            pass
        elif len(parts) == 2 and parts[0] == "status" and parts[1].isdigit():
            status = int(parts[1])
            if status < 200 or status > 599:
                status, size = 400, 11
        elif parts == ["chunked"]:
            chunked = True
        elif parts == ["small"]:
            size = 100
        elif parts == ["truncated"]:
            truncated = True
        elif parts == ["close"]:
            self.close_connection = True
        else:
            status, size = 404, 10

        if status in (204, 304):
            size = 0
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif status not in (204, 304):
            self.send_header("Content-Length", str(size))
        if parts == ["close"]:
            self.send_header("Connection", "close")
        self.end_headers()
        if not send_body:
            return
        if truncated:
            for piece in body_bytes(size // 64):
                self.wfile.write(piece)
            self.wfile.flush()
            self.close_connection = True
            return
        if chunked:
            for piece in body_bytes(size):
                self.wfile.write(b"%x\r\n" % len(piece) + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            for piece in body_bytes(size):
                self.wfile.write(piece)
        self.wfile.flush()


def write_atomically(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    ap.add_argument("--port-file", help="write the port here once listening")
    ap.add_argument("--stats-file", help="write `connections=N requests=M` here on stop")
    ap.add_argument("--size", type=int, default=65536,
                    help="default body size for /ok, /status and /chunked")
    ap.add_argument("--max-seconds", type=float, default=120,
                    help="stop by itself after this many seconds (default 120)")
    ap.add_argument("--verbose", action="store_true", help="log requests on stderr")
    args = ap.parse_args(argv)

    server = CountingServer(("127.0.0.1", args.port), Handler, args.size, args.verbose)
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                               daemon=True)
    serving.start()
    port = server.server_address[1]
    if args.port_file:
        write_atomically(args.port_file, "%d\n" % port)
    if args.verbose:
        sys.stderr.write("http_server: listening on 127.0.0.1:%d\n" % port)

    # Event.wait returns early when a signal handler sets it.
    stop.wait(args.max_seconds)
    server.shutdown()
    server.socket.close()
    stats = server.stats()
    if args.stats_file:
        write_atomically(args.stats_file, stats + "\n")
    if args.verbose:
        sys.stderr.write("http_server: %s\n" % stats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
