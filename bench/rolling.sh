#!/usr/bin/env bash
# A rolling restart at full size (BENCHMARKS.md, Rolling restart): two herald serve nodes on a private redis-server
# behind nginx (bench/rolling-nginx.conf), SUBSCRIBERS subscribers that behave as EventSource (--resume: back with
# their Last-Event-ID whenever a stream ends) and a publisher at RATE events/s retrying only 503 (--retry-503), both
# through nginx. Three runs, each on fresh nodes and an empty Redis, measured over the same window:
#   steady   nothing happens
#   drain    node A gets SIGTERM (it drains: --drain-delay, then its streams ended over --drain-time), is started
#            again once it has stopped, then node B the same way
#   nodrain  the same roll with --drain-time 0: every stream of a node ended at once
# Each run prints what was lost, duplicated or reordered, the publishes, the reconnections (the busiest second's, and
# the bound of twice SUBSCRIBERS over the drain time) and the delivery latency; the reports are in $OUT/*.json.
# Loopback only; everything started is stopped by PID at the end.
#
# Usage: bench/rolling.sh [SUBSCRIBERS] [RATE]     defaults: 5000 subscribers x 10 ev/s
# Env: DRAIN_DELAY (5s), DRAIN_TIME (10s), FAIL_TIMEOUT (nginx's, 3s), WINDOW (seconds measured, 100),
#      RUNS ("steady drain nodrain"), OUT (/tmp/herald-rolling), PORT (first of four loopback ports, 7390).
# Needs: herald-cli/target/herald.jar, redis-server, nginx, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${1:-5000}
RATE=${2:-10}
DRAIN_DELAY=${DRAIN_DELAY:-5s}
DRAIN_TIME=${DRAIN_TIME:-10s}
FAIL_TIMEOUT=${FAIL_TIMEOUT:-3s}
WINDOW=${WINDOW:-100}
RUNS=${RUNS:-steady drain nodrain}
OUT=${OUT:-/tmp/herald-rolling}
PORT=${PORT:-7390}
REDIS_PORT=$PORT
PORTS=($((PORT + 1)) $((PORT + 2)))
PROXY_PORT=$((PORT + 3))
JAR=herald-cli/target/herald.jar
KEY=rolling-sh-hmac-key-0123456789abcdef0123456789
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)
URL=http://127.0.0.1:$PROXY_PORT/.well-known/mercure

rm -rf "$OUT" && mkdir -p "$OUT/nginx"
source bench/wait-port.sh
for port in "$REDIS_PORT" "${PORTS[@]}" "$PROXY_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (PORT moves the four ports)" >&2
    exit 1
  fi
done

REDIS_PID=
NGINX_PID=
NODE_PIDS=("" "")
BENCH_PID=
stop_all() {
  for pid in "$BENCH_PID" "${NODE_PIDS[@]}" "$NGINX_PID" "$REDIS_PID"; do
    [[ -n $pid ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "$BENCH_PID" "${NODE_PIDS[@]}" "$NGINX_PID" "$REDIS_PID"; do
    [[ -n $pid ]] && wait "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$OUT" > "$OUT/redis.log" 2>&1 &
REDIS_PID=$!
sed -e "s/@LISTEN@/$PROXY_PORT/" -e "s/@NODE_A@/127.0.0.1:${PORTS[0]}/" -e "s/@NODE_B@/127.0.0.1:${PORTS[1]}/" \
  -e "s/@FAIL_TIMEOUT@/$FAIL_TIMEOUT/" bench/rolling-nginx.conf > "$OUT/nginx/nginx.conf"
nginx -p "$OUT/nginx/" -c "$OUT/nginx/nginx.conf" -e stderr > "$OUT/nginx.log" 2>&1 &
NGINX_PID=$!
wait_port "$REDIS_PORT"
wait_port "$PROXY_PORT"
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*' | tail -n 1)

# start_node INDEX DRAIN_TIME: node INDEX on its port, with the launcher's JVM options, logging to $OUT.
start_node() {
  java @herald-cli/jvm.options -jar "$JAR" serve --addr "127.0.0.1:${PORTS[$1]}" --jwt-key "$KEY" --anonymous \
    --transport "redis://127.0.0.1:$REDIS_PORT" --drain-delay "$DRAIN_DELAY" --drain-time "$2" \
    >> "$OUT/$RUN-node-$1.log" 2>&1 &
  NODE_PIDS[$1]=$!
}

wait_ready() { # INDEX: up to 60 s for /healthz/ready to answer 200
  for _ in $(seq 1 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORTS[$1]}/healthz/ready") == 200 ]] && return 0
    sleep 0.1
  done
  echo "node $1 was not ready within 60 s" >&2
  return 1
}

# roll INDEX DRAIN_TIME: SIGTERM, wait for the node to end, start it again, wait until it is ready.
roll() {
  local began=$SECONDS
  echo "  $(elapsed) SIGTERM node $1"
  kill -TERM "${NODE_PIDS[$1]}"
  wait "${NODE_PIDS[$1]}" || true
  echo "  $(elapsed) node $1 stopped after $((SECONDS - began)) s; starting it again"
  start_node "$1" "$2"
  wait_ready "$1"
  echo "  $(elapsed) node $1 ready"
}

elapsed() { echo "[$((SECONDS - WINDOW_START)) s]"; }

echo "machine: $(nproc) cores, open files $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$SUBSCRIBERS subscribers x $RATE ev/s through nginx; drain delay $DRAIN_DELAY, drain time $DRAIN_TIME;" \
  "nginx max_fails=1 fail_timeout=$FAIL_TIMEOUT; window $WINDOW s"
for RUN in $RUNS; do
  drain_time=$DRAIN_TIME
  [[ $RUN == nodrain ]] && drain_time=0
  redis-cli -p "$REDIS_PORT" flushall > /dev/null
  start_node 0 "$drain_time"
  start_node 1 "$drain_time"
  wait_ready 0
  wait_ready 1
  sleep "${FAIL_TIMEOUT%s}" # nginx takes back nodes it saw refuse the connection while they started
  java "${BENCH_JVM[@]}" -jar "$JAR" bench fanout --subscribers "$SUBSCRIBERS" --rate "$RATE" \
    --duration "${WINDOW}s" --drain 15s --source-addresses 4 --topic "https://example.com/rolling" \
    --subscribe-url "$URL?topic={topic}" --publish-url "$URL" --token "$TOKEN" --resume --retry-503 --pipeline 1 \
    --json "$OUT/$RUN.json" > "$OUT/$RUN.txt" 2> "$OUT/$RUN.progress" &
  BENCH_PID=$!
  until grep -q '] publish' "$OUT/$RUN.progress" 2>/dev/null; do
    kill -0 "$BENCH_PID" 2>/dev/null || { cat "$OUT/$RUN.progress" >&2; exit 1; }
    sleep 0.2
  done
  WINDOW_START=$SECONDS
  echo "$RUN: load average $(cut -d' ' -f1-3 /proc/loadavg) as the window opens"
  if [[ $RUN != steady ]]; then
    sleep 10
    roll 0 "$drain_time"
    sleep $(( ${FAIL_TIMEOUT%s} + 5 )) # nginx takes A back; its first subscribers are the new ones
    roll 1 "$drain_time"
  fi
  wait "$BENCH_PID" || true
  BENCH_PID=
  echo "  load average $(cut -d' ' -f1-3 /proc/loadavg) as the run ends"
  for i in 0 1; do kill "${NODE_PIDS[$i]}" 2>/dev/null || true; done
  for i in 0 1; do wait "${NODE_PIDS[$i]}" 2>/dev/null || true; done
  NODE_PIDS=("" "")
  python3 - "$RUN" "$OUT/$RUN.json" "$SUBSCRIBERS" "${DRAIN_TIME%s}" <<'PY'
import json, sys
run, path, n, drain = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
r = json.load(open(path)); l = r["latency_ms"]
print(f"  {run:8} published {r['published']} ({r['publish_retries']} retried after 503, {r['publish_errors']} unknown)"
      f"  missing {r['missing']} duplicated {r['duplicated']} reordered {r['reordered']}"
      f"  connected {r['connected']}/{r['subscribers']}")
print(f"  {run:8} reconnections {r['reconnects']}: busiest second {r['peak_reconnect_attempts_per_sec']} begun, "
      f"{r['peak_reconnects_per_sec']} answered (bound 2 x {n} / {drain:g} s = {2 * n / drain:.0f})")
print(f"  {run:8} delivery ms p50 {l['p50']:.1f}  p90 {l['p90']:.1f}  p99 {l['p99']:.1f}  p99.9 {l['p999']:.1f}"
      f"  max {l['max']:.1f}")
print(f"  {run:8} reconnections begun per second: {r['reconnect_attempts_per_sec']}")
PY
done
