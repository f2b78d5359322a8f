#!/bin/sh
# run-bench.sh - BodySanitizer's benchmark: prints numbers, asserts nothing.
#
#   bench/run-bench.sh [BUILD_DIR]        (default: build, after cmake --build)
#
# 1. ns per acquire+read+release sequence in the runtime, 1 and 2 threads
#    (bench_pairs.c calling the hooks as instrumented code does).
# 2. A loopback libsoup 3 request loop (bench_soup_loop.c), plain vs
#    instrumented with bodysan-clang at -O2, against test/Inputs/http_server.py,
#    5 alternating runs each, medians; prints the slowdown of wall time and of
#    the client process's CPU time (the server, in Python, dominates wall time).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$src/build}" && pwd)
out=$build/bench
mkdir -p "$out"
clang=$(sed -n 's/^config.clang = "\(.*\)"$/\1/p' "$build/test/lit.site.cfg.py")
soup=$(pkg-config --cflags --libs libsoup-3.0)

"$clang" -O2 -g -fno-omit-frame-pointer -I"$src/include" "$src/bench/bench_pairs.c" \
  -o "$out/bench_pairs" "$build/lib/libbodysan_rt.so" -Wl,-rpath,"$build/lib" -lpthread
# shellcheck disable=SC2086
"$clang" -O2 "$src/bench/bench_soup_loop.c" -o "$out/soup_loop_plain" $soup
# shellcheck disable=SC2086
"$build/bin/bodysan-clang" -O2 "$src/bench/bench_soup_loop.c" -o "$out/soup_loop_bodysan" $soup

echo "== runtime hooks (stack_depth=30, fast unwind) =="
"$out/bench_pairs"
echo "== runtime hooks (stack_depth=10) =="
BODYSAN_OPTIONS=stack_depth=10 "$out/bench_pairs"
echo "== runtime hooks (fast_unwind=0: _Unwind_Backtrace, stack_depth=30) =="
BODYSAN_OPTIONS=fast_unwind=0 "$out/bench_pairs" 200000

echo "== libsoup 3 loopback request loop, 2000 requests of 4 KiB, median of 5 alternating runs =="
# Each run prints "wall_us cpu_us" per request; plain and instrumented runs
# alternate so that drift on the machine hits both alike.
run() {
  python3 "$src/test/Inputs/with_server.py" -- "$1" 2000 |
    sed -n 's/.* \([0-9.]*\) us per request, client cpu \([0-9.]*\) us.*/\1 \2/p'
}
results=$(for _ in 1 2 3 4 5; do
  echo "plain $(run "$out/soup_loop_plain")"
  echo "bodysan $(run "$out/soup_loop_bodysan")"
done)
echo "$results" | python3 -c '
import statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
med = {}
for name in ("plain", "bodysan"):
    wall = [float(r[1]) for r in rows if r[0] == name]
    cpu = [float(r[2]) for r in rows if r[0] == name]
    med[name] = (statistics.median(wall), statistics.median(cpu))
    print("%-13s %7.1f us per request (wall), %7.1f us client CPU  (wall runs: %s)"
          % (name + ":", med[name][0], med[name][1], " ".join("%.0f" % w for w in wall)))
print("slowdown:     %.3fx wall, %.3fx client CPU"
      % (med["bodysan"][0] / med["plain"][0], med["bodysan"][1] / med["plain"][1]))
'
