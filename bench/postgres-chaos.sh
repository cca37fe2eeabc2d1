#!/usr/bin/env bash
# Chaos on the PostgreSQL transport: PostgresChaosTest of herald-cli, with as many updates as asked. Two `herald serve`
# nodes on one private PostgreSQL (initdb into a temporary directory, a free loopback port) behind a private nginx
# (bench/rolling-nginx.conf); a subscriber through nginx that reconnects as an EventSource does; a publisher that
# retries each update with its id until it is answered 200. Node A gets SIGKILL a third of the way, PostgreSQL
# restarts two thirds of the way; the subscriber must hold exactly the log (every acknowledged update, in order, once);
# then both nodes restart and a subscriber from `earliest` must receive all of it. Everything it starts is stopped by
# PID, however it ends. Needs PostgreSQL's programs (/usr/lib/postgresql/*/bin) and nginx.
#
# Usage: bench/postgres-chaos.sh [UPDATES]      (default 1500)
set -euo pipefail
cd "$(dirname "$0")/.."
UPDATES=${1:-1500}
mvn -B -o -q -pl herald-cli -am verify -Dtest=PostgresChaosTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dherald.chaos.updates="$UPDATES" -DtrimStackTrace=true 2>&1 | grep -E "postgres chaos|Tests run|FAIL|expected" || true
test -z "$(grep -l '<failure\|<error' herald-cli/target/surefire-reports/TEST-dev.herald.cli.PostgresChaosTest.xml)"
