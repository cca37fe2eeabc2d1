#!/usr/bin/env bash
# The Redis master's CPU per hub node, reading from the master against reading from replicas: a private master with
# two replicas on loopback; for 1, 2 and 3 herald serve nodes (all on redis://, with --redis-read-from master, then
# replica), one publisher posts RATE updates a second for SECONDS to the first node while the master's and the
# replicas' CPU time is read from /proc. Subscribers are left out on purpose: a node fans out to its own subscribers
# from its one tail, so Redis sees one reader per node however many subscribers it has. Loopback only; stops what it
# started by PID.
#
# Usage: bench/redis-read-from.sh [RATE] [SECONDS]     defaults: 500 updates/s for 20 s
# Env: PORT (first of six loopback ports, 7590), OUT (/tmp/herald-read-from).
# Needs: herald-cli/target/herald.jar (./herald builds it), redis-server, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

RATE=${1:-500}
SECONDS_=${2:-20}
PORT=${PORT:-7590}
OUT=${OUT:-/tmp/herald-read-from}
JAR=herald-cli/target/herald.jar
KEY=read-from-sh-hmac-key-0123456789abcdef0123456789
DATA_PORTS=($PORT $((PORT + 1)) $((PORT + 2)))
NODE_PORTS=($((PORT + 3)) $((PORT + 4)) $((PORT + 5)))
rm -rf "$OUT" && mkdir -p "$OUT"
source bench/wait-port.sh

PIDS=()
NODE_PIDS=()
stop_nodes() {
  for pid in "${NODE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${NODE_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  NODE_PIDS=()
}
stop_all() {
  stop_nodes
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

declare -A PID_OF
for i in 0 1 2; do
  port=${DATA_PORTS[$i]}
  mkdir -p "$OUT/redis-$port"
  replica=()
  [[ $i -gt 0 ]] && replica=(--replicaof 127.0.0.1 "${DATA_PORTS[0]}")
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$OUT/redis-$port" \
    "${replica[@]}" > "$OUT/redis-$port.log" 2>&1 &
  PIDS+=($!); PID_OF[$port]=$!
  wait_port "$port"
done
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $RATE updates/s for $SECONDS_ s"

cpu() { # pid -> CPU ticks (user + system)
  awk '{print $14 + $15}' "/proc/$1/stat"
}

run() { # read-from nodes
  local mode=$1 count=$2
  for i in $(seq 0 $((count - 1))); do
    java -Xms256m -Xmx1g -jar "$JAR" serve --addr "127.0.0.1:${NODE_PORTS[$i]}" --jwt-key "$KEY" --anonymous \
      --transport "redis://127.0.0.1:${DATA_PORTS[0]}" --redis-read-from "$mode" --redis-stream "rf-$mode-$count" \
      > "$OUT/node-$mode-$count-$i.log" 2>&1 &
    NODE_PIDS+=($!)
  done
  for i in $(seq 0 $((count - 1))); do
    # A JVM starting on a loaded machine may take longer than wait_port's 10 s.
    wait_port "${NODE_PORTS[$i]}" 2>/dev/null || wait_port "${NODE_PORTS[$i]}" 2>/dev/null || wait_port "${NODE_PORTS[$i]}"
  done
  sleep 2
  local m0 r0 m1 r1
  m0=$(cpu "${PID_OF[${DATA_PORTS[0]}]}")
  r0=$(( $(cpu "${PID_OF[${DATA_PORTS[1]}]}") + $(cpu "${PID_OF[${DATA_PORTS[2]}]}") ))
  python3 - "${NODE_PORTS[0]}" "$TOKEN" "$RATE" "$SECONDS_" <<'PY'
import http.client, sys, time, urllib.parse
port, token, rate, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/x-www-form-urlencoded"}
start = time.time()
for n in range(rate * seconds):
    wait = start + n / rate - time.time()
    if wait > 0:
        time.sleep(wait)
    conn.request("POST", "/.well-known/mercure",
                 urllib.parse.urlencode({"topic": "https://example.com/rf", "data": "x" * 100}), headers)
    conn.getresponse().read()
PY
  m1=$(cpu "${PID_OF[${DATA_PORTS[0]}]}")
  r1=$(( $(cpu "${PID_OF[${DATA_PORTS[1]}]}") + $(cpu "${PID_OF[${DATA_PORTS[2]}]}") ))
  local hz
  hz=$(getconf CLK_TCK)
  python3 -c "import sys; m, r, s, hz = map(float, sys.argv[1:5]); print(f'read from {sys.argv[5]:8} {sys.argv[6]} node(s): master CPU {m / hz / s * 100:5.1f}%  replicas CPU {r / hz / s * 100:5.1f}% (both)')" \
    "$((m1 - m0))" "$((r1 - r0))" "$SECONDS_" "$hz" "$mode" "$count"
  stop_nodes
}
for count in 1 2 3; do
  run master "$count"
  run replica "$count"
done
