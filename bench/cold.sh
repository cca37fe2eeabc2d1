#!/usr/bin/env bash
# Cold start: how a hub started seconds ago takes its first connections and its first reconnect storm, for Herald
# on each JVM at hand against nginx+Nchan, on loopback only. Unlike compare.sh nothing is warmed: every
# measurement gets a hub (or nginx) started for it alone, and `--warmup 0s` keeps the generator from warming it.
#
# Usage: bench/cold.sh [ROUNDS]      (default 1; the hubs take turns within a round)
#   HUBS="17 25 25aot nchan" (the default) picks what runs:
#     17     Herald on Java 17 (`java`, or JAVA17)
#     25     Herald on Java 25 (JAVA25, else the first /usr/lib/jvm/*25*), no AOT cache
#     25aot  the same with its AOT cache herald-cli/target/herald-VERSION.aot (made by `./herald aot`)
#     nchan  nginx + Nchan (bench/nchan.conf, on its own port)
# Herald is started by `./herald serve`, with the JVM options the launcher gives each JVM. The generator is one
# Java 17 build for all, started fresh for each run like the hubs, with compare.sh's flags.
# Each hub, each round:
#   connect  a fresh hub; `bench idle` opens 10,000 subscriber connections as fast as they are accepted;
#            reports the seconds from the first connect to the last stream open.
#   storm    a fresh hub; `bench storm`: 5,000 subscribers connect, 10 ev/s x 100 B are published for 15 s, and
#            halfway every subscriber drops its connection and reconnects with Last-Event-ID; reports the
#            reconnect p50/p99 of this first storm.
# Prints one line per measurement and a table of medians; JSON reports go to $OUT. Needs `ulimit -n` 20000.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-1}
HUBS=${HUBS:-17 25 25aot nchan}
OUT=$(realpath -m "${OUT:-/tmp/herald-cold}")
JAR=herald-cli/target/herald.jar
KEY=cold-sh-hmac-key-0123456789abcdef0123456789
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -n 1 || true)}
AOT=herald-cli/target/herald-$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "${JAVA25%/bin/java}/release" 2>/dev/null).aot
# Ports of their own, so that a compare.sh run elsewhere (8090, 8091) cannot be measured by mistake.
HERALD_PORT=8190
NCHAN_PORT=8191

rm -rf "$OUT" && mkdir -p "$OUT/nginx"
sed -e "s/127.0.0.1:8091/127.0.0.1:$NCHAN_PORT/" bench/nchan.conf > "$OUT/nchan.conf"
[[ -f $JAR ]] || { echo "no $JAR: build it first (./herald --help builds it)" >&2; exit 1; }
(( $(ulimit -n) >= 20000 )) || { echo "ulimit -n is $(ulimit -n); 10,000 connections need 20000" >&2; exit 1; }

# The CPU time the server has used since it started, in seconds (nginx: its workers). Less noisy than wall time
# on a shared machine; it includes the JIT compiling the connection path.
cpu_seconds() {
  local ticks=0 pid
  for pid in ${TARGET//,/ }; do ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f\n", t / hz }'
}

SERVER_PID=
stop_server() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}
trap stop_server EXIT
source bench/wait-port.sh

# start HUB LOG: starts a fresh server and sets SERVER_PID, TARGET (the pids to sample) and SUB_URL/PUB_URL/FORMAT.
start() {
  local hub=$1 log=$2
  case $hub in
    nchan)
      nginx -c "$OUT/nchan.conf" -p "$OUT/nginx/" > "$log" 2>&1 &
      SERVER_PID=$!
      wait_port $NCHAN_PORT
      sleep 0.2 # the workers
      TARGET=$(pgrep -P "$SERVER_PID" | paste -sd, -)
      SUB_URL="http://127.0.0.1:$NCHAN_PORT/sub/{topic}"
      PUB_URL="http://127.0.0.1:$NCHAN_PORT/pub/{topic}"
      FORMAT=raw
      return ;;
    17) java=$JAVA17 aot=off ;;
    25) java=$JAVA25 aot=off ;;
    25aot) java=$JAVA25 aot=on ;;
  esac
  # Through the launcher, which execs the JVM (so its PID is the hub's), with the options it gives that JVM.
  HERALD_JAVA=$java HERALD_AOT=$aot ./herald serve --addr "127.0.0.1:$HERALD_PORT" --jwt-key "$KEY" \
    --anonymous > "$log" 2>&1 &
  SERVER_PID=$!
  wait_port $HERALD_PORT
  TARGET=$SERVER_PID
  SUB_URL="http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}"
  PUB_URL="http://127.0.0.1:$HERALD_PORT/.well-known/mercure"
  FORMAT=mercure
}

field() { # json expression...: prints each
  python3 - "$@" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(str(eval(e, {}, {"r": r})) for e in sys.argv[2:]))
PY
}

runnable=()
for hub in $HUBS; do
  case $hub in
    17|nchan) runnable+=("$hub") ;;
    25) [[ -n $JAVA25 ]] && runnable+=("$hub") || echo "no Java 25: skipping 25" ;;
    25aot) if [[ -z $JAVA25 ]]; then echo "no Java 25: skipping 25aot"
           elif [[ ! $AOT -nt $JAR ]]; then echo "no AOT cache newer than the jar ($AOT; ./herald aot): skipping 25aot"
           else runnable+=("$hub"); fi ;;
    *) echo "unknown hub $hub" >&2; exit 2 ;;
  esac
done
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); Java 25: ${JAVA25:-none}"
echo "hubs: ${runnable[*]}; $ROUNDS round(s)"

for round in $(seq 1 "$ROUNDS"); do
  for hub in "${runnable[@]}"; do
    topic="c$round-$$"
    start "$hub" "$OUT/$hub-connect-$round.log"
    java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers 10000 --duration 1s --warmup 0s --topic "$topic" \
      --subscribe-url "$SUB_URL" --target-pid "$TARGET" --json "$OUT/$hub-connect-$round.json" \
      > "$OUT/$hub-connect-$round.txt" 2>&1
    cpu=$(cpu_seconds)
    echo "$cpu" > "$OUT/$hub-connect-$round.cpu"
    stop_server
    read -r connected secs p50 < <(field "$OUT/$hub-connect-$round.json" 'r["connected"]' \
      'round(r["connected"] / r["connect_per_sec"], 2)' 'r["connect_ms"]["p50"]')
    printf '%-6s round %d  connect 10,000: %s connected in %s s (connect p50 %s ms); server CPU %s s\n' \
      "$hub" "$round" "$connected" "$secs" "$p50" "$cpu"

    topic="s$round-$$"
    start "$hub" "$OUT/$hub-storm-$round.log"
    java "${BENCH_JVM[@]}" -jar "$JAR" bench storm --subscribers 5000 --rate 10 --duration 15s --warmup 0s \
      --publish-connections 1 --topic "$topic" --subscribe-url "$SUB_URL" --publish-url "$PUB_URL" \
      --publish-format "$FORMAT" --token "$TOKEN" --target-pid "$TARGET" --json "$OUT/$hub-storm-$round.json" \
      > "$OUT/$hub-storm-$round.txt" 2>&1
    stop_server
    read -r rate rp50 rp99 missing < <(field "$OUT/$hub-storm-$round.json" 'round(r["connect_per_sec"])' \
      'r["reconnect_ms"]["p50"]' 'r["reconnect_ms"]["p99"]' 'r["missing"]')
    printf '%-6s round %d  storm 5,000: first connects %s/s, reconnect p50 %s ms, p99 %s ms, missing %s\n' \
      "$hub" "$round" "$rate" "$rp50" "$rp99" "$missing"
  done
done

echo "=== medians over $ROUNDS round(s)"
python3 - "$OUT" "$ROUNDS" "${runnable[@]}" <<'PY'
import json, statistics, sys
out, rounds, hubs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def load(hub, kind, i): return json.load(open(f"{out}/{hub}-{kind}-{i}.json"))
print(f"{'hub':6}  {'connect 10,000 (s)':>18}  {'its server CPU (s)':>18}  {'storm reconnect p50 (ms)':>24}  {'p99 (ms)':>9}")
for hub in hubs:
    cpu = statistics.median(float(open(f"{out}/{hub}-connect-{i}.cpu").read()) for i in range(1, rounds + 1))
    secs = statistics.median(r["connected"] / r["connect_per_sec"] for r in (load(hub, "connect", i) for i in range(1, rounds + 1)))
    storms = [load(hub, "storm", i)["reconnect_ms"] for i in range(1, rounds + 1)]
    print(f"{hub:6}  {secs:18.2f}  {cpu:18.2f}  {statistics.median(s['p50'] for s in storms):24.1f}  {statistics.median(s['p99'] for s in storms):9.1f}")
PY
