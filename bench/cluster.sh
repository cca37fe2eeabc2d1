#!/usr/bin/env bash
# Cross-node latency of a shared transport (Redis, or TRANSPORT): starts two Herald nodes on it and one node on the
# memory transport, then runs the same herald bench fanout three ways: single node (memory), single node (the shared
# transport: publish and subscribe on node A) and cross-node (publish on A, subscribe on B), after one unrecorded pass
# of each. Loopback only; stops the nodes at the end. ROUNDS (default 3) sets the recorded passes.
#
# Usage: bench/cluster.sh [SUBSCRIBERS] [RATE] [SECONDS]     defaults: 100 subscribers x 1000 ev/s x 20 s
# Needs: herald-cli/target/herald.jar and a Redis at $REDIS_URL (default redis://127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${1:-100}
RATE=${2:-1000}
SECONDS_=${3:-20}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
# The shared transport of the two nodes: Redis unless TRANSPORT names another (postgresql://..., say); NAME labels it.
TRANSPORT=${TRANSPORT:-$REDIS_URL}
NAME=${NAME:-redis}
OUT=${OUT:-/tmp/herald-cluster}
JAR=herald-cli/target/herald.jar
KEY=cluster-sh-hmac-key-0123456789abcdef0123456789
HERALD_JVM=(-Xms512m -Xmx2g)
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)
mkdir -p "$OUT"

PIDS=()
stop_nodes() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_nodes EXIT

source bench/wait-port.sh

node() { # port transport
  java "${HERALD_JVM[@]}" -jar "$JAR" serve --addr "127.0.0.1:$1" --jwt-key "$KEY" --anonymous --transport "$2" \
    > "$OUT/node-$1.log" 2>&1 &
  PIDS+=($!)
}
node 8101 "$TRANSPORT"
node 8102 "$TRANSPORT"
node 8103 memory
wait_port 8101; wait_port 8102; wait_port 8103
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $NAME; JVM ${HERALD_JVM[*]}"

run() { # label subscribe-port publish-port
  java "${BENCH_JVM[@]}" -jar "$JAR" bench fanout --subscribers "$SUBSCRIBERS" --rate "$RATE" --duration "${SECONDS_}s" \
    --topic "c$1-$$" --subscribe-url "http://127.0.0.1:$2/.well-known/mercure?topic={topic}" \
    --publish-url "http://127.0.0.1:$3/.well-known/mercure" --publish-format mercure --token "$TOKEN" \
    --json "$OUT/$1.json" > "$OUT/$1.txt" 2>&1
  python3 - "$1" "$OUT/$1.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[2])); l = r["latency_ms"]
print(f"{sys.argv[1]:14} published {r['published']:6}  delivered {r['delivered']:8} missing {r['missing']} "
      f"dup {r['duplicated']} reord {r['reordered']}  p50 {l['p50']:6.2f}  p90 {l['p90']:6.2f}  p99 {l['p99']:6.2f}  "
      f"max {l['max']:7.2f} ms")
PY
}
# A first pass, not recorded: a node compiles its Redis path during its first tens of thousands of appends (a cold
# node took 300 publishes/s at first and 1,500/s twenty seconds later).
SECONDS_KEEP=$SECONDS_
SECONDS_=10
run warmup-memory 8103 8103 > /dev/null
run warmup-one 8101 8101 > /dev/null
run warmup-cross 8102 8101 > /dev/null
SECONDS_=$SECONDS_KEEP
for round in $(seq 1 "${ROUNDS:-3}"); do
  run "memory-$round" 8103 8103
  run "$NAME-one-$round" 8101 8101
  run "$NAME-cross-$round" 8102 8101
done
