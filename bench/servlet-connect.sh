#!/usr/bin/env bash
# Subscribers connecting at once to the hub in a servlet container, against the SseEmitter broadcast of the Spring
# tutorials on the same Tomcat (bench/peers/sse-emitter): all with Spring Boot's default server settings, as a new
# user runs them. Two Herald targets: the sample application (its login, Spring Security's filters and the actuator
# in front of the hub, as in a real application) and Herald's starter alone in an otherwise empty application
# (bench/peers/herald-starter), the like-for-like counterpart of the peer. For each target, one at a time on
# loopback: WARMUPS unrecorded bursts (the JVM compiles its accept and stream paths), then ROUNDS bursts of
# SUBSCRIBERS idle subscribers opened as fast as accepted; prints, per round, how many connected and the connect
# rate, and the median rate's ratio to the peer. Every server it starts is stopped at the end, however the script
# ends.
#
# Usage: bench/servlet-connect.sh [SUBSCRIBERS]   (default 5000)
# Environment:
#   ROUNDS       measured bursts per target (default 3); WARMUPS unrecorded bursts before them (default 2)
#   SAMPLE_JAR   the hub in Tomcat (default the Spring Boot sample built here)
#   BEFORE_JAR   another build of the sample to measure beside it (a build before a change), optional
#   OUT          where results go (default a new directory under /tmp); SKIP_BUILD=1 uses the jars as they are
# Needs: JDK 17, Maven, python3, curl; ulimit -n of 2 x SUBSCRIBERS + 1000 or more.
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${1:-5000}
ROUNDS=${ROUNDS:-3}
WARMUPS=${WARMUPS:-2}
OUT=${OUT:-$(mktemp -d /tmp/herald-servlet-connect.XXXXXX)}
SAMPLE_JAR=${SAMPLE_JAR:-herald-spring-boot-sample/target/herald-spring-boot-sample.jar}
BEFORE_JAR=${BEFORE_JAR:-}
JAR=herald-cli/target/herald.jar
PEER_JAR=bench/peers/sse-emitter/target/sse-emitter-peer.jar
STARTER_JAR=bench/peers/herald-starter/target/herald-starter-peer.jar
KEY=servlet-connect-hmac-key-0123456789abcdef0123
PORT=8094
mkdir -p "$OUT"

build() {
  mvn -B -q "$@" >> "$OUT/build.log" 2>&1 || { tail -n 40 "$OUT/build.log" >&2; echo "build failed: mvn $*" >&2; exit 1; }
}
if [[ ${SKIP_BUILD:-} != 1 ]]; then
  echo "=== building"
  build package -DskipTests -P bench-peers -pl herald-cli,herald-spring-boot-sample,bench/peers/herald-starter -am
  build -f bench/peers/sse-emitter/pom.xml package
fi
if (( $(ulimit -n) < 2 * SUBSCRIBERS + 1000 )); then
  echo "bench/servlet-connect.sh: ulimit -n is $(ulimit -n); $SUBSCRIBERS subscribers need $((2 * SUBSCRIBERS + 1000))" >&2
  exit 1
fi

SERVER=
stop_server() {
  [[ -n $SERVER ]] || return 0
  kill "$SERVER" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=
}
trap stop_server EXIT

TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
# Only the port and the loopback address change from Spring Boot's defaults (Tomcat: 200 threads, accept count
# 100, 8,192 connections).
declare -A JARS=([sample]="$SAMPLE_JAR" [starter]="$STARTER_JAR" [emitter]="$PEER_JAR")
TARGETS="sample starter emitter"
if [[ -n $BEFORE_JAR ]]; then
  JARS[before]=$BEFORE_JAR
  TARGETS="before sample starter emitter"
fi
echo "machine: $(nproc) cores, open files $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg); results in $OUT"

# A servlet container learns that a subscriber left only when a write to it fails, and the first write after the
# close still succeeds: two updates on a burst's topic release its connections before the next burst, which would
# otherwise find the container's 8,192 connections taken.
sweep() { # topic
  for _ in 1 2; do
    curl -s -o /dev/null -m 10 -H "Authorization: Bearer $TOKEN" --data-urlencode "topic=$1" \
      --data-urlencode "data=sweep" "http://127.0.0.1:$PORT/.well-known/mercure" || true
    sleep 1
  done
}

burst() { # target json
  local topic="connect-$RANDOM"
  java -Xms256m -Xmx2g -XX:+UseParallelGC -jar "$JAR" bench idle --topic "$topic" --warmup 0 \
    --subscribers "$SUBSCRIBERS" --duration 1s --target-pid "$SERVER" --json "$2" \
    --subscribe-url "http://127.0.0.1:$PORT/.well-known/mercure?topic={topic}" \
    --publish-url "http://127.0.0.1:$PORT/.well-known/mercure" --token "$TOKEN" \
    > "${2%.json}.txt" 2> "${2%.json}.progress" || echo "  the run failed: $(tail -n 1 "${2%.json}.progress")"
  sweep "$topic"
}

for target in $TARGETS; do
  java -Xms512m -Xmx2g -jar "${JARS[$target]}" --server.port=$PORT --server.address=127.0.0.1 \
    --herald.hub.jwt-key="$KEY" --herald.hub.anonymous=true > "$OUT/$target.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    kill -0 "$SERVER" 2>/dev/null || { echo "$target exited; see $OUT/$target.log" >&2; exit 1; }
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.1
  done
  for warmup in $(seq 1 "$WARMUPS"); do
    echo "=== $target: warm-up burst $warmup of $SUBSCRIBERS (not recorded)"
    burst "$target" "$OUT/$target-warmup-$warmup.json"
  done
  for round in $(seq 1 "$ROUNDS"); do
    echo "=== $target: round $round ($(cut -d' ' -f1-3 /proc/loadavg))"
    burst "$target" "$OUT/$target-$round.json"
  done
  stop_server
done

python3 - "$OUT" "$ROUNDS" $TARGETS <<'PY' | tee "$OUT/results.md"
import json, statistics, sys
out, rounds, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
names = {"before": "Herald in Tomcat, BEFORE_JAR", "sample": "Herald in Tomcat (the sample)",
         "starter": "Herald's starter alone, same Tomcat", "emitter": "SseEmitter map, same Tomcat"}
median = {}
print("| Target | Connected per round | Connect/s per round | Median connect/s |")
print("|---|---|---|---|")
for t in targets:
    runs = []
    for r in range(1, rounds + 1):
        try:
            runs.append(json.load(open(f"{out}/{t}-{r}.json")))
        except (OSError, ValueError):
            pass
    if not runs:
        continue
    median[t] = statistics.median(j["connect_per_sec"] for j in runs)
    connected = "; ".join(f"{j['connected']:,} / {j['subscribers']:,}" for j in runs)
    rates = "; ".join(f"{j['connect_per_sec']:,.0f}" for j in runs)
    print(f"| {names[t]} | {connected} | {rates} | {median[t]:,.0f} |")
if "emitter" in median:
    for t in median:
        print(f"\n{names[t]}: {median[t] / median['emitter']:.2f}x the SseEmitter map's median rate", end="")
    print()
PY
