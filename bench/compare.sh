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
HERALD_PORT=8090
NCHAN_PORT=8091 # fixed in bench/nchan.conf
OUT=${OUT:-/tmp/herald-compare}
JAR=herald-cli/target/herald.jar
KEY=compare-sh-hmac-key-0123456789abcdef0123456789
# Stated JVM flags: a fixed heap so runs are comparable; the default collector (G1).
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

echo "machine: $(nproc) cores, open files $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "herald pid $HERALD_PID (JVM ${HERALD_JVM[*]}), nginx master $NGINX_PID workers $NGINX_WORKERS"
# One publish connection: two in flight may be applied in either order by any hub, which would count as reordering.
COMMON=(--subscribers "$SUBSCRIBERS" --rate "$RATE" --size "$SIZE" --duration "${SECONDS_}s" --publish-connections 1)
# One unrecorded idle run against each first: a JVM compiles its accept path during its first tens of thousands of
# connections, and a hub in service is warm. nginx gets the same run.
echo "=== warm-up: $SUBSCRIBERS idle subscribers on each (not recorded)"
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$SUBSCRIBERS" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}" > /dev/null 2>&1
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$SUBSCRIBERS" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$NCHAN_PORT/sub/{topic}" > /dev/null 2>&1
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
