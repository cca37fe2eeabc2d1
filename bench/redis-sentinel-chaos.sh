#!/usr/bin/env bash
# Sentinel chaos (docs/cluster.md, BENCHMARKS.md): a Redis master, two replicas and three Sentinels on loopback, two
# herald serve nodes on redis-sentinel:// behind nginx (bench/rolling-nginx.conf), one subscriber that behaves as
# EventSource (back through nginx with its Last-Event-ID whenever its stream ends) and a publisher of UPDATES updates
# at RATE a second through nginx, retrying each with the same id until answered 200. The master is SIGKILLed a third
# of the way, node A two thirds of the way. At the end the subscriber must hold every acknowledged update, in order,
# once (an id seen twice must be one its publisher retried). Loopback only; everything started is stopped by PID.
#
# Usage: bench/redis-sentinel-chaos.sh [UPDATES] [RATE]     defaults: 1500 updates x 50/s
# Env: PORT (first of nine loopback ports, 7490), OUT (/tmp/herald-sentinel-chaos).
# Needs: herald-cli/target/herald.jar (./herald builds it), redis-server, redis-cli, nginx, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

UPDATES=${1:-1500}
RATE=${2:-50}
PORT=${PORT:-7490}
OUT=${OUT:-/tmp/herald-sentinel-chaos}
JAR=herald-cli/target/herald.jar
KEY=sentinel-chaos-sh-hmac-key-0123456789abcdef0123456789
DATA_PORTS=($PORT $((PORT + 1)) $((PORT + 2)))
SENTINEL_PORTS=($((PORT + 3)) $((PORT + 4)) $((PORT + 5)))
NODE_PORTS=($((PORT + 6)) $((PORT + 7)))
PROXY_PORT=$((PORT + 8))

rm -rf "$OUT" && mkdir -p "$OUT/nginx"
source bench/wait-port.sh
for port in "${DATA_PORTS[@]}" "${SENTINEL_PORTS[@]}" "${NODE_PORTS[@]}" "$PROXY_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (PORT moves the nine ports)" >&2
    exit 1
  fi
done

declare -A PID_OF
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

for i in 0 1 2; do
  port=${DATA_PORTS[$i]}
  mkdir -p "$OUT/redis-$port"
  replica=()
  [[ $i -gt 0 ]] && replica=(--replicaof 127.0.0.1 "${DATA_PORTS[0]}")
  redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no --dir "$OUT/redis-$port" \
    --repl-diskless-sync yes --repl-diskless-sync-delay 0 "${replica[@]}" > "$OUT/redis-$port.log" 2>&1 &
  PIDS+=($!); PID_OF[$port]=$!
  wait_port "$port"
done
for port in "${SENTINEL_PORTS[@]}"; do
  mkdir -p "$OUT/sentinel-$port"
  cat > "$OUT/sentinel-$port/sentinel.conf" <<CONF
port $port
bind 127.0.0.1
dir $OUT/sentinel-$port
sentinel monitor herald 127.0.0.1 ${DATA_PORTS[0]} 2
sentinel down-after-milliseconds herald 1000
sentinel failover-timeout herald 10000
CONF
  redis-server "$OUT/sentinel-$port/sentinel.conf" --sentinel > "$OUT/sentinel-$port.log" 2>&1 &
  PIDS+=($!)
  wait_port "$port"
done
for _ in $(seq 1 200); do
  state=$(redis-cli -p "${SENTINEL_PORTS[0]}" sentinel master herald | tr '\n' ' ')
  [[ $state == *"num-slaves 2 "* && $state == *"num-other-sentinels 2 "* ]] && break
  sleep 0.1
done

SENTINELS=$(printf '127.0.0.1:%s,' "${SENTINEL_PORTS[@]}")
TRANSPORT="redis-sentinel://${SENTINELS%,}#herald"
for port in "${NODE_PORTS[@]}"; do
  java -Xms256m -Xmx1g -jar "$JAR" serve --addr "127.0.0.1:$port" --jwt-key "$KEY" --anonymous \
    --transport "$TRANSPORT" > "$OUT/node-$port.log" 2>&1 &
  PIDS+=($!); PID_OF[$port]=$!
done
for port in "${NODE_PORTS[@]}"; do wait_port "$port"; done
sed -e "s/@LISTEN@/$PROXY_PORT/" -e "s/@NODE_A@/127.0.0.1:${NODE_PORTS[0]}/" \
  -e "s/@NODE_B@/127.0.0.1:${NODE_PORTS[1]}/" -e "s/@FAIL_TIMEOUT@/3s/" bench/rolling-nginx.conf \
  > "$OUT/nginx/nginx.conf"
nginx -p "$OUT/nginx/" -c "$OUT/nginx/nginx.conf" -e stderr > "$OUT/nginx.log" 2>&1 &
PIDS+=($!)
wait_port "$PROXY_PORT"
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $UPDATES updates at $RATE/s"

kill_master() {
  local port
  port=$(redis-cli -p "${SENTINEL_PORTS[0]}" sentinel get-master-addr-by-name herald | tail -1)
  echo "$(date +%T.%3N) SIGKILL the master (port $port, PID ${PID_OF[$port]})" >&2
  kill -9 "${PID_OF[$port]}"
}
kill_node() {
  echo "$(date +%T.%3N) SIGKILL node A (port ${NODE_PORTS[0]}, PID ${PID_OF[${NODE_PORTS[0]}]})" >&2
  kill -9 "${PID_OF[${NODE_PORTS[0]}]}"
}
mkfifo "$OUT/events"
python3 - "$PROXY_PORT" "$TOKEN" "$UPDATES" "$RATE" "$OUT/events" <<'PY' &
import http.client, json, sys, threading, time, urllib.parse
port, token, updates, rate, events = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
topic = "https://example.com/sentinel-chaos"
received, reconnects, acknowledged, retried, failed = [], [0], [], set(), [0]
done = threading.Event()

def subscribe():
    last = None
    while not done.is_set():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            headers = {"Accept": "text/event-stream"}
            if last:
                headers["Last-Event-ID"] = last
            conn.request("GET", "/.well-known/mercure?topic=" + urllib.parse.quote(topic, safe=""), headers=headers)
            response = conn.getresponse()
            if response.status != 200:
                response.read(); time.sleep(0.2); continue
            event_id = None
            while not done.is_set():
                line = response.fp.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if line.startswith("id:"):
                    event_id = line[3:].strip()
                elif line == "" and event_id is not None:
                    received.append(event_id); last = event_id; event_id = None
        except Exception:
            time.sleep(0.2)
        reconnects[0] += 1

threading.Thread(target=subscribe, daemon=True).start()
time.sleep(1)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/x-www-form-urlencoded"}
control = open(events, "w")
start = time.time()
conn = None
for n in range(updates):
    if n == updates // 3:
        control.write("master\n"); control.flush()
    if n == 2 * updates // 3:
        control.write("node\n"); control.flush()
    wait = start + n / rate - time.time()
    if wait > 0:
        time.sleep(wait)
    uid = f"c{n}"
    while True:
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            body = urllib.parse.urlencode({"topic": topic, "id": uid, "data": str(n)})
            conn.request("POST", "/.well-known/mercure", body, headers)
            response = conn.getresponse(); response.read()
            if response.status == 200:
                acknowledged.append(uid); break
        except Exception:
            conn = None
        failed[0] += 1; retried.add(uid); time.sleep(0.1)
control.write("end\n"); control.close()
deadline = time.time() + 30
while set(acknowledged) - set(received) and time.time() < deadline:
    time.sleep(0.2)
time.sleep(1)
done.set()
first = list(dict.fromkeys(received))
twice = len(received) - len(first)
unexplained = [i for i in received if received.count(i) > 1 and i not in retried]
in_order_once = first == acknowledged
print(f"published {len(acknowledged)} acknowledged of {updates}, {failed[0]} attempts failed, {len(retried)} retried;"
      f" subscriber received {len(received)} ({twice} repeats, {len(set(unexplained))} unexplained),"
      f" {reconnects[0]} reconnections; every acknowledged update in order once: {in_order_once}"
      f" (missing {len(set(acknowledged) - set(received))}); {time.time() - start:.1f} s")
sys.exit(0 if in_order_once and not unexplained else 1)
PY
PY_PID=$!
PIDS+=($PY_PID)
exec 4< "$OUT/events"
while read -r what <&4; do
  case $what in
    master) kill_master ;;
    node) kill_node ;;
    end) break ;;
  esac
done
wait "$PY_PID"
