#!/usr/bin/env bash
# Seventeen thousand idle subscribers leaving at once beside 500 that read: the readers' delivery latency each
# second, before and during the mass disconnect, in one run, on loopback only. The idle subscribers are held by one
# load generator on a topic of their own; it is killed (SIGKILL), so the kernel closes all their connections at
# once. Reports how long the hub took to end their streams, each second's p99 and max, and the worst second's p99
# before and after the kill.
#
# Usage: bench/mass-disconnect.sh   env: IDLE=17000 READERS=500 RATE=50 SIZE=100 BEFORE=20 AFTER=15 PORT=8098 CHURN=0
# HUB_JAR picks the hub's jar (default herald-cli/target/herald.jar), so two builds can be compared. LAUNCHER=1 runs
# the readers' hub as a user does, with ./herald serve: its JVM (Java 25 where there is one), its options and its
# ahead-of-time cache, and the jar in herald-cli/target (HUB_JAR and HUB_OPTS do not apply then).
# SPLIT=1 holds the idle subscribers on a second hub process (port PORT+1): the disconnect then costs the machine
# (the kernel's closing of every connection, the other hub's work) but not the readers' hub, which shows how much of
# the readers' stall this machine causes whatever the hub does. HUB_OPTS adds JVM options to the readers' hub (a
# flight recording, say). CHURN=N first connects N subscribers and kills them, twice, before the run: the hub has then
# seen 2N subscribers leave, as one that has served a while has, and its code for a departure is compiled; with
# CHURN=0 (the default) the mass disconnect is the first departure the hub's JVM ever handles.
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
if [[ ${LAUNCHER:-0} == 1 ]]; then
  ./herald serve --addr "127.0.0.1:$PORT" --jwt-key "$KEY" --anonymous --max-connections $((IDLE + READERS + 500)) \
    > "$OUT/hub.log" 2>&1 &
else
  java -Xms512m -Xmx2g ${HUB_OPTS:-} -jar "$HUB_JAR" serve --addr "127.0.0.1:$PORT" --jwt-key "$KEY" --anonymous \
    --max-connections $((IDLE + READERS + 500)) > "$OUT/hub.log" 2>&1 &
fi
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
subscribers() { curl -s -m 5 "http://127.0.0.1:$IDLE_PORT/healthz" | sed -n 's/.*"subscribers":\([0-9]*\).*/\1/p'; }
# Waits, 60 s at most, until the idle hub holds no more than $1 subscribers; asks every $2 seconds.
await_subscribers() {
  local deadline=$((SECONDS + 60)) now
  while now=$(subscribers); [[ -n $now && $now -gt $1 && $SECONDS -lt $deadline ]]; do sleep "$2"; done
}
CHURN=${CHURN:-0}
ROUNDS=0
[[ $CHURN -gt 0 ]] && ROUNDS=2
for ((round = 1; round <= ROUNDS; round++)); do
  java -Xmx1g -jar "$JAR" bench idle --subscribers "$CHURN" --duration 600s --warmup 0s --source-addresses 4 \
    --connect-phase 300s --topic churn --subscribe-url "http://127.0.0.1:$IDLE_PORT/.well-known/mercure?topic={topic}" \
    > "$OUT/churn.txt" 2> "$OUT/churn.progress" &
  CHURN_PID=$!
  for _ in $(seq 1 320); do
    grep -q "] hold" "$OUT/churn.progress" 2>/dev/null && break
    sleep 1
  done
  kill -KILL "$CHURN_PID"
  wait "$CHURN_PID" 2>/dev/null || true
  await_subscribers 0 0.1
  echo "churn round $round: $CHURN subscribers came and left"
done
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
# The readers' client gets a young generation it does not fill in the run: a collection of its own, which the kill's
# work on the machine stretched to 53 ms, would be counted as the hub's stall.
java -Xms2g -Xmx2g -Xmn1536m -XX:+AlwaysPreTouch -XX:+UseParallelGC -Xlog:gc:file="$OUT/readers-gc.log" \
  -jar "$JAR" bench fanout --subscribers "$READERS" --rate "$RATE" \
  --size "$SIZE" --duration "$((BEFORE + AFTER))s" --warmup 5s --topic readers \
  --subscribe-url "http://127.0.0.1:$PORT/.well-known/mercure?topic={topic}" \
  --publish-url "http://127.0.0.1:$PORT/.well-known/mercure" --token "$TOKEN" --target-pid "$HUB_PID" \
  --json "$OUT/fanout.json" > "$OUT/fanout.txt" 2> "$OUT/fanout.progress" &
FANOUT_PID=$!
PIDS+=($FANOUT_PID)
# The client numbers its seconds from its own start, after its JVM has started and touched its heap: the run's clock
# starts a second before the client reports its first.
for _ in $(seq 1 600); do
  grep -q '^\[ *1s\]' "$OUT/fanout.progress" 2>/dev/null && break
  sleep 0.05
done
START=$(echo "$(date +%s.%N) - 1" | bc)
sleep $((4 + BEFORE)) # the rest of the warm-up, then BEFORE seconds measured without the disconnect
KILLED=$(date +%s.%N)
kill -KILL "$IDLE_PID"
echo "killed the idle subscribers at $(date +%T.%N)"
# How long the hub takes to end the idle streams: /healthz's subscribers, asked every 20 ms, down to the readers.
LEFT=$READERS
[[ $SPLIT == 1 ]] && LEFT=0
await_subscribers "$LEFT" 0.02
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
