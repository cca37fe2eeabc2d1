# Sourced by compare.sh and sweep.sh: starts Herald, nginx+Nchan and, if installed, Pushpin on loopback, stops them
# when the script ends however it ends, and warms each with one unrecorded idle run of $1 subscribers. Sets
# HERALD_PORT, NCHAN_PORT, PUSHPIN_PORT, PUSHPIN_PUBLISH_PORT, PUSHPIN_CONNECT_RATE, HERALD_PID, NGINX_WORKERS,
# PUSHPIN_PIDS (empty when Pushpin is not installed), TOKEN, JAR, HUB_JAR, HERALD_JVM and BENCH_JVM. Expects OUT and
# the working directory at the root. HERALD_PORT (default 8090) moves Herald; the other ports are fixed in the
# configurations.

HERALD_PORT=${HERALD_PORT:-8090}
NCHAN_PORT=8091 # fixed in bench/nchan.conf, as is Pushpin's GRIP backend (8097)
PUSHPIN_PORT=7999 # subscribers; fixed in bench/pushpin/pushpin.conf
PUSHPIN_PUBLISH_PORT=5561 # its HTTP publish API; fixed there too
# Subscribers connect to Pushpin at this rate (the others: as fast as they are accepted). Its proxy passes each new
# request to its handler over a ZeroMQ socket of a fixed depth of 100 and answers 500 "Accept service unavailable"
# when that is full: on this 2-core machine, from about 1,000 new connections per second on.
PUSHPIN_CONNECT_RATE=${PUSHPIN_CONNECT_RATE:-500}
# The generator (and token minting) runs from JAR; the hub from HUB_JAR, so that two builds of the hub can be
# compared under one generator.
JAR=${JAR:-herald-cli/target/herald.jar}
HUB_JAR=${HUB_JAR:-$JAR}
KEY=compare-sh-hmac-key-0123456789abcdef0123456789
# Stated JVM flags: a fixed heap so runs are comparable; the default collector (G1) for the hub. The generator runs
# on the parallel collector: G1's concurrent refinement took a tenth of its CPU.
HERALD_JVM=(-Xms512m -Xmx2g)
BENCH_JVM=(-Xms256m -Xmx2g -XX:+UseParallelGC)

mkdir -p "$OUT/nginx"
HERALD_PID=
NGINX_PID=
PUSHPIN_PID= # the runner, which stops its services when stopped
PUSHPIN_PIDS=
stop_servers() {
  [[ -n $HERALD_PID ]] && kill "$HERALD_PID" 2>/dev/null && wait "$HERALD_PID" 2>/dev/null || true
  [[ -n $PUSHPIN_PID ]] && kill "$PUSHPIN_PID" 2>/dev/null && wait "$PUSHPIN_PID" 2>/dev/null || true
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
}
trap stop_servers EXIT

source bench/wait-port.sh
# A server already on one of the ports would be measured in place of the one started here.
for port in $HERALD_PORT $NCHAN_PORT 8097 $PUSHPIN_PORT $PUSHPIN_PUBLISH_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use (HERALD_PORT moves Herald's)" >&2
    exit 1
  fi
done

java "${HERALD_JVM[@]}" -jar "$HUB_JAR" serve --addr "127.0.0.1:$HERALD_PORT" --jwt-key "$KEY" --anonymous \
  > "$OUT/herald.log" 2>&1 &
HERALD_PID=$!
nginx -c "$PWD/bench/nchan.conf" -p "$OUT/nginx/" > "$OUT/nginx.log" 2>&1 &
NGINX_PID=$!
# Pushpin runs from its own directory under $OUT, which gets its run/ (ZeroMQ sockets, zurl.conf) and log/.
if command -v pushpin > /dev/null; then
  PUSHPIN_CONF=$PWD/bench/pushpin/pushpin.conf
  rm -rf "$OUT/pushpin" && mkdir -p "$OUT/pushpin"
  (cd "$OUT/pushpin" && exec pushpin --config "$PUSHPIN_CONF") > "$OUT/pushpin.log" 2>&1 &
  PUSHPIN_PID=$!
else
  echo "pushpin is not installed (apt-get install pushpin): running without it"
fi
wait_port $HERALD_PORT
wait_port $NCHAN_PORT
if [[ -n $PUSHPIN_PID ]]; then
  wait_port $PUSHPIN_PORT
  wait_port $PUSHPIN_PUBLISH_PORT
fi
sleep 1
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | paste -sd, -)
# What serves Pushpin's subscribers: condure (the connections), pushpin-proxy, pushpin-handler (the fan-out) and
# zurl (its requests to the backend); not the runner, as not nginx's master.
if [[ -n $PUSHPIN_PID ]]; then
  PUSHPIN_PIDS=$(pgrep -P "$PUSHPIN_PID" | paste -sd, -)
fi
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, open files $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "herald pid $HERALD_PID (JVM ${HERALD_JVM[*]}), nginx master $NGINX_PID workers $NGINX_WORKERS"
if [[ -n $PUSHPIN_PID ]]; then
  echo "$(pushpin --version), runner $PUSHPIN_PID, $(ps -o comm= -p "$PUSHPIN_PIDS" | paste -sd' ' -) $PUSHPIN_PIDS"
fi

# One unrecorded idle run against each: a JVM compiles its accept path during its first tens of thousands of
# connections, and a hub in service is warm. nginx gets the same run.
echo "=== warm-up: $1 idle subscribers on each (not recorded)"
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$1" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}" > /dev/null 2>&1
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$1" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$NCHAN_PORT/sub/{topic}" > /dev/null 2>&1
if [[ -n $PUSHPIN_PID ]]; then
  java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$1" --duration 1s --topic warmup \
    --connect-rate "$PUSHPIN_CONNECT_RATE" --subscribe-url "http://127.0.0.1:$PUSHPIN_PORT/sub/{topic}" > /dev/null 2>&1
fi
