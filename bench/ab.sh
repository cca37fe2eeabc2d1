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
# C_ARGS (or C_JAR) adds a third hub, the control: the same as A unless told, so one run shows how far two
# identical hubs drift apart beside how far B is from A, e.g. C_ARGS=" " with the durable example above.
# RESTART=K starts every hub afresh after each K rounds: two hubs of one build, side by side, have differed by a
# quarter at p50 over a whole run (BENCHMARKS.md, Durable history), so a comparison meant to hold needs several JVMs
# of each side, not only several rounds.
# Rounds rotate which hub goes first; the last lines give each round's B/A (and C/A) ratio of p50 and p99, and
# their medians.
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
BUILDS=(a b)
if [[ -n ${C_ARGS:-} || -n ${C_JAR:-} ]]; then BUILDS=(a b c); C_JAR=${C_JAR:-$A_JAR}; C_ARGS=${C_ARGS:-$A_ARGS}; fi
KEY=ab-sh-hmac-key-0123456789abcdef0123456789abcdef
HUB_JVM="-Xms512m -Xmx2g"
declare -A JVM=([a]=${A_JVM:-$HUB_JVM} [b]=${B_JVM:-$HUB_JVM} [c]=${A_JVM:-$HUB_JVM})
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)
declare -A PORT=([a]=8186 [b]=8187 [c]=8188) PID=()
stop_hubs() { for pid in "${PID[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done; }
trap stop_hubs EXIT
source bench/wait-port.sh

declare -A JARS=([a]=$A_JAR [b]=$B_JAR [c]=${C_JAR:-}) ARGS=([a]=$A_ARGS [b]=$B_ARGS [c]=${C_ARGS:-})
start_hubs() {
  for build in "${BUILDS[@]}"; do
    # shellcheck disable=SC2086 # the JVM and serve options are words
    "${HUB_JAVA:-java}" ${JVM[$build]} -jar "${JARS[$build]}" serve --addr "127.0.0.1:${PORT[$build]}" \
      --jwt-key "$KEY" --anonymous --max-connections $((SUBSCRIBERS + 1000)) ${ARGS[$build]} \
      >> "$OUT/hub-$build.log" 2>&1 &
    PID[$build]=$!
    wait_port "${PORT[$build]}"
  done
}
start_hubs
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
  if (( ${RESTART:-0} > 0 && round > 1 && (round - 1) % RESTART == 0 )); then stop_hubs; start_hubs; fi
  n=${#BUILDS[@]}
  for i in $(seq 0 $((n - 1))); do run "${BUILDS[$(((round - 1 + i) % n))]}" "$round"; done
done

ratios() { # build percentile: one ratio to A a round, then their median (any awk, not only gawk)
  local each
  each=$(for round in $(seq 1 "$ROUNDS"); do
    awk -v p="$2" '/^latency ms/ { for (i = 3; i < NF; i += 2) if ($i == p) print $(i + 1) }' \
      "$OUT/a-$round.txt" "$OUT/$1-$round.txt" | paste -sd' ' | awk '{ printf "%.2f\n", $2 / $1 }'
  done)
  sort -n <<< "$each" | awk -v name="${1^^}/A $2" -v each="$(paste -sd' ' <<< "$each")" '{ r[NR] = $1 }
    END { m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
          printf "%s, each round: %s; median %.2fx (%.2f to %.2f)\n", name, each, m, r[1], r[NR] }'
}
for build in "${BUILDS[@]:1}"; do
  if [[ ${SCENARIO:-fanout} == fanout ]]; then ratios "$build" p50; ratios "$build" p99; fi
done
echo "reports in $OUT"
