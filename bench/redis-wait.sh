#!/usr/bin/env bash
# Publish latency with and without WAIT: a private Redis master with one replica on loopback, two Herald nodes on
# it, one acknowledging a publish once Redis has it (--redis-replicas-to-wait 0), the other once the replica has it
# too (1, what auto chooses here). One publisher posts updates one after another (keep-alive, no pipelining) to each
# node in turn, after an unrecorded warm-up, and reports the latency of each node's publishes. Loopback only; stops
# what it started by PID.
#
# Usage: bench/redis-wait.sh [PUBLISHES] [ROUNDS]     defaults: 2000 publishes per node per round, 3 rounds
# Needs: herald-cli/target/herald.jar (./herald builds it), redis-server, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

PUBLISHES=${1:-2000}
ROUNDS=${2:-3}
OUT=${OUT:-/tmp/herald-redis-wait}
JAR=herald-cli/target/herald.jar
KEY=redis-wait-sh-hmac-key-0123456789abcdef0123456789
MASTER=${MASTER_PORT:-17391}
REPLICA=${REPLICA_PORT:-17392}
rm -rf "$OUT"; mkdir -p "$OUT/master" "$OUT/replica"

PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
source bench/wait-port.sh

redis-server --bind 127.0.0.1 --port "$MASTER" --save "" --appendonly no --dir "$OUT/master" \
  > "$OUT/master.log" 2>&1 &
PIDS+=($!)
wait_port "$MASTER"
redis-server --bind 127.0.0.1 --port "$REPLICA" --save "" --appendonly no --dir "$OUT/replica" \
  --replicaof 127.0.0.1 "$MASTER" > "$OUT/replica.log" 2>&1 &
PIDS+=($!)
wait_port "$REPLICA"
for _ in $(seq 1 100); do
  redis-cli -p "$MASTER" info replication | grep -q connected_slaves:1 && break
  sleep 0.1
done

node() { # port replicas-to-wait
  java -Xms256m -Xmx1g -jar "$JAR" serve --addr "127.0.0.1:$1" --jwt-key "$KEY" --anonymous \
    --transport "redis://127.0.0.1:$MASTER" --redis-stream "wait-$2" --redis-replicas-to-wait "$2" \
    > "$OUT/node-$1.log" 2>&1 &
  PIDS+=($!)
}
node 18121 0
node 18122 1
wait_port 18121; wait_port 18122
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); Redis $(redis-server --version | cut -d' ' -f3)"

python3 - "$TOKEN" "$PUBLISHES" "$ROUNDS" <<'PY'
import http.client, sys, time, urllib.parse
token, count, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
nodes = {"WAIT 0 (no replica)": 18121, "WAIT 1 (auto)": 18122}
conns = {name: http.client.HTTPConnection("127.0.0.1", port) for name, port in nodes.items()}
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/x-www-form-urlencoded"}
def publish(name, n):
    body = urllib.parse.urlencode({"topic": "https://example.com/wait", "id": f"{name[5]}-{n}", "data": "x" * 100})
    start = time.perf_counter_ns()
    conns[name].request("POST", "/.well-known/mercure", body, headers)
    response = conns[name].getresponse(); response.read()
    if response.status != 200:
        raise SystemExit(f"{name}: {response.status}")
    return (time.perf_counter_ns() - start) / 1e6
def pct(values, p):
    values = sorted(values); return values[min(len(values) - 1, int(len(values) * p))]
for name in nodes:  # warm-up, not recorded
    for n in range(count):
        publish(name, -1 - n)
for r in range(1, rounds + 1):
    for name in nodes:
        lat = [publish(name, r * 1_000_000 + n) for n in range(count)]
        print(f"round {r}  {name:20} {count} publishes  p50 {pct(lat, .5):6.3f}  p90 {pct(lat, .9):6.3f}"
              f"  p99 {pct(lat, .99):6.3f}  max {max(lat):7.3f} ms")
PY
