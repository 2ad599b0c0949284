#!/usr/bin/env bash
# The buy side at size: the packaged desk in substitution.mode=auto against a fake TEvo that lists rejected purchase
# orders one at a time, each for an event with LISTINGS listings (bench/SubstitutionBench.java). Prints the time from a
# rejection being seen to the substitute being created, and the listings ranked per second. Nothing leaves 127.0.0.1.
#
#   bench/substitutions.sh [PURCHASES=20] [LISTINGS=5000] [LATENCY_MS=30]
set -euo pipefail
cd "$(dirname "$0")/.."
PURCHASES=${1:-20}
LISTINGS=${2:-5000}
LATENCY=${3:-30}
mkdir -p bench/out
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp package -DskipTests
[ -f bench/out/classpath.txt ] && [ -d target/test-classes ] || \
  ./mvnw -B -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/out/classpath.txt
CP="target/test-classes:$(cat bench/out/classpath.txt)"
# compiled together: the bench uses ConsoleBench's helpers (start-up wait, free port)
javac -nowarn -d bench/out/substitution-classes -cp "$CP" bench/SubstitutionBench.java bench/ConsoleBench.java
java ${BENCH_OPTS:-} -cp "bench/out/substitution-classes:$CP" SubstitutionBench "$PURCHASES" "$LISTINGS" "$LATENCY" 2>&1 \
  | grep -v -E "^(SLF4J|WARNING)"
