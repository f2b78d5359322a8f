#!/usr/bin/env python3
"""Runs direct-ABI runtime test programs against a sanitized runtime.

usage: run_runtime_tests.py --cc CLANG --sanitize SAN --sanitized-rt A.a
                            --plain-rt B.a --cflags "FLAGS" --out DIR
                            SRC[:ARG[,ARG...]]...

Each SRC (a test/runtime program) is built twice: with -fsanitize=SAN against
the runtime built with the same sanitizer, and without it against the
ordinary static runtime. Both run once per ARG (the program's one argument;
no argument when none is given). For each run the script prints one line:
  clean NAME (N reports, exit E)   the sanitizer said nothing, and both builds
                                   printed the same BodySanitizer reports (by
                                   kind, in order) and exited alike
  FAIL NAME: why                   followed by the sanitized run's output
Exits 1 if any program failed.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys

SANITIZER_OUTPUT = re.compile(
    r"(AddressSanitizer|LeakSanitizer|ThreadSanitizer|UndefinedBehaviorSanitizer"
    r"|runtime error:)")
REPORT = re.compile(r"ERROR: BodySanitizer: (\S+)")


def build(cc, cflags, src, exe, extra):
    subprocess.run([cc] + cflags + [src, "-o", exe] + extra, check=True)


def run(exe, arg):
    env = dict(os.environ)
    env.pop("BODYSAN_OPTIONS", None)
    p = subprocess.run([exe] + ([arg] if arg else []), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, env=env, timeout=300)
    return p.returncode, p.stdout.decode(errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", required=True)
    ap.add_argument("--sanitize", required=True)
    ap.add_argument("--sanitized-rt", required=True)
    ap.add_argument("--plain-rt", required=True)
    ap.add_argument("--cflags", default="")
    ap.add_argument("--out", required=True)
    ap.add_argument("sources", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    cflags = shlex.split(args.cflags)
    libs = ["-rdynamic", "-lpthread", "-ldl"]
    failed = 0
    for item in args.sources:
        src, _, arglist = item.partition(":")
        name = os.path.splitext(os.path.basename(src))[0]
        base = os.path.join(args.out, name)
        san_exe, plain_exe = base + "." + args.sanitize, base + ".plain"
        build(args.cc, cflags + ["-fsanitize=" + args.sanitize], src, san_exe,
              [args.sanitized_rt] + libs)
        build(args.cc, cflags, src, plain_exe, [args.plain_rt] + libs)
        for arg in arglist.split(",") if arglist else [""]:
            label = name + (" " + arg if arg else "")
            san_rc, san_out = run(san_exe, arg)
            plain_rc, plain_out = run(plain_exe, arg)
            why = None
            if SANITIZER_OUTPUT.search(san_out):
                why = "the sanitizer reported"
            elif REPORT.findall(san_out) != REPORT.findall(plain_out):
                why = "reports differ from the plain build: %s vs %s" % (
                    REPORT.findall(san_out), REPORT.findall(plain_out))
            elif san_rc != plain_rc:
                why = "exit code %d, plain build %d" % (san_rc, plain_rc)
            if why:
                failed += 1
                print("FAIL %s: %s" % (label, why))
                print(san_out)
            else:
                print("clean %s (%d reports, exit %d)" % (
                    label, len(REPORT.findall(san_out)), san_rc))
            sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
