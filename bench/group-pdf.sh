#!/usr/bin/env bash
# Reading the seats of large ticket-group PDFs (one ticket per page) with the desk's TicketPdfs, side by side with the
# baseline (one text-stripper call per page, as before), then one cut. Prints figures; nothing leaves the machine.
#
#   bench/group-pdf.sh [PAGES=1000,5000,15000] [BASELINE_MAX_PAGES=5000]
set -euo pipefail
cd "$(dirname "$0")/.."
PAGES=${1:-1000,5000,15000}
BASELINE_MAX=${2:-5000}
mkdir -p bench/out
./mvnw -B -q -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/out/classpath.txt
CP="target/classes:target/test-classes:$(cat bench/out/classpath.txt)"
java -Xmx1g -Dpages="$PAGES" -DbaselineMaxPages="$BASELINE_MAX" -cp "$CP" bench/GroupPdfSeats.java 2>&1 \
  | grep -v -E "^(SLF4J|WARNING|WARN:|[A-Z][a-z]{2} [0-9]+, [0-9]{4}|[0-9:.]+ (INFO|DEBUG|WARN))"
