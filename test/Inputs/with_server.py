#!/usr/bin/env python3
"""Runs a command next to a loopback HTTP server and reports what the server saw.

usage: with_server.py [--size N] [--timeout S] -- CMD ARGS...

Starts http_server.py (in this directory) on a free port of 127.0.0.1, runs CMD
with BODYSAN_TEST_URL=http://127.0.0.1:PORT and BODYSAN_TEST_PORT=PORT in its
environment (its stdout and stderr pass through unchanged), stops the server
and prints `server: connections=N requests=M` on stdout. Exits with CMD's exit
code; if CMD runs longer than --timeout seconds (default 60) it is killed,
`with_server: timeout` is printed and the exit code is 124.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "http_server.py")


def wait_for_file(path, proc, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.path.exists(path):
            with open(path) as f:
                text = f.read().strip()
            if text:
                return text
        if proc.poll() is not None:
            return None
        time.sleep(0.02)
    return None


def stop_server(server, stats_file):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    if os.path.exists(stats_file):
        with open(stats_file) as f:
            return f.read().strip()
    return None


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--" not in argv:
        sys.stderr.write("usage: with_server.py [--size N] [--timeout S] -- CMD ARGS...\n")
        return 2
    split = argv.index("--")
    ap = argparse.ArgumentParser(prog="with_server.py")
    ap.add_argument("--size", type=int, default=65536, help="default body size of the server")
    ap.add_argument("--timeout", type=float, default=60, help="seconds CMD may run (default 60)")
    args = ap.parse_args(argv[:split])
    cmd = argv[split + 1:]
    if not cmd:
        sys.stderr.write("with_server: no command given\n")
        return 2

    with tempfile.TemporaryDirectory(prefix="bodysan-server-") as tmp:
        port_file = os.path.join(tmp, "port")
        stats_file = os.path.join(tmp, "stats")
        server = subprocess.Popen(
            [sys.executable, SERVER, "--port-file", port_file, "--stats-file", stats_file,
             "--size", str(args.size), "--max-seconds", str(args.timeout + 30)],
            stdin=subprocess.DEVNULL)
        try:
            port = wait_for_file(port_file, server, 15)
            if port is None:
                sys.stderr.write("with_server: the server did not start\n")
                return 125

            env = dict(os.environ)
            env["BODYSAN_TEST_URL"] = "http://127.0.0.1:%s" % port
            env["BODYSAN_TEST_PORT"] = port
            # A proxy setting would send loopback requests elsewhere.
            for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
                env.pop(var, None)
            env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1,localhost"

            sys.stdout.flush()
            sys.stderr.flush()
            try:
                # Its own process group, so a timeout kills its children too.
                child = subprocess.Popen(cmd, env=env, start_new_session=True)
            except OSError as e:
                sys.stderr.write("with_server: cannot run %s: %s\n" % (cmd[0], e))
                return 127
            timed_out = False
            try:
                rc = child.wait(timeout=args.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                try:
                    os.killpg(child.pid, signal.SIGKILL)
                except OSError:
                    child.kill()
                child.wait()
                rc = 124
            except KeyboardInterrupt:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                raise
        finally:
            stats = stop_server(server, stats_file)

        if timed_out:
            print("with_server: timeout")
        print("server: %s" % (stats if stats else "no statistics"))
        sys.stdout.flush()
        if rc < 0:  # killed by a signal: report it as a shell would
            rc = 128 - rc
        return rc


if __name__ == "__main__":
    sys.exit(main())
