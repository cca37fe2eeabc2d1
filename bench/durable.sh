#!/usr/bin/env bash
# What durability costs a publisher: a hub on the memory transport and one on SQLite (`--sync full` unless
# SQLITE_ARGS says otherwise), both of this build, measured in turn each round under one generator, on loopback only:
# pipelined 100 B publishes (8 connections, 128 requests in flight each, offered 30,000/s) and the publish latency
# at 1,000/s one request at a time. The hubs are stopped at the end, however the script ends.
#
# Usage: bench/durable.sh [ROUNDS] [SECONDS]      (default 3 rounds of 15 s a measurement)
#   SQLITE_ARGS replaces the durable hub's options (default: --transport sqlite:/tmp/durable-bench.db, removed first)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-3}
SECONDS_=${2:-15}
OUT=${OUT:-$(mktemp -d /tmp/herald-durable.XXXXXX)}
mkdir -p "$OUT"
JAR=herald-cli/target/herald.jar
SQLITE_ARGS=${SQLITE_ARGS:---transport sqlite:/tmp/durable-bench.db}
if [[ $SQLITE_ARGS =~ sqlite:([^ ]+) ]]; then rm -f "${BASH_REMATCH[1]}"{,-wal,-shm,.lock}; fi
KEY=durable-sh-hmac-key-0123456789abcdef0123456789ab
declare -A PORT=([memory]=8196 [sqlite]=8197) ARGS=([memory]="" [sqlite]=$SQLITE_ARGS) PID=()
stop_hubs() { for pid in "${PID[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done; }
trap stop_hubs EXIT
source bench/wait-port.sh

for hub in memory sqlite; do
  # shellcheck disable=SC2086 # the serve options are words
  java -Xms512m -Xmx2g -jar "$JAR" serve --addr "127.0.0.1:${PORT[$hub]}" --jwt-key "$KEY" --anonymous \
    ${ARGS[$hub]} > "$OUT/hub-$hub.log" 2>&1 &
  PID[$hub]=$!
  wait_port "${PORT[$hub]}"
done
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')

run() { # hub round measure options...
  local hub=$1 round=$2 measure=$3
  shift 3
  java -Xms256m -Xmx2g -XX:+UseParallelGC -jar "$JAR" bench fanout --size 100 --duration "${SECONDS_}s" \
    --topic "durable$round$measure$$" "$@" \
    --subscribe-url "http://127.0.0.1:${PORT[$hub]}/.well-known/mercure?topic={topic}" \
    --publish-url "http://127.0.0.1:${PORT[$hub]}/.well-known/mercure" --token "$TOKEN" \
    --target-pid "${PID[$hub]}" > "$OUT/$hub-$measure-$round.txt" 2> "$OUT/$hub-$measure-$round.progress"
  local published publish
  published=$(awk '/^publishing/ { print $(NF - 3) }' "$OUT/$hub-$measure-$round.txt")
  publish=$(grep '^publish ms' "$OUT/$hub-$measure-$round.txt" | tr -s ' ')
  echo "round $round $hub $measure: $(awk -v n="$published" -v s="$SECONDS_" 'BEGIN { printf "%.0f/s", n / s }')" \
    "accepted | $publish"
}
for round in $(seq 1 "$ROUNDS"); do
  order=(memory sqlite)
  (( round % 2 )) || order=(sqlite memory)
  for hub in "${order[@]}"; do
    run "$hub" "$round" pipelined --subscribers 1 --rate 30000 --publish-connections 8 --pipeline 128
  done
  for hub in "${order[@]}"; do
    run "$hub" "$round" p99 --subscribers 10 --rate 1000 --publish-connections 1
  done
done
echo "reports in $OUT"
