#!/usr/bin/env bash
# A burst of connections past the connection limit, against a default hub (./herald serve) whose process may open
# FILES files (default 20,000, so at most 18,000 connections): two load generators hold HOLD idle subscribers each
# (from 127.0.0.1-9), then a third client opens RATE connections a second for SECONDS s, each asking for a stream
# and reading its answer, while /healthz/live and /healthz are asked every 50 ms. Reports the burst's statuses, how
# long a refused connection stayed open, the probes' latencies, and how often the hub logged "Too many open files".
#
# Usage: bench/overload.sh   env: FILES=20000 HOLD=10100 RATE=2500 SECONDS=6 PORT=8097   loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."

FILES=${FILES:-20000}
HOLD=${HOLD:-10100}
RATE=${RATE:-2500}
SECONDS_=${SECONDS:-6}
PORT=${PORT:-8097}
OUT=${OUT:-$(mktemp -d /tmp/herald-overload.XXXXXX)}
JAR=herald-cli/target/herald.jar
PIDS=()
stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT
source bench/wait-port.sh

ulimit -n "$FILES"
./herald serve --addr "127.0.0.1:$PORT" --anonymous > "$OUT/hub.log" 2>&1 &
PIDS+=($!)
wait_port "$PORT"
for holder in 1 2; do
  java -Xmx1g -jar "$JAR" bench idle --subscribers "$HOLD" --duration 60s --warmup 0s --source-addresses 9 \
    --connect-rate 4000 --subscribe-url "http://127.0.0.1:$PORT/.well-known/mercure?topic={topic}" \
    > "$OUT/holder-$holder.txt" 2> "$OUT/holder-$holder.progress" &
  PIDS+=($!)
done
sleep "${SETTLE:-15}" # both holders connected: the hub is at its limit, the rest of their connections refused
grep -h "conn " "$OUT"/holder-*.progress | tail -2 || true
python3 bench/overload.py "$PORT" "$RATE" "$SECONDS_" 127.0.0.10 | tee "$OUT/burst.txt"
echo "hub: \"Too many open files\" logged $(grep -c 'Too many open files' "$OUT/hub.log" || true) times"
echo "reports in $OUT"
