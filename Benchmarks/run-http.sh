#!/usr/bin/env bash
# CoopCare's HTTP benchmark, in one run on this machine (see Benchmarks/README.md):
#   1. builds the HelloWorld baseline (Benchmarks/, release) and coopcare (release, scratch .build-release);
#   2. measures HelloWorld's GET /hello with wrk;
#   3. starts `coopcare serve --demo` on a throwaway SQLite database, timing launch -> /ready 200,
#      and reads its idle RSS;
#   4. signs in as a demo client (no second factor) with curl and measures GET /account with wrk;
#   5. measures GET /account at half of that peak rate with FixedRate (constant rate, corrected latency);
#   6. stops both servers, removes its temp dir and prints a summary against the goals.
# All load goes to 127.0.0.1 and every load run is bounded in time.
#
# Usage: bash Benchmarks/run-http.sh
# Settings (environment): DURATION (s per measured run, default 10), WARMUP (s, default 3),
#   THREADS / CONNECTIONS for wrk (default 2 / 32), FIXED_CONNECTIONS (default 8),
#   SKIP_BUILD=1 (reuse the binaries already built), KEEP_TMP=1 (keep logs and database).
set -euo pipefail

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
FIXED_CONNECTIONS=${FIXED_CONNECTIONS:-8}
DEMO_EMAIL="harper.testclient@demo.coopcare.example"
DEMO_PASSWORD="river-stone-demo-coop-2026"

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SCRATCH="$ROOT/.build-release"

for tool in wrk curl swift awk; do
    command -v "$tool" >/dev/null || { echo "run-http.sh: '$tool' is needed (wrk: apt-get install wrk)" >&2; exit 1; }
done

say() { printf '\n== %s\n' "$*"; }
indent() { sed 's/^/    /'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo "$1"
}
wrk_rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
wrk_non2xx() { awk '/Non-2xx or 3xx responses:/ {print $NF}' "$1"; }
wrk_errors() { awk '/Socket errors:/ {print}' "$1"; }
wrk_p99() { awk '$1 == "99%" {print $2}' "$1"; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/coopcare-bench.XXXXXX")
HELLO_PID=""
COOP_PID=""
stop_server() {  # pid: SIGTERM, then wait up to 10 s, then SIGKILL
    local pid=$1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_server "$HELLO_PID"
    stop_server "$COOP_PID"
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "(kept $TMP)"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
fail() {
    echo "run-http.sh: $*" >&2
    for log in "$TMP"/*.log; do [[ -f "$log" ]] && { echo "--- tail of $log" >&2; tail -20 "$log" >&2; }; done
    exit 1
}

say "Machine"
echo "date:     $(date -Is)"
echo "host:     $(uname -srm), $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
echo "uptime:   $(uptime)"
echo "commit:   $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (work tree has changes)')"
UPTIME_START=$(uptime)

# ---------------------------------------------------------------------------------------------- build
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    say "Building HelloWorld and FixedRate (release, Benchmarks/)"
    (cd "$BENCH" && nice -n 10 swift build -c release 2>&1 | tail -3 | indent) || fail "building Benchmarks failed"
    say "Building coopcare (release, scratch path .build-release)"
    (cd "$ROOT" && nice -n 10 swift build -c release --product coopcare --scratch-path "$SCRATCH" 2>&1 | tail -3 | indent) \
        || fail "building coopcare failed"
fi
BENCH_BIN=$(cd "$BENCH" && swift build -c release --show-bin-path)
COOP_BIN=$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
HELLO="$BENCH_BIN/HelloWorld"
FIXEDRATE="$BENCH_BIN/FixedRate"
COOPCARE="$COOP_BIN/coopcare"
for bin in "$HELLO" "$FIXEDRATE" "$COOPCARE"; do [[ -x "$bin" ]] || fail "missing $bin (run without SKIP_BUILD=1)"; done

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime of the server process
run_wrk() {  # name pid url [header]: warm-up, then the measured run into $TMP/name.wrk, and the server's CPU per request
    local name=$1 pid=$2 url=$3 header=${4:-}
    local args=(-t"$THREADS" -c"$CONNECTIONS")
    [[ -n "$header" ]] && args+=(-H "$header")
    wrk "${args[@]}" -d"${WARMUP}s" "$url" >/dev/null
    local before after requests
    before=$(cpu_ticks "$pid")
    wrk "${args[@]}" -d"${DURATION}s" --latency "$url" > "$TMP/$name.wrk"
    after=$(cpu_ticks "$pid")
    requests=$(awk '/requests in/ {print $1}' "$TMP/$name.wrk")
    awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }' > "$TMP/$name.cpu"
    indent < "$TMP/$name.wrk"
    echo "    server CPU time: $(cat "$TMP/$name.cpu") µs per request (utime+stime of the server over the measured run ÷ requests)"
}

# ------------------------------------------------------------------------------------------ HelloWorld
HELLO_PORT=$(free_port 8081)
say "HelloWorld baseline: GET http://127.0.0.1:$HELLO_PORT/hello (wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s warm-up)"
"$HELLO" "$HELLO_PORT" > "$TMP/hello.log" 2>&1 &
HELLO_PID=$!
for _ in $(seq 1000); do
    curl -sf -o /dev/null "http://127.0.0.1:$HELLO_PORT/hello" && break
    kill -0 "$HELLO_PID" 2>/dev/null || fail "HelloWorld exited"
    sleep 0.01
done
[[ "$(curl -s "http://127.0.0.1:$HELLO_PORT/hello")" == "Hello, world!" ]] || fail "HelloWorld did not answer"
HELLO_RSS_KB=$(rss_kb "$HELLO_PID")
run_wrk hello "$HELLO_PID" "http://127.0.0.1:$HELLO_PORT/hello"
HELLO_RPS=$(wrk_rps "$TMP/hello.wrk")
stop_server "$HELLO_PID"; HELLO_PID=""

# -------------------------------------------------------------------------------------- CoopCare start
COOP_PORT=$(free_port 8080)
say "CoopCare: serve --demo on 127.0.0.1:$COOP_PORT, SQLite in a temp dir"
mkdir -p "$TMP/data"
START_MS=$(now_ms)
(cd "$TMP/data" && exec env COOPCARE_PASSWORD_COST=test "$COOPCARE" serve --demo --host 127.0.0.1 --port "$COOP_PORT" \
    --database "sqlite://$TMP/data/db.sqlite" --key-file "$TMP/data/master.key") > "$TMP/coopcare.log" 2>&1 &
COOP_PID=$!
READY=0
for _ in $(seq 3000); do  # poll /ready every 10 ms, for at most ~30 s
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$COOP_PORT/ready" 2>/dev/null)" == 200 ]]; then READY=1; break; fi
    kill -0 "$COOP_PID" 2>/dev/null || fail "coopcare exited before it was ready"
    sleep 0.01
done
READY_MS=$(( $(now_ms) - START_MS ))
[[ $READY == 1 ]] || fail "coopcare: /ready never answered 200"
for _ in $(seq 500); do grep -q "CoopCare is serving at" "$TMP/coopcare.log" && break; sleep 0.01; done
SERVING_LINE=$(grep -m1 "CoopCare is serving at" "$TMP/coopcare.log") || fail "no 'CoopCare is serving at' line"
SELF_MS=$(sed -n 's/.*(ready in \([0-9]*\) ms).*/\1/p' <<<"$SERVING_LINE")
echo "    $SERVING_LINE"
echo "    start-to-ready: ${READY_MS} ms (wall clock, launch -> first /ready 200, polled every 10 ms with curl);"
echo "    the server's own figure: ${SELF_MS} ms (process start -> listening, includes migrations and the demo data)"
sleep 1  # let start-up settle before reading the idle footprint
COOP_RSS_KB=$(rss_kb "$COOP_PID")
echo "    idle RSS: $(mb "$COOP_RSS_KB") MB (VmRSS of pid $COOP_PID, 1 s after ready, before any load)"

# ----------------------------------------------------------------------------------------- sign in
say "Signing in as $DEMO_EMAIL (client, no second factor) with curl"
JAR="$TMP/cookies.txt"
BASE="http://127.0.0.1:$COOP_PORT"
curl -s -c "$JAR" -b "$JAR" -o "$TMP/sign-in.html" "$BASE/sign-in"
CSRF=$(sed -n 's/.*<input type="hidden" name="csrf" value="\([^"]*\)".*/\1/p' "$TMP/sign-in.html" | head -1)
[[ -n "$CSRF" ]] || fail "no csrf field on GET /sign-in"
grep -q coopcare_csrf "$JAR" || fail "no coopcare_csrf cookie from GET /sign-in"
POST_STATUS=$(curl -s -c "$JAR" -b "$JAR" -o "$TMP/sign-in-post.html" -w '%{http_code}' \
    --data-urlencode "csrf=$CSRF" --data-urlencode "email=$DEMO_EMAIL" --data-urlencode "password=$DEMO_PASSWORD" "$BASE/sign-in")
SESSION=$(awk '$6 == "coopcare_session" && $7 != "" {v = $7} END {print v}' "$JAR")
[[ -n "$SESSION" ]] || fail "POST /sign-in answered $POST_STATUS without a coopcare_session cookie"
COOKIE="Cookie: coopcare_session=$SESSION"
ACCOUNT_STATUS=$(curl -s -o "$TMP/account.html" -w '%{http_code}' -H "$COOKIE" "$BASE/account")
[[ "$ACCOUNT_STATUS" == 200 ]] || fail "GET /account with the session answered $ACCOUNT_STATUS"
echo "    POST /sign-in -> $POST_STATUS with a session cookie; GET /account -> $ACCOUNT_STATUS ($(wc -c < "$TMP/account.html") bytes)"

# ------------------------------------------------------------------------------------ /account peak
say "Authenticated page: GET /account with the session cookie (wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s after ${WARMUP}s warm-up)"
run_wrk account "$COOP_PID" "$BASE/account" "$COOKIE"
ACCOUNT_RPS=$(wrk_rps "$TMP/account.wrk")
ACCOUNT_NON2XX=$(wrk_non2xx "$TMP/account.wrk")
[[ -z "$ACCOUNT_NON2XX" ]] || echo "    WARNING: $ACCOUNT_NON2XX responses were not 2xx/3xx: the figure is not the page's"

say "Reference: GET /health, unauthenticated, no session lookup (same wrk settings)"
run_wrk health "$COOP_PID" "$BASE/health"
HEALTH_RPS=$(wrk_rps "$TMP/health.wrk")

# ------------------------------------------------------------------------- /account at half its peak
HALF_RATE=$(awk -v r="$ACCOUNT_RPS" 'BEGIN { printf "%d", r / 2 }')
(( HALF_RATE >= 1 )) || fail "no peak rate measured for /account"
say "Latency of GET /account at half its peak: $HALF_RATE req/s, constant rate (FixedRate)"
cat <<EOF | indent
Method: FixedRate (Benchmarks/Sources/FixedRate, C, epoll) sends GET /account at a fixed $HALF_RATE req/s,
spread evenly over $FIXED_CONNECTIONS keep-alive connections (one request in flight each, no pipelining), for
2 s of warm-up then ${DURATION} s measured. Every request has an intended send time on a fixed schedule;
its latency is counted from that time, not from when it could actually be sent, so a stall is charged
to every request it delayed (the coordinated-omission correction that wrk2 applies). Debian has no wrk2.
EOF
set +e
"$FIXEDRATE" --port "$COOP_PORT" --path /account --header "$COOKIE" --rate "$HALF_RATE" \
    --duration "$DURATION" --warmup 2 --connections "$FIXED_CONNECTIONS" --timeline 1 > "$TMP/fixed.txt"
FIXED_RC=$?
set -e
indent < "$TMP/fixed.txt"
RESULT=$(grep '^RESULT ' "$TMP/fixed.txt") || fail "FixedRate printed no result"
field() { tr ' ' '\n' <<<"$RESULT" | awk -F= -v k="$1" '$1 == k {print $2}'; }
P50=$(field p50_ms); P99=$(field p99_ms); ACHIEVED=$(field achieved)
[[ $FIXED_RC == 0 ]] || echo "    WARNING: some requests failed, were late past the run or were never sent (see above)"

COOP_HWM_KB=$(hwm_kb "$COOP_PID")
COOP_RSS_AFTER_KB=$(rss_kb "$COOP_PID")
say "Stopping the servers"
stop_server "$COOP_PID"; COOP_PID=""
echo "    stopped; temp dir $TMP $([[ "${KEEP_TMP:-0}" == 1 ]] && echo kept || echo removed)"

# ---------------------------------------------------------------------------------------------- summary
verdict() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? (v + 0 >= g + 0) : (v + 0 < g + 0); print ok ? "met" : "MISSED" }'; }
RATIO=$(awk -v a="$ACCOUNT_RPS" -v h="$HELLO_RPS" 'BEGIN { printf "%.3f", a / h }')
RSS_MB=$(mb "$COOP_RSS_KB")
say "Summary"
{
    printf '%-52s %s\n' "HelloWorld GET /hello (wrk -t$THREADS -c$CONNECTIONS)" "$HELLO_RPS req/s"
    printf '%-52s %s\n' "CoopCare GET /account, signed in (same)" "$ACCOUNT_RPS req/s${ACCOUNT_NON2XX:+ ($ACCOUNT_NON2XX non-2xx!)}"
    printf '%-52s %s   goal >= 0.4: %s\n' "ratio: /account req/s over /hello req/s" "$RATIO" "$(verdict "$RATIO" 0.4 '>=')"
    printf '%-52s %s ms (p50 %s ms, %s req/s achieved)   goal < 25 ms: %s\n' "p99 of /account at half peak ($HALF_RATE req/s)" \
        "$P99" "$P50" "$ACHIEVED" "$(verdict "$P99" 25 '<')"
    printf '%-52s %s MB   goal < 60 MB: %s\n' "CoopCare idle RSS" "$RSS_MB" "$(verdict "$RSS_MB" 60 '<')"
    printf '%-52s %s ms (server says %s ms)   goal < 1000 ms: %s\n' "CoopCare start-to-ready (launch -> /ready 200)" \
        "$READY_MS" "$SELF_MS" "$(verdict "$READY_MS" 1000 '<')"
    printf '%-52s %s req/s\n' "reference: CoopCare GET /health" "$HEALTH_RPS"
    printf '%-52s /hello %s µs, /account %s µs, /health %s µs\n' "reference: server CPU time per request (wrk runs)" \
        "$(cat "$TMP/hello.cpu")" "$(cat "$TMP/account.cpu")" "$(cat "$TMP/health.cpu")"
    printf '%-52s %s MB (HelloWorld idle: %s MB)\n' "reference: CoopCare peak RSS during the run (VmHWM)" "$(mb "$COOP_HWM_KB")" "$(mb "$HELLO_RSS_KB")"
    printf '%-52s %s\n' "load before the run (uptime)" "${UPTIME_START##*load average: }"
    printf '%-52s %s\n' "load after the run (uptime)" "$(uptime | sed 's/.*load average: //')"
} | indent
