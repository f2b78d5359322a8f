#!/usr/bin/env python3
"""Compiles every C/C++ program of the project with -mllvm -bodysan-warn (at -O0
and -O2, -c only) and checks that the compile-time warning is given on no
correct program.

Programs: examples/**/*.c and test/**/*.c, *.cpp (except test/warn itself,
whose files check the warning on their own). Found by globbing, so new files
are covered without editing this script. What a file is:
  - listed in expected_warnings.txt: exactly the listed functions warn (the
    examples' deliberately buggy functions);
  - "unclosed" or "leak" in its name: a program with a leak on purpose, not
    checked (its warnings are listed for information);
  - a "clean" component in its name (clean_*, *_clean_*): no warning;
  - it expects an unclosed-body report at run time (a line mentioning
    "unclosed" that is not a CHECK-NOT): leaks on purpose, not checked;
  - anything else: no unclosed-body at run time, so no warning either.
Spec files named in a file's RUN lines (-bodysan-spec=, BODYSAN_SPEC=), the
*.yaml next to an example, and the file's -I options are used; a file that
does not compile this way is skipped (listed).
Exit status 1 on any unexpected or missing warning, or when fewer than
--min-compiled programs compiled.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys

WARNING = re.compile(r"^(.*?):(\d+):(\d+): (?:warning|error): BodySanitizer: .* in '([^']*)' is not released")


def run_flags(path, text):
    """Spec files and include directories from the RUN lines of a test."""
    d = os.path.dirname(path)
    flags, specs = [], []
    for line in text.splitlines():
        if "RUN:" not in line:
            continue
        line = line.replace("%S", d).replace("%p", d)
        specs += re.findall(r"-bodysan-spec=(\S+)", line)
        specs += [s for v in re.findall(r"BODYSAN_SPEC=(\S+)", line) for s in v.split(":")]
        flags += [f for f in re.findall(r"(?<!\S)-I\S+", line) if "%" not in f]
    out = []
    for s in dict.fromkeys(specs):
        if "%" not in s and os.path.isfile(s):
            out += ["-mllvm", "-bodysan-spec=" + s]
    return out + list(dict.fromkeys(flags))


def classify(rel, text, expected):
    name = os.path.basename(rel).lower()
    if rel in expected:
        return "expected"
    if "unclosed" in name or "leak" in name:
        return "buggy"
    if re.search(r"(^|_)clean(_|\.)", name):
        return "clean"
    for line in text.splitlines():
        if "unclosed" in line and "-NOT" not in line:
            return "buggy"
    return "clean"


def compile_one(args, path, rel, text):
    cxx = path.endswith((".cpp", ".cc", ".cxx"))
    cc = args.cxx if cxx else args.cc
    base = [cc, "-c", path, "-o", os.devnull, "-mllvm", "-bodysan-warn",
            "-Wno-unused-command-line-argument",
            "-I" + os.path.dirname(path),
            "-I" + os.path.join(args.root, "examples", "inhouse"),
            "-I" + os.path.join(args.root, "include")]
    base += run_flags(path, text) + args.cflags
    # The examples' spec files sit next to them (examples/inhouse/inhouse.yaml).
    if rel.startswith("examples" + os.sep):
        d = os.path.dirname(path)
        for f in sorted(os.listdir(d)):
            if f.endswith(".yaml"):
                base += ["-mllvm", "-bodysan-spec=" + os.path.join(d, f)]
    results = {}
    for opt in ("-O0", "-O2"):
        p = subprocess.run(base + [opt], capture_output=True, text=True)
        if p.returncode != 0:
            return rel, None
        found = []
        for line in p.stderr.splitlines():
            m = WARNING.match(line)
            if m:
                found.append((int(m.group(2)), m.group(4)))
        results[opt] = found
    return rel, results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--cxx", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--min-compiled", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("cflags", nargs="*", help="flags for every compile (pkg-config output)")
    args = ap.parse_args()
    args.cflags = [f for f in args.cflags if f.startswith("-") and not f.startswith("-l")
                   and not f.startswith("-Wl,") and "%" not in f]

    expected = {}
    for line in open(args.expected):
        line = line.split("#", 1)[0].split()
        if line:
            expected.setdefault(line[0], set()).update(line[1:])

    files = []
    for top in ("examples", "test"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(args.root, top)):
            dirnames[:] = sorted(d for d in dirnames if d != "warn")
            for f in sorted(filenames):
                if f.endswith((".c", ".cpp")):
                    files.append(os.path.join(dirpath, f))

    jobs = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for path in files:
            rel = os.path.relpath(path, args.root)
            with open(path, errors="replace") as f:
                text = f.read()
            jobs.append((classify(rel, text, expected),
                         pool.submit(compile_one, args, path, rel, text)))
        results = [(kind, job.result()) for kind, job in jobs]

    failures = 0
    compiled = skipped = checked = buggy_warned = 0
    for kind, (rel, res) in results:
        if res is None:
            skipped += 1
            print("skipped (does not compile alone): %s" % rel)
            continue
        compiled += 1
        for opt, found in sorted(res.items()):
            fns = sorted({fn for _, fn in found})
            if kind == "expected":
                if set(fns) != expected[rel]:
                    failures += 1
                    print("MISMATCH %s %s: warned in %s, expected %s" %
                          (rel, opt, fns, sorted(expected[rel])))
            elif kind == "clean":
                for line, fn in found:
                    failures += 1
                    print("UNEXPECTED %s:%d %s: warning in '%s'" % (rel, line, opt, fn))
            elif found and opt == "-O0":
                buggy_warned += 1
                print("leak on purpose, warned: %s %s" % (rel, fns))
        if kind != "buggy":
            checked += 1
    print("programs: %d, compiled: %d, skipped: %d, checked: %d, "
          "leaky on purpose with a warning: %d" %
          (len(results), compiled, skipped, checked, buggy_warned))
    print("unexpected or missing warnings: %d" % failures)
    if compiled < args.min_compiled:
        print("error: only %d programs compiled (expected at least %d)" %
              (compiled, args.min_compiled))
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
