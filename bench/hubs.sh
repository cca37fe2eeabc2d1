# Sourced by compare.sh and sweep.sh: starts Herald and nginx+Nchan on loopback, stops both when the script ends
# however it ends, and warms both with one unrecorded idle run of $1 subscribers. Sets HERALD_PORT, NCHAN_PORT,
# HERALD_PID, NGINX_WORKERS, TOKEN, JAR, HUB_JAR, HERALD_JVM and BENCH_JVM. Expects OUT and the working directory at the root.

HERALD_PORT=8090
NCHAN_PORT=8091 # fixed in bench/nchan.conf
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
stop_servers() {
  [[ -n $HERALD_PID ]] && kill "$HERALD_PID" 2>/dev/null && wait "$HERALD_PID" 2>/dev/null || true
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
}
trap stop_servers EXIT

source bench/wait-port.sh

java "${HERALD_JVM[@]}" -jar "$HUB_JAR" serve --addr "127.0.0.1:$HERALD_PORT" --jwt-key "$KEY" --anonymous \
  > "$OUT/herald.log" 2>&1 &
HERALD_PID=$!
nginx -c "$PWD/bench/nchan.conf" -p "$OUT/nginx/" > "$OUT/nginx.log" 2>&1 &
NGINX_PID=$!
wait_port $HERALD_PORT
wait_port $NCHAN_PORT
sleep 1
NGINX_WORKERS=$(pgrep -P "$NGINX_PID" | paste -sd, -)
TOKEN=$(java -jar "$JAR" token --jwt-key "$KEY" --publish '*')
echo "machine: $(nproc) cores, open files $(ulimit -n), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "herald pid $HERALD_PID (JVM ${HERALD_JVM[*]}), nginx master $NGINX_PID workers $NGINX_WORKERS"

# One unrecorded idle run against each: a JVM compiles its accept path during its first tens of thousands of
# connections, and a hub in service is warm. nginx gets the same run.
echo "=== warm-up: $1 idle subscribers on each (not recorded)"
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$1" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$HERALD_PORT/.well-known/mercure?topic={topic}" > /dev/null 2>&1
java "${BENCH_JVM[@]}" -jar "$JAR" bench idle --subscribers "$1" --duration 1s --topic warmup \
  --subscribe-url "http://127.0.0.1:$NCHAN_PORT/sub/{topic}" > /dev/null 2>&1
