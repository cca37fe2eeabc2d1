#!/usr/bin/env bash
# Memory per idle subscriber of a hub started as a user starts it (./herald serve, its default JVM options), on
# loopback only: RSS before and after SUBSCRIBERS idle connections (one topic each), once the connects have settled,
# and the live heap per subscriber (a full collection's histogram, before and after).
#
# Usage: bench/idle-memory.sh [SUBSCRIBERS] [HOLD_SECONDS]   defaults: 19000 subscribers held 40 s
# WARM=1 first holds the same subscribers once, unrecorded, and waits for the hub to give back what that took: the
# figure is then what each subscriber costs a hub in service, without the one-off compiling of its connect path.
# HUB_CMD overrides how the hub starts (default ./herald serve), e.g. to compare JVM options or builds.
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${1:-19000}
HOLD=${2:-40}
PORT=${PORT:-8099}
OUT=${OUT:-$(mktemp -d /tmp/herald-idle.XXXXXX)}
JAR=herald-cli/target/herald.jar
HUB_PID=
stop_hub() { [[ -n $HUB_PID ]] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null || true; }
trap stop_hub EXIT
source bench/wait-port.sh

# The hub needs a connection budget above the subscribers (its default is the open-file limit less a tenth).
${HUB_CMD:-./herald serve} --addr "127.0.0.1:$PORT" --anonymous --max-connections $((SUBSCRIBERS + 500)) \
  > "$OUT/hub.log" 2>&1 &
HUB_PID=$!
wait_port "$PORT"
# ./herald execs the JVM, so the launcher's PID is the hub's.
live_heap() { jcmd "$HUB_PID" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}'; }
idle() {
  java -Xmx1g -jar "$JAR" bench idle --subscribers "$SUBSCRIBERS" --duration "$1" --warmup 0s \
    --source-addresses 4 --subscribe-url "http://127.0.0.1:$PORT/.well-known/mercure?topic={topic}" \
    --target-pid "$HUB_PID" "${@:2}"
}
if [[ ${WARM:-0} == 1 ]]; then
  idle 5s > "$OUT/warm-up.txt" 2>&1
  sleep 40 # longer than the periodic collection's 30 s (jvm.options), which returns the unused heap
fi
sleep 2
heap_before=$(live_heap)
# Several source addresses: one address has too few ephemeral ports for this many connections to one port.
idle "${HOLD}s" --json "$OUT/idle.json" 2> "$OUT/idle.progress" > "$OUT/idle.txt" &
BENCH=$!
# The histogram is taken while every connection is held, shortly before the bench ends.
sleep $((HOLD - 5))
heap_after=$(live_heap)
wait "$BENCH"
cat "$OUT/idle.txt"
echo "live heap   ${heap_before} B before, ${heap_after} B with the subscribers:" \
  "$(( (heap_after - heap_before) / SUBSCRIBERS )) B per subscriber"
echo "reports in $OUT"
