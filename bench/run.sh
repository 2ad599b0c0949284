#!/usr/bin/env bash
# Order desk under a burst of sales: the packaged desk, started fresh on its default settings, against a fake TEvo
# that answers every call after LATENCY_MS with orders in the seed's shape and size, next to the seed's naive
# sequential loop on the same fake, in one run (bench/DeskBench.java). Scenarios:
#   h2          ORDERS pending orders listed at once, embedded H2 state store (the default)
#   postgresql  the same on PostgreSQL (embedded PostgreSQL from Maven Central)
#   webhook     after a first burst of ORDERS polled orders, 50 orders each announced by a webhook carrying its
#               order JSON, 20 ms apart
#   limit       ORDERS orders on an API answering after LIMIT_LATENCY_MS (100) and 429 to every call above LIMIT in flight
#   naive       the seed's loop: list, check the inventory, accept, one call after the other
#   baseline    as h2, with the desk of an earlier commit: BASELINE=<commit> (checked out and built under
#               bench/out/baseline-<commit>, then used again); run first whenever BASELINE is set
# Prints per-order listing-to-accept p50/p99, the last accept, duplicate accepts, peak RSS, the desk's CPU (and of it
# the JIT compilers') and the ratio to the loop.
#
#   [BASELINE=<commit>] bench/run.sh [ORDERS=500] [LATENCY_MS=20] [LIMIT=10] [SCENARIOS=h2,postgresql,webhook,limit,naive] [LIMIT_LATENCY_MS=100]
#
# Everything runs on 127.0.0.1; every wait is bounded; nothing is left running. JAVA_OPTS_DESK: extra JVM options
# for the desk (e.g. a JFR recording); DESK_ENV: extra environment of the desk (K=V,K=V); BENCH_OPTS="-Dwarm=N
# -Dpoll.period=1s": after the burst, N more bursts of ORDERS on the same (now warm) desk, each printed.
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${1:-500}
LATENCY=${2:-20}
LIMIT=${3:-10}
SCENARIOS=${4:-h2,postgresql,webhook,limit,naive}
LIMIT_LATENCY=${5:-100}
mkdir -p bench/out
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp package -DskipTests
[ -f bench/out/classpath.txt ] && [ -d target/test-classes ] || \
  ./mvnw -B -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/out/classpath.txt
CP="target/test-classes:$(cat bench/out/classpath.txt)"
if [ -n "${BASELINE:-}" ]; then
  BASE_DIR="bench/out/baseline-$BASELINE"
  if [ ! -f "$BASE_DIR/target/quarkus-app/quarkus-run.jar" ]; then
    rm -rf "$BASE_DIR" && git worktree add -f -q "$BASE_DIR" "$BASELINE"
    (cd "$BASE_DIR" && ./mvnw -B -q -ntp package -DskipTests)
  fi
  BENCH_OPTS="${BENCH_OPTS:-} -Dbaseline.dir=$BASE_DIR"
  # the baseline desk runs first, whatever scenarios were asked for
  [[ ",$SCENARIOS," == *,baseline,* ]] || SCENARIOS="baseline,$SCENARIOS"
fi
java ${BENCH_OPTS:-} -Ddesk.env="${DESK_ENV:-}" -Dsun.net.httpserver.nodelay=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Ddesk.options="${JAVA_OPTS_DESK:-}" -cp "$CP" bench/DeskBench.java "$ORDERS" "$LATENCY" "$LIMIT" "$SCENARIOS" "$LIMIT_LATENCY" 2>&1 \
  | grep -v -E "^(SLF4J|WARNING|[A-Z][a-z]{2} [0-9]+, [0-9]{4}|[0-9:.]+ (INFO|DEBUG|WARN)|INFO:)"
