#!/usr/bin/env bash
# Runs the same herald bench scenario against Herald and nginx+Nchan, alternately, on loopback only, and prints
# each run's table; JSON reports go to $OUT. Both servers are stopped at the end, however the script ends.
#
# Usage: bench/compare.sh [ROUNDS] [SUBSCRIBERS] [RATE] [SIZE] [SECONDS] [SCENARIO]
#   defaults: 2 rounds of fanout, 2000 subscribers x 10 ev/s x 100 B x 15 s
# Needs: herald-cli/target/herald.jar (mvn -pl herald-loadgen install && mvn -pl herald-cli package),
#        nginx with libnginx-mod-nchan.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-2}
SUBSCRIBERS=${2:-2000}
RATE=${3:-10}
SIZE=${4:-100}
SECONDS_=${5:-15}
SCENARIO=${6:-fanout}
OUT=${OUT:-/tmp/herald-compare}
source bench/hubs.sh "$SUBSCRIBERS"

# One publish connection (pipelined): two in flight on two connections may be applied in either order by any hub,
# which would count as reordering.
COMMON=(--subscribers "$SUBSCRIBERS" --rate "$RATE" --size "$SIZE" --duration "${SECONDS_}s" --publish-connections 1)
for round in $(seq 1 "$ROUNDS"); do
  topic="r$round-$$" # fresh per run: Nchan keeps messages of earlier runs
  echo "=== round $round: herald ($(cut -d' ' -f1-3 /proc/loadavg))"
  java "${BENCH_JVM[@]}" -jar "$JAR" bench "$SCENARIO" "${COMMON[@]}" --topic "h$topic" \
    --subscribe-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}" \
    --publish-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure" --publish-format mercure --token "$TOKEN" \
    --target-pid "$HERALD_PID" --json "$OUT/herald-$SCENARIO-$round.json" 2> "$OUT/herald-$SCENARIO-$round.progress"
  echo "=== round $round: nginx+nchan ($(cut -d' ' -f1-3 /proc/loadavg))"
  java "${BENCH_JVM[@]}" -jar "$JAR" bench "$SCENARIO" "${COMMON[@]}" --topic "n$topic" \
    --subscribe-url "http://127.0.0.1:$NCHAN_PORT/sub/{topic}" \
    --publish-url "http://127.0.0.1:$NCHAN_PORT/pub/{topic}" --publish-format raw \
    --target-pid "$NGINX_WORKERS" --json "$OUT/nchan-$SCENARIO-$round.json" 2> "$OUT/nchan-$SCENARIO-$round.progress"
done

if [[ -f ../shared/tools/loopback-ceiling.c ]]; then
  gcc -O2 -pthread -o "$OUT/loopback-ceiling" ../shared/tools/loopback-ceiling.c
  echo "=== loopback ceiling ($SUBSCRIBERS connections, ${SIZE} B events, 4 s)"
  "$OUT/loopback-ceiling" "$SUBSCRIBERS" 1 "$SIZE" 4
fi
