#!/usr/bin/env bash
# Inventory lookup throughput with 1,000,000 rows: the CSV index against the SQL source (embedded PostgreSQL from
# Maven Central, and H2), one query per item and one batch query per 4-item order, through the desk's own classes.
# Prints figures; nothing leaves the machine.
#
#   bench/inventory-lookups.sh [ROWS=1000000] [THREADS=8]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
THREADS=${2:-8}
mkdir -p bench/out
./mvnw -B -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/out/classpath.txt
CP="target/classes:target/test-classes:$(cat bench/out/classpath.txt)"
java -Xmx1g -Drows="$ROWS" -Dthreads="$THREADS" -cp "$CP" bench/InventoryLookups.java 2>&1 | grep -v -E "^(SLF4J|INFO:|[A-Z][a-z]{2} [0-9]+, [0-9]{4}|[0-9:.]+ (INFO|DEBUG|WARN))"
