#!/usr/bin/env bash
# The console's pages at size: the packaged desk with HELD held orders (each with the seed's order JSON) and AUDIT
# decision-audit rows in its H2 state store, an operator signed in, each page timed (bench/ConsoleBench.java):
# /console, /console/held, one order's page, /console/decisions (a day; a filtered week) and the whole audit as CSV.
# Prints p50/p99 per page and its size. Nothing leaves 127.0.0.1.
#
#   bench/console-pages.sh [HELD=1000] [AUDIT=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
HELD=${1:-1000}
AUDIT=${2:-100000}
mkdir -p bench/out
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp package -DskipTests
[ -f bench/out/classpath.txt ] && [ -d target/test-classes ] || \
  ./mvnw -B -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/out/classpath.txt
java ${BENCH_OPTS:-} -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:$(cat bench/out/classpath.txt)" bench/ConsoleBench.java "$HELD" "$AUDIT" 2>&1 \
  | grep -v -E "^(SLF4J|WARNING)"
