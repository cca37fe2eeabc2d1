#!/usr/bin/env bash
# The hub in a servlet container against the hub on its own Netty server, and against the SseEmitter broadcast that
# Spring tutorials teach (bench/peers/sse-emitter), in one run on loopback only: for each target an idle run
# (memory per idle subscriber), a fan-out run (latency, nothing missing) and a stalled-subscriber pair (a tenth stop
# reading: are they cut off, are the others slowed), one target at a time. Prints tables with ratios to the Netty
# hub of the same round and writes them (results.md), the JSON reports and the servers' logs to $OUT. Every server
# it starts is stopped at the end, however the script ends; every run of the generator is bounded in time.
#
# Usage: bench/servlet.sh [SUBSCRIBERS] [RATE] [SIZE] [SECONDS]
#   defaults: 5000 subscribers x 10 ev/s x 100 B, 20 s of publishing
# Environment:
#   TARGETS           which targets, in order (default "netty tomcat emitter"); netty is the reference of the ratios
#   SAMPLE_JAR        the hub in Tomcat: the Spring Boot sample application
#                     (default herald-spring-boot-sample/target/herald-spring-boot-sample.jar, built if the module
#                     is in the reactor)
#   IDLE_SUBSCRIBERS  subscribers of the idle run (default SUBSCRIBERS)
#   ROUNDS            rounds of the fan-out and the stalled-subscriber pair, the targets in turn (default 1)
#   STALL_SUBSCRIBERS, STALL_SIZE, STALL_SECONDS
#                     the stalled-subscriber pair: fanout, then slow (a tenth stop reading), both at RATE with this
#                     many subscribers, events of this size, this long (default 100, 16384 and 40: a stalled
#                     reader's socket buffers on loopback hold about 4 MB, full after 25 s; the hubs' default bound
#                     of 256 KiB is then 1.6 s of events, which the readers stay well within; 0 subscribers skips it)
#   OUT               where results go (default a new directory under /tmp)
#   SKIP_BUILD=1      use the jars as they are
# Needs: JDK 17, Maven, python3, curl; ulimit -n of 2 x SUBSCRIBERS + 1000 or more (the targets hold a run's
# warm-up connections beside its subscribers, see TOMCAT_ARGS).
set -euo pipefail
cd "$(dirname "$0")/.."

SUBSCRIBERS=${1:-5000}
RATE=${2:-10}
SIZE=${3:-100}
SECONDS_=${4:-20}
IDLE_SUBSCRIBERS=${IDLE_SUBSCRIBERS:-$SUBSCRIBERS}
STALL_SUBSCRIBERS=${STALL_SUBSCRIBERS:-100}
STALL_SIZE=${STALL_SIZE:-16384}
STALL_SECONDS=${STALL_SECONDS:-40}
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-netty tomcat emitter}
OUT=${OUT:-$(mktemp -d /tmp/herald-servlet-bench.XXXXXX)}
SAMPLE_JAR=${SAMPLE_JAR:-herald-spring-boot-sample/target/herald-spring-boot-sample.jar}
JAR=herald-cli/target/herald.jar
PEER_JAR=bench/peers/sse-emitter/target/sse-emitter-peer.jar
KEY=servlet-sh-hmac-key-0123456789abcdef0123456789
mkdir -p "$OUT"

declare -A PORT=([netty]=8090 [tomcat]=8092 [emitter]=8093)
declare -A NAME=([netty]="Herald, Netty" [tomcat]="Herald in Tomcat" [emitter]="SseEmitter map")
declare -A PID=()
for target in $TARGETS; do
  [[ -n ${PORT[$target]:-} ]] || { echo "unknown target $target (netty, tomcat, emitter)" >&2; exit 2; }
done

# The same JVM flags for the three servers, those of bench/hubs.sh: a fixed heap range so that runs compare, G1.
# The generator runs on the parallel collector, as in bench/hubs.sh.
HUB_JVM=(-Xms512m -Xmx2g)
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)
# Both Tomcats get the same two changes from Spring Boot's defaults, for the run to measure the hub and not the
# generator's reach. max-connections: the servlet API tells an application of no closed connection before it writes
# to it, so a Tomcat holds the generator's 5,000 warm-up connections beside the subscribers until the next event
# or heartbeat, past the default of 8,192. max-keep-alive-requests: Tomcat closes a keep-alive connection after
# 100 requests by default, and the generator's one publish connection pipelines, so the requests already sent
# behind the hundredth would count as refused publishes.
TOMCAT_ARGS=(--server.address=127.0.0.1 --server.tomcat.max-connections=$((2 * SUBSCRIBERS + 1000))
  --server.tomcat.max-keep-alive-requests=-1)

# A graceful shutdown of Spring Boot waits up to 30 s for requests to end, and the peer's streams never do: after
# 10 s the servers still running are killed.
stop_servers() {
  for pid in "${PID[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${PID[@]}"; do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    (( alive )) || break
    sleep 0.1
  done
  for pid in "${PID[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_servers EXIT

wants() { [[ " $TARGETS " == *" $1 "* ]]; }

# Maven's output goes to a log, shown only when a build fails.
build() {
  mvn -B -q "$@" >> "$OUT/build.log" 2>&1 || { tail -n 40 "$OUT/build.log" >&2; echo "build failed: mvn $*" >&2; exit 1; }
}
if [[ ${SKIP_BUILD:-} != 1 ]]; then
  echo "=== building"
  build package -DskipTests -pl herald-cli -am
  # Built only when it is a module here and no other jar was named.
  if wants tomcat && [[ $SAMPLE_JAR == herald-spring-boot-sample/* ]] && [[ -f herald-spring-boot-sample/pom.xml ]]
  then
    build package -DskipTests -pl herald-spring-boot-sample -am
  fi
  if wants emitter; then
    build -f bench/peers/sse-emitter/pom.xml package
  fi
fi
if wants tomcat && [[ ! -f $SAMPLE_JAR ]]; then
  cat >&2 <<EOF
bench/servlet.sh: the hub in Tomcat needs the Spring Boot sample application, and $SAMPLE_JAR does not exist.
Build it (mvn -B -q package -DskipTests -pl herald-spring-boot-sample -am), name another with SAMPLE_JAR=..., or
leave that target out: TARGETS="netty emitter" bench/servlet.sh
EOF
  exit 1
fi
if (( $(ulimit -n) < 2 * SUBSCRIBERS + 1000 )); then
  echo "bench/servlet.sh: ulimit -n is $(ulimit -n); $SUBSCRIBERS subscribers need $((2 * SUBSCRIBERS + 1000))" >&2
  exit 1
fi

# Up to 60 s for a server to answer on its port; a Spring application on 2 busy cores takes several seconds.
wait_up() { # target
  local port=${PORT[$1]} pid=${PID[$1]}
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { echo "$1 exited; see $OUT/$1.log" >&2; return 1; }
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$1 did not open port $port; see $OUT/$1.log" >&2
  return 1
}

for target in $TARGETS; do
  port=${PORT[$target]}
  case $target in
    netty) command=(java "${HUB_JVM[@]}" -jar "$JAR" serve --addr "127.0.0.1:$port" --jwt-key "$KEY" --anonymous) ;;
    tomcat) command=(java "${HUB_JVM[@]}" -jar "$SAMPLE_JAR" --server.port="$port" "${TOMCAT_ARGS[@]}"
      --herald.hub.jwt-key="$KEY" --herald.hub.anonymous=true) ;;
    emitter) command=(java "${HUB_JVM[@]}" -jar "$PEER_JAR" --server.port="$port" "${TOMCAT_ARGS[@]}") ;;
  esac
  "${command[@]}" > "$OUT/$target.log" 2>&1 &
  PID[$target]=$!
done
for target in $TARGETS; do
  wait_up "$target"
done
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, open files $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for target in $TARGETS; do
  echo "${NAME[$target]}: pid ${PID[$target]}, 127.0.0.1:${PORT[$target]}, JVM ${HUB_JVM[*]}"
done
echo "results in $OUT"

# Every target speaks Mercure's paths and publish form, the peer by design.
bench() { # target scenario topic json [options...]
  local target=$1 scenario=$2 topic=$3 json=$4 port=${PORT[$1]}
  shift 4
  java "${BENCH_JVM[@]}" -jar "$JAR" bench "$scenario" --topic "$topic" "$@" \
    --subscribe-url "http://127.0.0.1:$port/.well-known/mercure?topic={topic}" \
    --publish-url "http://127.0.0.1:$port/.well-known/mercure" --publish-format mercure --token "$TOKEN" \
    --target-pid "${PID[$target]}" --json "$json" > "${json%.json}.txt" 2> "${json%.json}.progress" \
    || echo "  the run failed: $(tail -n 1 "${json%.json}.progress")"
}

# The Tomcat targets learn that a subscriber left only when a write to it fails, and the first write after the
# close still succeeds: two updates on the topic of a run that has ended release what it left, so that the next
# run starts with the connections and memory of the subscribers it opens only. The Netty hub needs none of it.
sweep() { # target topic
  for _ in 1 2; do
    curl -s -o /dev/null -m 10 -H "Authorization: Bearer $TOKEN" --data-urlencode "topic=$2" \
      --data-urlencode "data=sweep" "http://127.0.0.1:${PORT[$1]}/.well-known/mercure" || true
    sleep 0.5
  done
}

# One unrecorded idle run against each: a JVM compiles its accept and stream paths during its first tens of
# thousands of connections, and a hub in service is warm.
echo "=== warm-up: $SUBSCRIBERS idle subscribers on each (not recorded)"
for target in $TARGETS; do
  bench "$target" idle warmup "$OUT/$target-warmup.json" --subscribers "$SUBSCRIBERS" --duration 1s
  sweep "$target" warmup
done

# The idle run skips the generator's warm-up connections (the warm-up above did that), so that the target's growth
# is the subscribers' only. Two figures: RSS growth, as the generator reads it (it includes heap the collector merely
# touched), and the live heap from class histograms (each collects first) before and while the subscribers are held.
live_heap() { # pid
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ { print $3 }'
}
for target in $TARGETS; do
  echo "=== idle: ${NAME[$target]}, $IDLE_SUBSCRIBERS subscribers ($(cut -d' ' -f1-3 /proc/loadavg))"
  live_heap "${PID[$target]}" > "$OUT/$target-idle.heap"
  bench "$target" idle "idle-$$" "$OUT/$target-idle.json" --subscribers "$IDLE_SUBSCRIBERS" --duration 20s \
    --warmup 0s &
  idle=$!
  for _ in $(seq 1 600); do # the hold starts once every subscriber connected or the connect phase gave up
    grep -q ' hold ' "$OUT/$target-idle.progress" 2>/dev/null && break
    sleep 0.1
  done
  sleep 2
  live_heap "${PID[$target]}" >> "$OUT/$target-idle.heap"
  wait "$idle"
  sweep "$target" "idle-$$"
done

# Stalled subscribers: the same fan-out with and without a tenth of the subscribers that stop reading. The events
# are large enough for the stalled readers' socket buffers to fill within the run, so that the target has to choose
# between holding their backlog, cutting them off, or waiting for them. The generator does not see a cut-off (a
# reader that stopped reading reads no end of stream), so cut-offs are counted in the hubs' logs.
stall_pair() { # round target
  local round=$1 target=$2 before after
  for scenario in fanout slow; do
    echo "=== stall pair round $round, $scenario: ${NAME[$target]}, $STALL_SUBSCRIBERS x $RATE ev/s x $STALL_SIZE B" \
      "($(cut -d' ' -f1-3 /proc/loadavg))"
    before=$(grep -c "cutting off slow subscriber" "$OUT/$target.log" || true)
    bench "$target" "$scenario" "stall-$scenario-$round-$$" "$OUT/$target-stall-$scenario-$round.json" \
      --subscribers "$STALL_SUBSCRIBERS" --rate "$RATE" --size "$STALL_SIZE" --duration "${STALL_SECONDS}s" \
      --publish-connections 1
    after=$(grep -c "cutting off slow subscriber" "$OUT/$target.log" || true)
    echo $((after - before)) > "$OUT/$target-stall-$scenario-$round.cutoffs"
    sweep "$target" "stall-$scenario-$round-$$"
  done
}

# One publish connection: two publishes in flight on two connections may be applied in either order by any hub.
for round in $(seq 1 "$ROUNDS"); do
  for target in $TARGETS; do
    echo "=== fanout round $round: ${NAME[$target]} ($(cut -d' ' -f1-3 /proc/loadavg))"
    # Resets the peak RSS (VmHWM) of the process, so that the one read after the run is this run's.
    echo 5 > "/proc/${PID[$target]}/clear_refs" 2>/dev/null || true
    bench "$target" fanout "fanout-$round-$$" "$OUT/$target-fanout-$round.json" --subscribers "$SUBSCRIBERS" \
      --rate "$RATE" --size "$SIZE" --duration "${SECONDS_}s" --publish-connections 1
    awk '/^VmHWM:/ { print $2 * 1024 }' "/proc/${PID[$target]}/status" > "$OUT/$target-fanout-$round.peak"
    sweep "$target" "fanout-$round-$$"
  done
  if (( STALL_SUBSCRIBERS > 0 )); then
    for target in $TARGETS; do
      stall_pair "$round" "$target"
    done
  fi
done

python3 - "$OUT" "$RATE" "$SECONDS_" "$ROUNDS" "$STALL_SECONDS" $TARGETS > "$OUT/results.md" <<'PY'
import json, os, sys
out, rate, seconds, rounds, stall_seconds = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
    int(sys.argv[5])
targets = sys.argv[6:]
names = {"netty": "Herald, Netty", "tomcat": "Herald in Tomcat", "emitter": "SseEmitter map"}
due = int(rate * seconds) + 1  # the generator's event k is due at k / rate, from k = 0
def load(path):
    return json.load(open(path)) if os.path.exists(path) else None
def refused(j):
    return f", {j['publish_errors']} refused or lost" if j["publish_errors"] else ""
def ratio(value, reference):
    return f"{value / reference:.2f}x" if reference else "n/a"

print(f"Fan-out: {rate:g} ev/s for {seconds} s, {due} publishes due per round (the last may fall due as publishing "
      "stops); ratios to the Netty hub's figure of the same round. Latency counts delivered events only.\n")
print("| Round | Target | Delivered / expected | Missing | Publishes accepted / due | p50 / p99 / max (ms) "
      "| p99 vs Netty | Publish p99 (ms) | RSS end / peak (MiB) | Hub CPU |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in range(1, rounds + 1):
    ref = load(f"{out}/netty-fanout-{r}.json")
    for t in targets:
        j = load(f"{out}/{t}-fanout-{r}.json")
        if j is None:
            print(f"| {r} | {names[t]} | run failed | | | | | | | |")
            continue
        l = j["latency_ms"]
        peak = open(f"{out}/{t}-fanout-{r}.peak").read().strip() or "0"
        print(f"| {r} | {names[t]} | {j['delivered']:,} / {j['expected']:,} | {j['missing']:,} "
              f"| {j['published']} / {due}{refused(j)} | {l['p50']:.1f} / {l['p99']:.1f} / {l['max']:.1f} "
              f"| {ratio(l['p99'], ref['latency_ms']['p99']) if ref else 'n/a'} | {j['publish_ms']['p99']:.1f} "
              f"| {j['target_rss_bytes'] / 2**20:.0f} / {int(peak) / 2**20:.0f} | {j['target_cpu_percent']:.0f}% |")

print("\nIdle subscribers: the target's growth while they are held, per subscriber: RSS (what the generator reads) "
      "and live heap (class histograms).\n")
print("| Target | Connected | Connect/s | RSS before / after (MiB) | RSS per subscriber (B) | vs Netty "
      "| Live heap per subscriber (B) | vs Netty |")
print("|---|---|---|---|---|---|---|---|")
ref = load(f"{out}/netty-idle.json")
def heap_per(t, j):
    try:
        before, after = (int(x) for x in open(f"{out}/{t}-idle.heap").read().split())
        return (after - before) // j["connected"]
    except (OSError, ValueError, ZeroDivisionError):
        return None
ref_heap = heap_per("netty", ref) if ref else None
for t in targets:
    j = load(f"{out}/{t}-idle.json")
    if j is None:
        print(f"| {names[t]} | run failed | | | | | | |")
        continue
    per, heap = j["target_rss_per_subscriber_bytes"], heap_per(t, j)
    print(f"| {names[t]} | {j['connected']:,} / {j['subscribers']:,} | {j['connect_per_sec']:,.0f} "
          f"| {j['target_rss_before_bytes'] / 2**20:.0f} / {j['target_rss_bytes'] / 2**20:.0f} | {per:,} "
          f"| {ratio(per, ref['target_rss_per_subscriber_bytes']) if ref else 'n/a'} "
          f"| {'n/a' if heap is None else f'{heap:,}'} "
          f"| {ratio(heap, ref_heap) if heap is not None and ref_heap else 'n/a'} |")

stalls = [(r, t) for r in range(1, rounds + 1) for t in targets if os.path.exists(f"{out}/{t}-stall-slow-{r}.json")]
if stalls:
    stall_due = int(rate * stall_seconds) + 1
    size = load(f"{out}/{stalls[0][1]}-stall-slow-{stalls[0][0]}.json")["size"]
    print(f"\nStalled subscribers: the same fan-out ({rate:g} ev/s of {size:,} B for {stall_seconds} s, {stall_due} "
          "publishes due) without and with a tenth of the subscribers that stop reading; the readers' figures.\n")
    print("| Round | Target | Readers' p50 / p99 / max (ms), none stalled | The same, a tenth stalled | p99 ratio "
          "| Stalled cut off | Readers' deliveries / expected | Publishes accepted / due |")
    print("|---|---|---|---|---|---|---|---|")
    for r, t in stalls:
        base, slow = load(f"{out}/{t}-stall-fanout-{r}.json"), load(f"{out}/{t}-stall-slow-{r}.json")
        if base is None:
            print(f"| {r} | {names[t]} | run failed | | | | | |")
            continue
        b, s = base["latency_ms"], slow["latency_ms"]
        cut = open(f"{out}/{t}-stall-slow-{r}.cutoffs").read().strip()
        print(f"| {r} | {names[t]} | {b['p50']:.1f} / {b['p99']:.1f} / {b['max']:.1f} "
              f"| {s['p50']:.1f} / {s['p99']:.1f} / {s['max']:.1f} | {ratio(s['p99'], b['p99'])} "
              f"| {cut} of {slow['slow_subscribers']} | {slow['delivered']:,} / {slow['expected']:,} "
              f"| {slow['published']} / {stall_due}{refused(slow)} |")
PY
echo
cat "$OUT/results.md"
