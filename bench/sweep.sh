#!/usr/bin/env bash
# Finds the highest sustained delivery rate with p99 under a bound: runs herald bench fanout against Herald and
# nginx+Nchan, alternately, at rising publish rates with a fixed subscriber count, on loopback only, and prints one
# line per run. Both servers are stopped at the end, however the script ends.
#
# Usage: bench/sweep.sh SUBSCRIBERS SECONDS RATE...      e.g. bench/sweep.sh 1000 10 20 40 60 80 100
# Needs what bench/compare.sh needs. HUBS="herald" (or "nchan") runs one hub only.
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=$1
SECONDS_=$2
shift 2
HERALD_PORT=8090
NCHAN_PORT=8091 # fixed in bench/nchan.conf
OUT=${OUT:-/tmp/herald-sweep}
JAR=herald-cli/target/herald.jar
KEY=compare-sh-hmac-key-0123456789abcdef0123456789
HERALD_JVM=(-Xms512m -Xmx2g)
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)

mkdir -p "$OUT/nginx"
HERALD_PID=
NGINX_PID=
stop_servers() {
  [[ -n $HERALD_PID ]] && kill "$HERALD_PID" 2>/dev/null && wait "$HERALD_PID" 2>/dev/null || true
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
}
trap stop_servers EXIT

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "port $1 did not open" >&2
  return 1
}

java "${HERALD_JVM[@]}" -jar "$JAR" serve --addr "127.0.0.1:$HERALD_PORT" --jwt-key "$KEY" --anonymous \
  > "$OUT/herald.log" 2>&1 &
HERALD_PID=$!
nginx -c "$PWD/bench/nchan.conf" -p "$OUT/nginx/" > "$OUT/nginx.log" 2>&1 &
NGINX_PID=$!
wait_port $HERALD_PORT
wait_port $NCHAN_PORT
sleep 1
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | paste -sd, -)
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); herald JVM ${HERALD_JVM[*]}"

summary() { # hub rate json
  python3 - "$@" <<'PY'
import json, sys
hub, rate, path = sys.argv[1:4]
r = json.load(open(path))
l = r["latency_ms"]
print(f"{hub:7} rate {float(rate):6.0f} ev/s  delivered {r['delivered_per_sec']:9.0f}/s  "
      f"missing {r['missing']}  p50 {l['p50']:8.1f}  p99 {l['p99']:8.1f}  max {l['max']:8.1f} ms")
PY
}

HUBS=${HUBS:-herald nchan}
# One unrecorded idle run against each first, as in compare.sh: a hub in service has compiled its accept path.
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$SUBSCRIBERS" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}" > /dev/null 2>&1
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$SUBSCRIBERS" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$NCHAN_PORT/sub/{topic}" > /dev/null 2>&1
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
done
