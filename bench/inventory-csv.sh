#!/usr/bin/env bash
# CSV inventory at size: ROWS rows, loaded once into the index by the packaged desk. Prints the load time the desk
# logs and its peak RSS with the index in memory. Polling is off; nothing leaves 127.0.0.1; bounded waits.
#
#   bench/inventory-csv.sh [ROWS=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
OUT=bench/out/inventory
rm -rf "$OUT" && mkdir -p "$OUT"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
awk -v n="$ROWS" 'BEGIN { print "TicketID,Quantity,Price,ETicket,Event,Section,Row";
  for (i = 1; i <= n; i++) printf "T%07d,%d,%d.%02d,%s,Some Event %d,%d,%s\n", i, i % 9, 20 + i % 300, i % 100, (i % 3 ? "true" : "false"), i % 5000, i % 400, "ABCDEFGH"; }' > "$OUT/inventory.csv"
echo "file: $ROWS rows, $(du -h "$OUT/inventory.csv" | cut -f1)"
TEVO_API_TOKEN=x TEVO_API_SECRET=y TEVO_REVIEWER_ID=1 NOTIFY_MAIL_TO=bench@localhost NOTIFY_MAIL_URI="file:$OUT/mail" \
TEVO_POLL_ENABLED=false INVENTORY_CSV_PATH="$OUT/inventory.csv" QUARKUS_HTTP_PORT=0 \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:./$OUT/desk;DB_CLOSE_ON_EXIT=FALSE" \
  java -jar target/quarkus-app/quarkus-run.jar > "$OUT/desk.log" 2>&1 &
DESK=$!
trap 'kill $DESK 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do grep -q "TicketIDs in" "$OUT/desk.log" && break; sleep 0.5; done
sleep 2
grep -o "inventory .* loaded: .*" "$OUT/desk.log" | sed 's#^#desk: #'
echo "desk peak RSS with the index loaded: $(( $(awk '/VmHWM/ {print $2}' /proc/$DESK/status) / 1024 )) MB ($(java -version 2>&1 | head -1), default heap settings)"
