#!/bin/sh
# run-demo.sh - BodySanitizer on the Go article's three functions, in libsoup 3,
# neon and libcurl.
#
# From a fresh clone on Debian 12: installs missing packages (.ci/install-deps),
# builds BodySanitizer into build/ if needed, compiles each example in
# examples/soup/, examples/neon/ and examples/curl/ with build/bin/bodysan-clang
# -O2, runs it against a loopback HTTP server (test/Inputs/http_server.py) and
# shows, for each: what it demonstrates, BodySanitizer's report, and how many TCP
# connections the server saw for the example's 5 requests.
#
# Exit status 0 when every example behaved as expected: the buggy ones reported
# (exit code 23), the correct ones silent (exit code 0), each with the number of
# connections listed below (examples/README.md explains them); 1 otherwise.
#
# Usage: examples/run-demo.sh [--plain]
#   --plain  compile with plain clang-19 instead, to show what the same programs
#            do without BodySanitizer: no report, the leaks visible only in the
#            server's connection counts. (Expectations: all exit 0.)
# Works from any directory. Environment: BUILD_DIR (default: <repo>/build).
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
plain=no
case ${1:-} in
  --plain) plain=yes ;;
  "") ;;
  *) echo "usage: $0 [--plain]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bodysan-demo.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '%s\n' "$*"; }
# The expectations below are for the default run-time flags (exitcode=23).
unset BODYSAN_OPTIONS

# --- 1. Dependencies and build ------------------------------------------------
sh "$root/.ci/install-deps"

if [ "$plain" = yes ]; then
  cc="clang-19"
else
  if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
    say "run-demo: configuring BodySanitizer in $build"
    cmake -S "$root" -B "$build" -G Ninja >"$tmp/configure.log" 2>&1 ||
      { cat "$tmp/configure.log" >&2; exit 1; }
  fi
  say "run-demo: building BodySanitizer (cmake --build, -j2)"
  cmake --build "$build" -j2 >"$tmp/build.log" 2>&1 ||
    { cat "$tmp/build.log" >&2; exit 1; }
  cc="$build/bin/bodysan-clang"
fi
soup_flags=$(pkg-config --cflags --libs libsoup-3.0)
neon_flags=$(pkg-config --cflags --libs neon)
curl_flags=$(pkg-config --cflags --libs libcurl)

# --- 2. The loopback server -------------------------------------------------------
# One server per example, so each count is that example's alone.
start_server() {
  rm -f "$tmp/port" "$tmp/stats"
  python3 "$root/test/Inputs/http_server.py" --port-file "$tmp/port" \
    --stats-file "$tmp/stats" --max-seconds 120 &
  server_pid=$!
  i=0
  while [ ! -s "$tmp/port" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$server_pid" 2>/dev/null; then
      echo "run-demo: the HTTP server did not start" >&2
      exit 1
    fi
    sleep 0.05
  done
  port=$(cat "$tmp/port")
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
  # connections=N requests=M
  stats=$(cat "$tmp/stats" 2>/dev/null || echo "connections=? requests=?")
  connections=${stats#connections=}; connections=${connections%% *}
  requests=${stats##*requests=}
}

# --- 3. The examples ------------------------------------------------------------
# library/name | expected report ("-" = none) | expected connections | what it shows
examples='soup/fetch_data|unclosed-body|5|Go'"'"'s FetchData: the body is not closed when the status is bad (the bug). 5 requests to a URL answering 503.
soup/fetch_data_safe|-|1|FetchDataSafe: the body is released on every path (g_autoptr, C'"'"'s defer) and drained when not read (the fix).
soup/ping_service|-|1|PingService: only the status matters, so the body is drained with g_input_stream_skip, then closed (correct).
soup/ping_service_undrained|undrained-body|5|PingService without the drain: the body is closed before its end was read, so the connection is not reused.
neon/fetch_data|unclosed-body|3|FetchData in neon: a bad status destroys the request without ne_end_request; the next request on the session reads the old body as its status line and fails.
neon/fetch_data_safe|-|1|FetchDataSafe in neon: the unread error body is drained (ne_discard_response) and every response is ended.
neon/ping_service|undrained-body|3|PingService in neon without the drain: ne_end_request leaves the body on the connection, so the next ping fails: the service looks down 2 times of 5.
curl/fetch_data|unclosed-body|1|FetchData in libcurl: the easy handle is not cleaned up on a bad status. The shared pool keeps 1 connection; each leaked handle keeps 2 file descriptors.
curl/fetch_data_safe|-|1|FetchDataSafe in libcurl: one exit path cleans up the easy handle (C'"'"'s defer); nothing leaks.
curl/ping_service|undrained-body|5|PingService in libcurl: the write callback stops the transfer at the first block (error 23), so libcurl closes the connection every time.'

failures=0
echo "$examples" > "$tmp/list"
while IFS='|' read -r name kind want_conns what; do
  src="$here/$name.c"
  exe="$tmp/$(echo "$name" | tr / _)"
  case $name in
    soup/*) lib_flags=$soup_flags ;;
    neon/*) lib_flags=$neon_flags ;;
    curl/*) lib_flags=$curl_flags ;;
  esac
  bug=$kind
  [ "$plain" = yes ] && kind=- && want_conns=-
  say ""
  say "=== $name  (examples/$name.c)"
  say "    $what"
  # shellcheck disable=SC2086
  if ! "$cc" -O2 -g "$src" -o "$exe" $lib_flags 2>"$tmp/cc.log"; then
    cat "$tmp/cc.log" >&2
    say "FAIL: $name did not compile"
    failures=$((failures + 1))
    continue
  fi
  start_server
  set +e
  # Bounded: a leaking example must never hang the demo.
  BODYSAN_TEST_URL="http://127.0.0.1:$port" BODYSAN_TEST_PORT="$port" \
    timeout 60 "$exe" >"$tmp/out" 2>"$tmp/err" </dev/null
  rc=$?
  [ "$rc" -ne 124 ] || say "--- $name timed out after 60 s"
  set -e
  stop_server
  say "--- program output:"
  sed 's/^/    /' "$tmp/out"
  if [ -s "$tmp/err" ]; then
    # The first report in full; the others are counted.
    reports=$(grep -c 'ERROR: BodySanitizer:' "$tmp/err" || true)
    say "--- BodySanitizer report (stderr):"
    awk '{ print "    " $0 } /^SUMMARY: BodySanitizer:/ { exit }' "$tmp/err"
    if [ "$reports" -gt 1 ]; then
      say "    ... and $((reports - 1)) more report(s) after it"
    fi
  else
    say "--- stderr: (empty: no report)"
  fi
  say "--- exit code $rc; server saw $connections TCP connections for $requests requests"

  ok=yes
  if [ "$kind" = - ]; then
    [ "$rc" -eq 0 ] || ok=no
    grep -q 'BodySanitizer' "$tmp/err" && ok=no
  else
    [ "$rc" -eq 23 ] || ok=no
    grep -q "ERROR: BodySanitizer: $kind" "$tmp/err" || ok=no
  fi
  [ "$want_conns" = - ] || [ "$connections" = "$want_conns" ] || ok=no
  if [ "$ok" = yes ]; then
    if [ "$plain" = yes ] && [ "$bug" != - ]; then
      say "OK (plain clang): the $bug goes unnoticed; only the connection count (or the output) shows it"
    elif [ "$kind" = - ]; then
      say "OK: clean, as expected"
    else
      say "OK: $kind reported, as expected"
    fi
  else
    if [ "$kind" = - ]; then
      say "UNEXPECTED: wanted exit code 0, no report, $want_conns connection(s)"
    else
      say "UNEXPECTED: wanted exit code 23, an ERROR: BodySanitizer: $kind report, $want_conns connections"
    fi
    failures=$((failures + 1))
  fi
done < "$tmp/list"

say ""
if [ "$failures" -eq 0 ]; then
  say "run-demo: every example behaved as expected"
  exit 0
fi
say "run-demo: $failures example(s) did not behave as expected"
exit 1
