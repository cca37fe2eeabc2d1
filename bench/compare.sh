#!/usr/bin/env bash
# Runs the same herald bench scenario against Herald, nginx+Nchan and Pushpin (when installed), in turn each
# round, on loopback only, prints each run's table and then one line per run; JSON reports go to $OUT. The servers
# are stopped at the end, however the script ends.
#
# Usage: bench/compare.sh [ROUNDS] [SUBSCRIBERS] [RATE] [SIZE] [SECONDS] [SCENARIO]
#   defaults: 2 rounds of fanout, 2000 subscribers x 10 ev/s x 100 B x 15 s
# Needs: herald-cli/target/herald.jar (mvn -pl herald-loadgen install && mvn -pl herald-cli package),
#        nginx with libnginx-mod-nchan; pushpin for the third target.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-2}
SUBSCRIBERS=${2:-2000}
RATE=${3:-10}
SIZE=${4:-100}
SECONDS_=${5:-15}
SCENARIO=${6:-fanout}
OUT=${OUT:-/tmp/herald-compare}
mkdir -p "$OUT"
rm -f "$OUT"/*-"$SCENARIO"-*.json "$OUT/loopback-ceiling.txt" # the summary reads only this run's
source bench/hubs.sh "$SUBSCRIBERS"

# One publish connection (pipelined): two in flight on two connections may be applied in either order by any hub,
# which would count as reordering.
COMMON=(--subscribers "$SUBSCRIBERS" --rate "$RATE" --size "$SIZE" --duration "${SECONDS_}s" --publish-connections 1)
run() { # NAME TOPIC PIDS ARGS...: one recorded run of the scenario against one target
  local name=$1 topic=$2 pids=$3
  shift 3
  echo "=== round $round: $name ($(cut -d' ' -f1-3 /proc/loadavg))"
  java "${BENCH_JVM[@]}" -jar "$JAR" bench "$SCENARIO" "${COMMON[@]}" --topic "$topic" "$@" --target-pid "$pids" \
    --json "$OUT/$name-$SCENARIO-$round.json" 2> "$OUT/$name-$SCENARIO-$round.progress" ||
    echo "=== $name failed: $(tail -n 1 "$OUT/$name-$SCENARIO-$round.progress")"
}
for round in $(seq 1 "$ROUNDS"); do
  topic="r$round-$$" # fresh per run: Nchan keeps messages of earlier runs
  run herald "h$topic" "$HERALD_PID" \
    --subscribe-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}" \
    --publish-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure" --publish-format mercure --token "$TOKEN"
  run nchan "n$topic" "$NGINX_WORKERS" \
    --subscribe-url "http://127.0.0.1:$NCHAN_PORT/sub/{topic}" \
    --publish-url "http://127.0.0.1:$NCHAN_PORT/pub/{topic}" --publish-format raw
  # Pushpin's publish API answers one request per connection and then closes it: no pipelining. Its subscribers
  # connect at a bounded rate (see bench/hubs.sh).
  if [[ -n $PUSHPIN_PIDS ]]; then
    run pushpin "p$topic" "$PUSHPIN_PIDS" \
      --subscribe-url "http://127.0.0.1:$PUSHPIN_PORT/sub/{topic}" \
      --publish-url "http://127.0.0.1:$PUSHPIN_PUBLISH_PORT/publish/" --publish-format grip --pipeline 1 \
      --connect-rate "$PUSHPIN_CONNECT_RATE"
  fi
done

if [[ -f ../shared/tools/loopback-ceiling.c ]]; then
  gcc -O2 -pthread -o "$OUT/loopback-ceiling" ../shared/tools/loopback-ceiling.c
  echo "=== loopback ceiling ($SUBSCRIBERS connections, ${SIZE} B events, 4 s)"
  "$OUT/loopback-ceiling" "$SUBSCRIBERS" 1 "$SIZE" 4 | tee "$OUT/loopback-ceiling.txt"
fi

echo "=== summary"
python3 - "$OUT" "$SCENARIO" "$ROUNDS" <<'PY'
import json, os, re, sys
out, scenario, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
ceiling = None
if os.path.exists(f"{out}/loopback-ceiling.txt"):
    m = re.search(r"([0-9]+) events/s written", open(f"{out}/loopback-ceiling.txt").read())
    ceiling = float(m.group(1)) if m else None
for rnd in range(1, rounds + 1):
    for name in ("herald", "nchan", "pushpin"):
        path = f"{out}/{name}-{scenario}-{rnd}.json"
        if not os.path.exists(path):
            if os.path.exists(f"{out}/{name}-{scenario}-{rnd}.progress"):
                print(f"round {rnd} {name:8} failed")
            continue
        r = json.load(open(path))
        l = r["latency_ms"]
        share = f"  {100 * r['delivered_per_sec'] / ceiling:4.0f}% of ceiling" if ceiling else ""
        print(f"round {rnd} {name:8} delivered {r['delivered']}/{r['expected']} ({r['delivered_per_sec']:.0f}/s{share})"
              f"  p50/p99/max {l['p50']:.1f}/{l['p99']:.1f}/{l['max']:.1f} ms"
              f"  RSS {r['target_rss_bytes'] / 2**20:.0f} MiB ({r['target_rss_per_subscriber_bytes']} B/sub)"
              f"  CPU {r['target_cpu_percent']:.0f}%  publish p50 {r['publish_ms']['p50']:.1f} ms")
PY
