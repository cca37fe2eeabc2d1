#!/usr/bin/env bash
# Seventeen thousand idle subscribers leaving at once beside 500 that read: the readers' delivery latency each
# second, before and during the mass disconnect, in one run, on loopback only. The idle subscribers are held by one
# load generator on a topic of their own; it is killed (SIGKILL), so the kernel closes all their connections at
# once. Reports how long the hub took to end their streams, each second's p99 and max, and the worst second's p99
# before and after the kill.
#
# Usage: bench/mass-disconnect.sh   env: IDLE=17000 READERS=500 RATE=50 SIZE=100 BEFORE=20 AFTER=15 PORT=8098
# HUB_JAR picks the hub's jar (default herald-cli/target/herald.jar), so two builds can be compared.
# SPLIT=1 holds the idle subscribers on a second hub process (port PORT+1): the disconnect then costs the machine
# (the kernel's closing of every connection, the other hub's work) but not the readers' hub, which shows how much of
# the readers' stall this machine causes whatever the hub does. HUB_OPTS adds JVM options to the readers' hub (a
# flight recording, say).
set -euo pipefail
cd "$(dirname "$0")/.."

IDLE=${IDLE:-17000}
READERS=${READERS:-500}
RATE=${RATE:-50}
SIZE=${SIZE:-100}
BEFORE=${BEFORE:-20}
AFTER=${AFTER:-15}
PORT=${PORT:-8098}
SPLIT=${SPLIT:-0}
IDLE_PORT=$PORT
OUT=${OUT:-$(mktemp -d /tmp/herald-mass-disconnect.XXXXXX)}
mkdir -p "$OUT"
JAR=herald-cli/target/herald.jar
HUB_JAR=${HUB_JAR:-$JAR}
KEY=mass-disconnect-sh-hmac-key-0123456789abcdef01
PIDS=()
stop_all() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_all EXIT
source bench/wait-port.sh

ulimit -n 20000
java -Xms512m -Xmx2g ${HUB_OPTS:-} -jar "$HUB_JAR" serve --addr "127.0.0.1:$PORT" --jwt-key "$KEY" --anonymous \
  --max-connections $((IDLE + READERS + 500)) > "$OUT/hub.log" 2>&1 &
PIDS+=($!)
HUB_PID=$!
wait_port "$PORT"
if [[ $SPLIT == 1 ]]; then
  IDLE_PORT=$((PORT + 1))
  java -Xms512m -Xmx2g -jar "$HUB_JAR" serve --addr "127.0.0.1:$IDLE_PORT" --jwt-key "$KEY" --anonymous \
    --max-connections $((IDLE + 500)) > "$OUT/idle-hub.log" 2>&1 &
  PIDS+=($!)
  wait_port "$IDLE_PORT"
fi
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
java -Xmx1g -jar "$JAR" bench idle --subscribers "$IDLE" --duration 600s --warmup 0s --source-addresses 4 \
  --connect-phase 300s --topic idle --subscribe-url "http://127.0.0.1:$IDLE_PORT/.well-known/mercure?topic={topic}" \
  > "$OUT/idle.txt" 2> "$OUT/idle.progress" &
IDLE_PID=$!
PIDS+=($IDLE_PID)
for _ in $(seq 1 320); do
  grep -q "] hold" "$OUT/idle.progress" 2>/dev/null && break
  sleep 1
done
tail -1 "$OUT/idle.progress"
java -Xms256m -Xmx2g -XX:+UseParallelGC -jar "$JAR" bench fanout --subscribers "$READERS" --rate "$RATE" \
  --size "$SIZE" --duration "$((BEFORE + AFTER))s" --warmup 5s --topic readers \
  --subscribe-url "http://127.0.0.1:$PORT/.well-known/mercure?topic={topic}" \
  --publish-url "http://127.0.0.1:$PORT/.well-known/mercure" --token "$TOKEN" --target-pid "$HUB_PID" \
  --json "$OUT/fanout.json" > "$OUT/fanout.txt" 2> "$OUT/fanout.progress" &
FANOUT_PID=$!
PIDS+=($FANOUT_PID)
START=$(date +%s.%N)
sleep $((5 + BEFORE)) # the warm-up, then BEFORE seconds measured without the disconnect
KILLED=$(date +%s.%N)
kill -KILL "$IDLE_PID"
# How long the hub takes to end the idle streams: /healthz's subscribers, asked every 20 ms, down to the readers.
subscribers() { curl -s -m 5 "http://127.0.0.1:$IDLE_PORT/healthz" | sed -n 's/.*"subscribers":\([0-9]*\).*/\1/p'; }
LEFT=$READERS
[[ $SPLIT == 1 ]] && LEFT=0
while now=$(subscribers); [[ -n $now && $now -gt $LEFT ]]; do sleep 0.02; done
echo "the hub ended the $IDLE idle streams $(echo "$(date +%s.%N) - $KILLED" | bc | cut -c1-5) s after the kill"
wait "$FANOUT_PID" || true
python3 - "$OUT/fanout.progress" "$(echo "$KILLED - $START" | bc)" <<'PY'
import re, sys
lines = open(sys.argv[1]).read().splitlines()
kill = float(sys.argv[2])
rows = []
for line in lines:
    m = re.match(r"\[\s*(\d+)s\]\s+(\S+).*p50 ([\d.]+) p99 ([\d.]+) max ([\d.]+) ms", line)
    if m and m.group(2) == "publish":
        rows.append((int(m.group(1)), float(m.group(4)), float(m.group(5))))
print(f"mass disconnect at {kill:.1f} s of the run")
for second, p99, mx in rows:
    mark = " <- disconnect" if second - 1 <= kill < second else ""
    print(f"  second {second:3d}: p99 {p99:8.2f} ms  max {mx:8.2f} ms{mark}")
# A row is the events published in its second: those of the second the kill falls in (and the one before it, whose
# last deliveries may still be on their way) meet the disconnect, so "before" ends a second earlier.
before = [r for r in rows if r[0] <= kill - 1]
during = [r for r in rows if kill - 1 < r[0] <= kill + 5]
if before and during:
    worst_before = max(r[1] for r in before)
    worst_during = max(r[1] for r in during)
    print(f"worst second's p99: {worst_before:.2f} ms before, {worst_during:.2f} ms in the 5 s from the disconnect "
          f"({worst_during / worst_before:.2f}x); max {max(r[2] for r in before):.2f} ms before, "
          f"{max(r[2] for r in during):.2f} ms during")
PY
cat "$OUT/fanout.txt" | grep -iE "latency|p99|delivered|lost" | head -8 || true
echo "reports in $OUT"
