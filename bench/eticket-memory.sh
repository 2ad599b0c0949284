#!/usr/bin/env bash
# E-ticket delivery of a large PDF: a SIZE_MB two-page PDF dropped into the packaged desk's inbox and delivered
# (deliver_etickets, base64 in JSON) to a fake TEvo. Prints the delivery time and the desk's heap above its idle
# baseline while it delivers, sampled every 20 ms with jstat (garbage included, so the figure is an upper bound).
#
#   bench/eticket-memory.sh [SIZE_MB=50]
#
# Everything runs on 127.0.0.1; every wait is bounded; nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-50}
OUT=bench/out/memory
rm -rf "$OUT" && mkdir -p "$OUT/inbox"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
python3 bench/make-big-pdf.py "$OUT/950001-7.pdf" "$SIZE"
FILE_BYTES=$(stat -c %s "$OUT/950001-7.pdf")

PORT=$((20000 + RANDOM % 20000))
java -Dsun.net.httpserver.nodelay=true bench/FakeTevo.java "$PORT" 0 1 > "$OUT/fake.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -s "http://127.0.0.1:$PORT/stats" >/dev/null 2>&1 && break; sleep 0.2; done

TEVO_API_BASE_URL="http://127.0.0.1:$PORT" TEVO_API_TOKEN=bench-token TEVO_API_SECRET=bench-secret TEVO_REVIEWER_ID=1 \
NOTIFY_MAIL_TO=bench@localhost NOTIFY_MAIL_URI="file:$OUT/mail" TEVO_POLL_ENABLED=false INVENTORY_CSV_PATH=samples/inventory.csv \
ETICKETS_INBOX_URI="file:$OUT/inbox" ETICKETS_INBOX_POLL_DELAY=100 ETICKETS_INBOX_MIN_AGE=300 ETICKETS_MAX_FILE_SIZE=$((FILE_BYTES * 2)) \
ETICKETS_WORK_DIR="$OUT/work" QUARKUS_HTTP_PORT=0 QUARKUS_MANAGEMENT_PORT=0 QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:./$OUT/desk;DB_CLOSE_ON_EXIT=FALSE" \
  java -jar target/quarkus-app/quarkus-run.jar > "$OUT/desk.log" 2>&1 &
DESK=$!; pids+=($DESK)
for _ in $(seq 1 120); do grep -q "Listening on" "$OUT/desk.log" && break; sleep 0.5; done
sleep 2; jcmd $DESK GC.run >/dev/null; sleep 1
used() { jstat -gc $DESK | awk 'NR==2 {printf "%d", $3 + $4 + $6 + $8}'; }   # S0U + S1U + EU + OU, KB
base=$(used)
mv "$OUT/950001-7.pdf" "$OUT/inbox/950001-7.pdf"
dropped=$(date +%s%3N)
peak=$base
for _ in $(seq 1 3000); do
  u=$(used); [ "$u" -gt "$peak" ] && peak=$u
  at=$(curl -s "http://127.0.0.1:$PORT/stats" | sed -E 's/.*"deliveredAt":([0-9]+).*/\1/')
  [ "$at" != "0" ] && break
  sleep 0.02
done
for _ in $(seq 1 10); do u=$(used); [ "$u" -gt "$peak" ] && peak=$u; sleep 0.02; done
s=$(curl -s "http://127.0.0.1:$PORT/stats")
sent=$(echo "$s" | sed -E 's/.*"deliveredBytes":([0-9]+).*/\1/'); at=$(echo "$s" | sed -E 's/.*"deliveredAt":([0-9]+).*/\1/')
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), default heap settings"
echo "file: $((FILE_BYTES / 1048576)) MB PDF, request body sent: $((sent / 1048576)) MB (base64 in JSON)"
awk -v ms=$((at - dropped)) -v extra=$(( (peak - base) / 1024 )) -v file=$((FILE_BYTES / 1048576)) \
  'BEGIN { printf "delivered %.2f s after the drop (includes the inbox wait of 0.3-0.4 s); heap above idle baseline at peak: %d MB = %.2f x the file\n", ms / 1000, extra, extra / file }'
ls "$OUT/inbox/.done" | sed 's/^/moved to .done: /'
