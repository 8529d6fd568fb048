#!/usr/bin/env bash
# The care-access speed goals of issue 4, on this machine (see Benchmarks/README.md):
#   1. builds CareBench and coopcare in release (scratch path .build-release, shared with run-http.sh);
#   2. CareBench in process: the directory search (state + language, open times over 14 days) over 2,000 therapists,
#      p50/p95/p99 and CPU per search; bookings per second on SQLite, one after another and from 8 clients at once;
#   3. seeds a throwaway SQLite database with the same 2,000 therapists, serves it with `coopcare serve`, and loads
#      GET /api/v1/therapists/search?state=CA&language=es with wrk (p50/p95/p99 from wrk's own histogram).
# Everything runs on 127.0.0.1 and every load run is bounded in time.
# Settings (environment): THERAPISTS (2000), SEARCHES (200), DURATION (10 s), CONNECTIONS (8, the warm-up),
# CONNECTIONS_LIST ("1 4 8", the measured load levels), SKIP_BUILD=1.
set -euo pipefail

THERAPISTS=${THERAPISTS:-2000}
SEARCHES=${SEARCHES:-200}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
# Each load level the HTTP part runs (connections), one run of DURATION seconds each.
CONNECTIONS_LIST=${CONNECTIONS_LIST:-"1 4 8"}
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
SCRATCH="$ROOT/.build-release"
for tool in wrk curl swift; do command -v "$tool" >/dev/null || { echo "run-care.sh: '$tool' is needed" >&2; exit 1; }; done

say() { printf '\n== %s\n' "$*"; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/coopcare-care-bench.XXXXXX")
SERVER_PID=""
cleanup() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

say "Machine"
echo "date: $(date -Is); $(nproc) cores; uptime: $(uptime)"
echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    say "Building CareBench and coopcare (release)"
    (cd "$BENCH" && swift build -c release --scratch-path "$SCRATCH" --product CareBench 2>&1 | tail -2)
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product coopcare 2>&1 | tail -2)
fi
BIN="${BIN:-$SCRATCH/release}"

say "In process (CareBench $THERAPISTS $SEARCHES)"
(cd "$TMP" && "$BIN/CareBench" "$THERAPISTS" "$SEARCHES")

say "Through HTTP: coopcare serve over $THERAPISTS therapists, wrk -t2 at $CONNECTIONS_LIST connections, ${DURATION}s each"
"$BIN/CareBench" seed "$TMP/data" "$THERAPISTS"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
COOPCARE_PASSWORD_COST=test "$BIN/coopcare" serve --host 127.0.0.1 --port "$PORT" --log-level error \
    --database "sqlite://$TMP/data/db.sqlite" --key-file "$TMP/data/master.key" > "$TMP/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 300); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/ready")" == 200 ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/serve.log"; exit 1; }
    sleep 0.1
done
URL="http://127.0.0.1:$PORT/api/v1/therapists/search?state=CA&language=es"
RESULTS=$(curl -s "$URL" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["results"]))')
echo "one answer holds $RESULTS therapists"
cat > "$TMP/percentiles.lua" <<'LUA'
done = function(summary, latency, requests)
    io.write(string.format("latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms over %d requests, %d errors\n",
        latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, summary.requests,
        summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
# The server's own CPU time (user + system, from /proc) over a run, per request: unlike latency, it does not stretch
# when something else on the machine takes the cores.
server_cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$SERVER_PID/stat"; }
wrk -t2 -c"$CONNECTIONS" -d3s "$URL" > /dev/null
for connections in $CONNECTIONS_LIST; do
    echo "-- $connections connections, ${DURATION}s"
    before=$(server_cpu_ms)
    wrk -t"$(( connections < 2 ? connections : 2 ))" -c"$connections" -d"${DURATION}s" -s "$TMP/percentiles.lua" "$URL" | tee "$TMP/wrk.out" | sed 's/^/    /'
    after=$(server_cpu_ms)
    requests=$(sed -n 's/.* over \([0-9]*\) requests.*/\1/p' "$TMP/wrk.out")
    awk -v a="$after" -v b="$before" -v n="$requests" 'BEGIN { if (n > 0) printf "    server CPU %.2f ms a request\n", (a - b) / n }'
done
