#!/usr/bin/env bash
# Finds the highest sustained delivery rate with p99 under a bound: runs herald bench fanout against Herald and
# nginx+Nchan (and Pushpin if asked), alternately, at rising publish rates with a fixed subscriber count, on loopback
# only, and prints one line per run. The servers are stopped at the end, however the script ends.
#
# Usage: bench/sweep.sh SUBSCRIBERS SECONDS RATE...      e.g. bench/sweep.sh 1000 10 20 40 60 80 100
# Needs what bench/compare.sh needs. HUBS="herald" (or "nchan", "pushpin", "herald pushpin"...) picks the hubs;
# the default is "herald nchan".
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=$1
SECONDS_=$2
shift 2
OUT=${OUT:-/tmp/herald-sweep}
source bench/hubs.sh "$SUBSCRIBERS"

summary() { # hub rate json
  python3 - "$@" <<'PY'
import json, sys
hub, rate, path = sys.argv[1:4]
r = json.load(open(path))
l = r["latency_ms"]
print(f"{hub:8} rate {float(rate):6.0f} ev/s  delivered {r['delivered_per_sec']:9.0f}/s  "
      f"missing {r['missing']}  p50 {l['p50']:8.1f}  p99 {l['p99']:8.1f}  max {l['max']:8.1f} ms")
PY
}

HUBS=${HUBS:-herald nchan}
for rate in "$@"; do
  topic="s$rate-$$"
  if [[ $HUBS == *herald* ]]; then
    java "${BENCH_JVM[@]}" -jar "$JAR" bench fanout --subscribers "$SUBSCRIBERS" --rate "$rate" \
      --duration "${SECONDS_}s" --topic "h$topic" \
      --subscribe-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}" \
      --publish-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure" --publish-format mercure --token "$TOKEN" \
      --target-pid "$HERALD_PID" --json "$OUT/herald-$rate.json" > "$OUT/herald-$rate.txt" 2>&1
    summary herald "$rate" "$OUT/herald-$rate.json"
  fi
  if [[ $HUBS == *nchan* ]]; then
    java "${BENCH_JVM[@]}" -jar "$JAR" bench fanout --subscribers "$SUBSCRIBERS" --rate "$rate" \
      --duration "${SECONDS_}s" --topic "n$topic" \
      --subscribe-url "http://127.0.0.1:$NCHAN_PORT/sub/{topic}" \
      --publish-url "http://127.0.0.1:$NCHAN_PORT/pub/{topic}" --publish-format raw \
      --target-pid "$NGINX_WORKERS" --json "$OUT/nchan-$rate.json" > "$OUT/nchan-$rate.txt" 2>&1
    summary nchan "$rate" "$OUT/nchan-$rate.json"
  fi
  if [[ $HUBS == *pushpin* && -n $PUSHPIN_PIDS ]]; then
    java "${BENCH_JVM[@]}" -jar "$JAR" bench fanout --subscribers "$SUBSCRIBERS" --rate "$rate" \
      --duration "${SECONDS_}s" --topic "p$topic" \
      --subscribe-url "http://127.0.0.1:$PUSHPIN_PORT/sub/{topic}" \
      --publish-url "http://127.0.0.1:$PUSHPIN_PUBLISH_PORT/publish/" --publish-format grip --pipeline 1 \
      --connect-rate "$PUSHPIN_CONNECT_RATE" \
      --target-pid "$PUSHPIN_PIDS" --json "$OUT/pushpin-$rate.json" > "$OUT/pushpin-$rate.txt" 2>&1
    summary pushpin "$rate" "$OUT/pushpin-$rate.json"
  fi
done
