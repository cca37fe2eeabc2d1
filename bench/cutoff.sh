#!/usr/bin/env bash
# Cutting off stalled subscribers without stalling the rest: the healthy subscribers' latency with and without
# stalled ones beside them, in one run, on loopback only. The slow scenario makes a share of the subscribers stop
# reading; every one of them passes --max-queued-bytes and is cut off at about the same time.
#
# Usage: bench/cutoff.sh [ROUNDS] [SUBSCRIBERS] [RATE] [SIZE] [SECONDS]
#   defaults: 2 rounds, 1000 subscribers (half of them stalling) x 50 ev/s x 13 KB x 30 s, about 20 MB published
# HUB_JAR picks the hub's jar (default herald-cli/target/herald.jar), so two builds can be compared.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-2}
SUBSCRIBERS=${2:-1000}
RATE=${3:-50}
SIZE=${4:-13000}
SECONDS_=${5:-30}
OUT=${OUT:-$(mktemp -d /tmp/herald-cutoff.XXXXXX)}
JAR=herald-cli/target/herald.jar
HUB_JAR=${HUB_JAR:-$JAR}
PORT=${PORT:-8096}
KEY=cutoff-sh-hmac-key-0123456789abcdef0123456789
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)
HUB_PID=
stop_hub() { [[ -n $HUB_PID ]] && kill "$HUB_PID" 2>/dev/null && wait "$HUB_PID" 2>/dev/null || true; }
trap stop_hub EXIT
source bench/wait-port.sh

java -Xms512m -Xmx2g -jar "$HUB_JAR" serve --addr "127.0.0.1:$PORT" --jwt-key "$KEY" --anonymous \
  > "$OUT/hub.log" 2>&1 &
HUB_PID=$!
wait_port "$PORT"
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
COMMON=(--subscribers "$SUBSCRIBERS" --rate "$RATE" --size "$SIZE" --duration "${SECONDS_}s" --publish-connections 1
  --subscribe-url "http://127.0.0.1:$PORT/.well-known/mercure?topic={topic}"
  --publish-url "http://127.0.0.1:$PORT/.well-known/mercure" --publish-format mercure --token "$TOKEN"
  --target-pid "$HUB_PID")
for round in $(seq 1 "$ROUNDS"); do
  # Alternating, so that drift on this machine falls on both alike.
  for share in 0 0.5; do
    echo "=== round $round: stalled share $share ($(cut -d' ' -f1-3 /proc/loadavg))"
    java "${BENCH_JVM[@]}" -jar "$JAR" bench slow "${COMMON[@]}" --slow-share "$share" --topic "c$round-$share-$$" \
      --json "$OUT/slow-$share-$round.json" 2> "$OUT/slow-$share-$round.progress"
  done
done
echo "reports in $OUT"
