#!/usr/bin/env bash
# Two builds of the hub under one generator, alternately, on loopback only: is a change slower? Each build serves
# on its own port for the whole run; rounds alternate which goes first, so drift on the machine falls on both.
#
# Usage: A_JAR=old.jar B_JAR=new.jar bench/ab.sh [ROUNDS] [SUBSCRIBERS] [RATE] [SIZE] [SECONDS]
#   defaults: 5 rounds of fanout, 10000 subscribers x 10 ev/s x 100 B x 20 s
# A_ARGS and B_ARGS add serve options to one side, so one build can be set against itself: B_JAR defaults to this
# checkout's and A_JAR to B_JAR when A_ARGS is given, e.g. the durable transport against the memory one:
#   B_ARGS="--transport sqlite:/tmp/ab-history.db" A_ARGS=" " bench/ab.sh 4 1000 100
# A_JVM and B_JVM replace one side's JVM options (default -Xms512m -Xmx2g), and HUB_JAVA the hubs' java, e.g. to
# set the launcher's options against others: HUB_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java A_JVM="..." B_JVM="..."
# SCENARIO=storm runs `bench storm` instead (every subscriber reconnects with Last-Event-ID halfway; the hubs are
# warm from the second round on).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-5}
SUBSCRIBERS=${2:-10000}
RATE=${3:-10}
SIZE=${4:-100}
SECONDS_=${5:-20}
OUT=${OUT:-$(mktemp -d /tmp/herald-ab.XXXXXX)}
mkdir -p "$OUT"
JAR=herald-cli/target/herald.jar
B_JAR=${B_JAR:-$JAR}
A_ARGS=${A_ARGS:-}
B_ARGS=${B_ARGS:-}
if [[ -n $A_ARGS || -n ${A_JVM:-} ]]; then A_JAR=${A_JAR:-$B_JAR}; fi
A_JAR=${A_JAR:?the baseline build: A_JAR=path/to/herald.jar (or A_ARGS to compare serve options)}
KEY=ab-sh-hmac-key-0123456789abcdef0123456789abcdef
HUB_JVM="-Xms512m -Xmx2g"
declare -A JVM=([a]=${A_JVM:-$HUB_JVM} [b]=${B_JVM:-$HUB_JVM})
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)
declare -A PORT=([a]=8186 [b]=8187) PID=()
stop_hubs() { for pid in "${PID[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done; }
trap stop_hubs EXIT
source bench/wait-port.sh

for build in a b; do
  jar=$A_JAR; args=$A_ARGS; [[ $build == b ]] && jar=$B_JAR && args=$B_ARGS
  # shellcheck disable=SC2086 # the JVM and serve options are words
  "${HUB_JAVA:-java}" ${JVM[$build]} -jar "$jar" serve --addr "127.0.0.1:${PORT[$build]}" --jwt-key "$KEY" --anonymous \
    --max-connections $((SUBSCRIBERS + 1000)) $args > "$OUT/hub-$build.log" 2>&1 &
  PID[$build]=$!
  wait_port "${PORT[$build]}"
done
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')

run() { # build round
  java "${BENCH_JVM[@]}" -jar "$JAR" bench "${SCENARIO:-fanout}" --subscribers "$SUBSCRIBERS" --rate "$RATE" \
    --size "$SIZE" --duration "${SECONDS_}s" --publish-connections 1 --topic "ab$2$1$$" \
    --subscribe-url "http://127.0.0.1:${PORT[$1]}/.well-known/mercure?topic={topic}" \
    --publish-url "http://127.0.0.1:${PORT[$1]}/.well-known/mercure" --token "$TOKEN" \
    --target-pid "${PID[$1]}" --json "$OUT/$1-$2.json" > "$OUT/$1-$2.txt" 2> "$OUT/$1-$2.progress"
  echo "round $2 $1: $(grep -E '^(deliveries|latency ms|reconnect ms|target)' "$OUT/$1-$2.txt" | tr -s ' ' | paste -sd'|')"
}
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then run a "$round"; run b "$round"; else run b "$round"; run a "$round"; fi
done
echo "reports in $OUT"
