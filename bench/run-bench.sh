#!/bin/sh
# run-bench.sh - BodySanitizer's benchmark: prints numbers, asserts nothing.
#
#   bench/run-bench.sh [BUILD_DIR]        (default: build, after cmake --build)
#
# 1. ns per acquire+read+release sequence in the runtime, 1 and 2 threads
#    (bench_pairs.c calling the hooks as instrumented code does).
# 2. A loopback libsoup 3 request loop (bench_soup_loop.c), plain vs
#    instrumented with bodysan-clang at -O2, against test/Inputs/http_server.py,
#    3 runs each, best run kept; prints the slowdown of wall time and of the
#    client process's CPU time (the server, in Python, dominates wall time).
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

echo "== libsoup 3 loopback request loop, 2000 requests of 4 KiB, best of 3 =="
# Best of 3 runs: prints "wall_us cpu_us" per request.
best() {
  runs=
  for _ in 1 2 3; do
    runs="$runs $(python3 "$src/test/Inputs/with_server.py" -- "$1" 2000 |
      sed -n 's/.* \([0-9.]*\) us per request, client cpu \([0-9.]*\) us.*/\1,\2/p')"
  done
  python3 -c "import sys; r=[tuple(map(float, a.split(','))) for a in sys.argv[1:]]; print(min(w for w,_ in r), min(c for _,c in r))" $runs
}
set -- $(best "$out/soup_loop_plain") $(best "$out/soup_loop_bodysan")
echo "plain:        $1 us per request (wall), $2 us client CPU"
echo "instrumented: $3 us per request (wall), $4 us client CPU"
python3 -c "print('slowdown:     %.3fx wall, %.3fx client CPU' % ($3 / $1, $4 / $2))"
