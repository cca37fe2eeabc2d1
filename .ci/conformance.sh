#!/usr/bin/env bash
# Runs the official Mercure conformance suites (../shared/mercure, 1.0 and 0.x) against `./herald serve` on a
# loopback port, with the settings the suites expect; `conformance.sh sample` runs them against the Spring Boot
# sample's jar instead (herald-spring-boot-sample/target, built by mvn package), its hub served by its own Tomcat.
# Fails when a suite has a failure, or when any publication of a suite was not answered 200 (a "must not be
# received" case passes trivially when its update was refused).
set -euo pipefail
cd "$(dirname "$0")/.."
suite_runner=../shared/mercure/run-conformance.sh
if [ ! -x "$suite_runner" ] && [ ! -f "$suite_runner" ]; then
  echo "conformance: $suite_runner not found"
  exit 1
fi
port="${CONFORMANCE_PORT:-18080}"
log="$(mktemp -d)/hub.log"
case "${1:-herald}" in
  herald)
    ./herald serve --addr "127.0.0.1:$port" --jwt-key '!ChangeThisMercureHubJWTSecretKey!' --anonymous \
      --issuer https://localhost --resource-identifier https://localhost/.well-known/mercure >"$log" 2>&1 &
    health=/healthz ;;
  sample)
    jar=herald-spring-boot-sample/target/herald-spring-boot-sample.jar
    [ -f "$jar" ] || { echo "conformance: $jar not found: run mvn package first"; exit 1; }
    java -jar "$jar" --server.address=127.0.0.1 --server.port="$port" \
      --herald.hub.jwt-key='!ChangeThisMercureHubJWTSecretKey!' --herald.hub.anonymous=true \
      --herald.hub.issuers=https://localhost --herald.hub.resource-identifier=https://localhost/.well-known/mercure \
      >"$log" 2>&1 &
    health=/actuator/health ;;
  *) echo "usage: conformance.sh [herald|sample]"; exit 2 ;;
esac
hub=$!
trap 'kill "$hub" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fsS "http://127.0.0.1:$port$health" >/dev/null 2>&1 && break
  kill -0 "$hub" 2>/dev/null || { echo "conformance: the hub did not start"; cat "$log"; exit 1; }
  sleep 0.2
done

status=0
for rev in 1.0 0.x; do
  out=$(bash "$suite_runner" "http://127.0.0.1:$port/.well-known/mercure" "$rev") || status=1
  echo "$out"
  refused=$(echo "$out" | grep -o '"status":[0-9]*' | grep -vc '"status":200' || true)
  if [ "$refused" != "0" ]; then
    echo "conformance ($rev): $refused publication(s) not answered 200"
    status=1
  fi
done
[ "$status" = 0 ] || { echo "conformance: hub log follows"; tail -50 "$log"; }
exit "$status"
