#!/bin/sh
# run-bench.sh - BodySanitizer's benchmark: prints numbers, asserts nothing.
#
#   bench/run-bench.sh [BUILD_DIR]        (default: build, after cmake --build)
#
# 1. ns per acquire+read+release sequence in the runtime, 1 and 2 threads
#    (bench_pairs.c calling the hooks as instrumented code does).
# 2. A loopback libsoup 3 request loop (bench_soup_loop.c), plain vs
#    instrumented with bodysan-clang at -O2, against test/Inputs/http_server.py,
#    3 runs each, best run kept; prints the slowdown.
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
best() {
  vals=
  for _ in 1 2 3; do
    vals="$vals $(python3 "$src/test/Inputs/with_server.py" -- "$1" 2000 |
      sed -n 's/.* \([0-9.]*\) us per request/\1/p')"
  done
  python3 -c "import sys; print(min(float(v) for v in sys.argv[1:]))" $vals
}
plain=$(best "$out/soup_loop_plain")
inst=$(best "$out/soup_loop_bodysan")
echo "plain:        $plain us per request"
echo "instrumented: $inst us per request"
python3 -c "print('slowdown:     %.3fx' % ($inst / $plain))"
