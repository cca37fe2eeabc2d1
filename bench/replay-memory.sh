#!/usr/bin/env bash
# Memory a replay costs the hub: a hub with 10,000 updates of 10 KB in history, then SUBSCRIBERS subscribers resume
# from `earliest` over raw sockets and read nothing (as a stalled client would); prints the hub's RSS before and after,
# per subscriber. Loopback only; each jar gets a hub of its own, one after the other.
#
# Usage: bench/replay-memory.sh [SUBSCRIBERS] [JAR...]     (default 20, herald-cli/target/herald.jar)
#   HUB_ARGS adds serve options, e.g. HUB_ARGS="--transport sqlite:/tmp/replay-memory.db" (the file is removed first)
set -euo pipefail
cd "$(dirname "$0")/.."
SUBSCRIBERS=${1:-20}
shift || true
JARS=("$@")
(( ${#JARS[@]} )) || JARS=(herald-cli/target/herald.jar)
PORT=8290
for jar in "${JARS[@]}"; do
  if [[ ${HUB_ARGS:-} =~ sqlite:([^ ]+) ]]; then rm -f "${BASH_REMATCH[1]}"{,-wal,-shm,.lock}; fi
  python3 - "$jar" "$PORT" "$SUBSCRIBERS" ${HUB_ARGS:-} <<'PY'
import http.client, json, socket, subprocess, sys, time
jar, port, n, hub_args = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
key = "replay-memory-hmac-key-0123456789abcdef0123456789"
hub = subprocess.Popen(["java", "-Xms64m", "-Xmx2g", "-jar", jar, "serve", "--addr", f"127.0.0.1:{port}",
                        "--jwt-key", key, "--anonymous", "--history-size", "10000", *hub_args],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def rss_mib():
    with open(f"/proc/{hub.pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
try:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port)).close()
            break
        except OSError:
            time.sleep(0.1)
    token = subprocess.check_output(["java", "-jar", jar, "token", "--jwt-key", key, "--publish", "*"]).decode().strip()
    publisher = http.client.HTTPConnection("127.0.0.1", port)
    form = "topic=t&data=" + "x" * 10_000
    for i in range(10_000):
        publisher.request("POST", "/.well-known/mercure", f"{form}&id=u{i}", {"Authorization": "Bearer " + token,
                          "Content-Type": "application/x-www-form-urlencoded"})
        response = publisher.getresponse()
        response.read()
        assert response.status == 200, response.status
    time.sleep(2)
    before = rss_mib()
    subscribers = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        s.sendall(b"GET /.well-known/mercure?topic=t HTTP/1.1\r\nHost: hub\r\nAccept: text/event-stream\r\n"
                  b"Last-Event-ID: earliest\r\n\r\n")
        subscribers.append(s)
    time.sleep(5)
    after = rss_mib()
    print(json.dumps({"jar": jar, "subscribers": n, "rss_before_mib": round(before), "rss_after_mib": round(after),
                      "per_subscriber_mib": round((after - before) / n, 1)}))
    for s in subscribers:
        s.close()
finally:
    hub.terminate()
    hub.wait()
PY
done
