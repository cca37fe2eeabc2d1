#!/usr/bin/env bash
# A burst of connections past the connection limit, against a default hub (./herald serve) whose process may open
# FILES files (default 20,000, so at most 18,000 connections): two load generators hold HOLD idle subscribers each
# (from 127.0.0.1-9), then a third (bench/Burst.java) opens RATE connections a second for BURST_SECONDS s from
# 127.0.0.10, each asking for a stream (BURST_MODE=silent: asking nothing) and never closing it itself, as a client
# slow to let go; meanwhile /healthz/live and /healthz are asked every 50 ms (bench/probe.py). Reports the burst's outcome, the probes'
# latencies, the most files the hub had open (sampled every 100 ms), and how often it logged "Too many open files".
#
# Usage: bench/overload.sh   env: FILES=20000 HOLD=10100 RATE=2500 BURST_SECONDS=6 PORT=8097   loopback only.
# HUB_CMD overrides how the hub starts (default ./herald serve), e.g. another checkout's ./herald serve to compare.
set -euo pipefail
cd "$(dirname "$0")/.."

FILES=${FILES:-20000}
HOLD=${HOLD:-10100}
RATE=${RATE:-2500}
BURST_SECONDS=${BURST_SECONDS:-6}
PORT=${PORT:-8097}
OUT=${OUT:-$(mktemp -d /tmp/herald-overload.XXXXXX)}
JAR=herald-cli/target/herald.jar
PIDS=()
stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT
source bench/wait-port.sh

ulimit -n "$FILES"
${HUB_CMD:-./herald serve} --addr "127.0.0.1:$PORT" --anonymous > "$OUT/hub.log" 2>&1 &
PIDS+=($!)
wait_port "$PORT"
for holder in 1 2; do
  java -Xmx1g -jar "$JAR" bench idle --subscribers "$HOLD" --duration 400s --warmup 0s --source-addresses 9 --connect-phase 300s \
    --subscribe-url "http://127.0.0.1:$PORT/.well-known/mercure?topic={topic}" \
    > "$OUT/holder-$holder.txt" 2> "$OUT/holder-$holder.progress" &
  PIDS+=($!)
done
# Until both holders have connected what they could (their connect phase over): the hub at its limit, the rest of
# their connections refused.
connections() { curl -s "http://127.0.0.1:$PORT/healthz" | sed -n 's/.*"connections":\([0-9]*\).*/\1/p'; }
for _ in $(seq 1 300); do
  grep -q "] hold" "$OUT/holder-1.progress" 2>/dev/null && grep -q "] hold" "$OUT/holder-2.progress" 2>/dev/null && break
  sleep 1
done
grep -h "conn " "$OUT"/holder-*.progress | tail -2 || true
HUB_PID=${PIDS[0]}
echo "hub connections before the burst: $(connections), files open $(ls /proc/$HUB_PID/fd | wc -l)"
python3 bench/probe.py "$PORT" $((BURST_SECONDS + 10)) > "$OUT/probe.txt" &
PROBE=$!
( while kill -0 "$PROBE" 2>/dev/null; do ls /proc/$HUB_PID/fd 2>/dev/null | wc -l; sleep 0.1; done ) > "$OUT/files.txt" &
sleep 2
java bench/Burst.java "$PORT" "$RATE" "$BURST_SECONDS" 127.0.0.10 ${BURST_MODE:-} | tee "$OUT/burst.txt"
wait "$PROBE"
cat "$OUT/probe.txt"
echo "hub files open: at most $(sort -n "$OUT/files.txt" | tail -1) of $FILES during the burst"
echo "hub: \"Too many open files\" logged $(grep -c 'Too many open files' "$OUT/hub.log" || true) times"
echo "reports in $OUT"
