#!/usr/bin/env bash
# CSV inventory at size: ROWS rows loaded into the index by the packaged desk started with a HEAP limit (-Xmx), then
# reloaded after the file changes. Prints the load and reload times the desk logs, the heap it uses with the index
# loaded (after a full GC, from jstat), its peak RSS, and a lookup through the desk's own rules path is not needed:
# bench/inventory-lookups.sh measures lookups. Polling is off; nothing leaves 127.0.0.1; bounded waits.
#
#   bench/inventory-csv.sh [ROWS=1000000] [HEAP=200m]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
HEAP=${2-200m}
OUT=bench/out/inventory
rm -rf "$OUT" && mkdir -p "$OUT"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
make_csv() { awk -v n="$ROWS" -v v="$1" 'BEGIN { print "TicketID,Quantity,Price,ETicket,Event,Section,Row";
  for (i = 1; i <= n; i++) printf "T%07d,%d,%d.%02d,%s,Some Event %d,%d,%s\n", i, (i + v) % 9, 20 + i % 300, i % 100, (i % 3 ? "true" : "false"), i % 5000, i % 400, "ABCDEFGH"; }'; }
make_csv 0 > "$OUT/inventory.csv"
echo "file: $ROWS rows, $(du -h "$OUT/inventory.csv" | cut -f1)"
TEVO_API_TOKEN=x TEVO_API_SECRET=y TEVO_REVIEWER_ID=1 NOTIFY_MAIL_TO=bench@localhost NOTIFY_MAIL_URI="file:$OUT/mail" \
TEVO_POLL_ENABLED=false INVENTORY_CSV_PATH="$OUT/inventory.csv" INVENTORY_CSV_CHECK_PERIOD=1s QUARKUS_HTTP_PORT=0 QUARKUS_MANAGEMENT_PORT=0 \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:./$OUT/desk;DB_CLOSE_ON_EXIT=FALSE" ETICKETS_INBOX_URI="file:$OUT/inbox" ETICKETS_WORK_DIR="$OUT/work" \
  java ${HEAP:+-Xmx$HEAP} ${JAVA_OPTS_DESK:-} -jar target/quarkus-app/quarkus-run.jar > "$OUT/desk.log" 2>&1 &
DESK=$!
trap 'kill $DESK 2>/dev/null || true' EXIT
loads() { grep -c "TicketIDs in" "$OUT/desk.log" || true; }
for _ in $(seq 1 240); do [ "$(loads)" -ge 1 ] && break; sleep 0.5; done
sleep 2; jcmd $DESK GC.run >/dev/null; sleep 1; [ -n "${HISTO:-}" ] && jmap -histo:live $DESK | head -14
heap=$(jstat -gc $DESK | awk 'NR==2 {printf "%d", ($3 + $4 + $6 + $8) / 1024}')   # S0U + S1U + EU + OU, MB
make_csv 1 > "$OUT/inventory.csv.new" && mv "$OUT/inventory.csv.new" "$OUT/inventory.csv"
for _ in $(seq 1 120); do [ "$(loads)" -ge 2 ] && break; sleep 0.5; done
grep -o "inventory .* loaded: .*" "$OUT/desk.log" | sed -e '1s#^#desk, first load: #' -e '2s#^#desk, reload after the file changed: #'
grep -q "OutOfMemoryError" "$OUT/desk.log" && echo "OUT OF MEMORY (see $OUT/desk.log)"
echo "heap used with the index loaded (after a full GC): $heap MB of $([ -n "$HEAP" ] && echo "-Xmx$HEAP" || echo "the default heap"); peak RSS $(( $(awk '/VmHWM/ {print $2}' /proc/$DESK/status) / 1024 )) MB ($(java -version 2>&1 | head -1))"
