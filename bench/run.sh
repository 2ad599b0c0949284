#!/usr/bin/env bash
# Order desk throughput: ORDERS single-item fillable pending orders on a fake TEvo that answers every call after
# LATENCY_MS, accepted by the packaged desk (evaluating CONCURRENCY orders at once), next to the seed's naive
# sequential loop against the same fake. Prints the seconds until every order is accepted and the desk's peak RSS.
#
#   bench/run.sh [ORDERS=500] [LATENCY_MS=20] [CONCURRENCY=16]
#
# Everything runs on 127.0.0.1; every wait is bounded; nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."
ORDERS=${1:-500}
LATENCY=${2:-20}
CONCURRENCY=${3:-16}
OUT=bench/out
rm -rf "$OUT" && mkdir -p "$OUT"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

{ echo "TicketID,Quantity,Price,ETicket"; for i in $(seq 1 "$ORDERS"); do echo "BENCH-$i,1,40.00,true"; done; } > "$OUT/inventory.csv"

free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }; done; }
stat() { curl -s "http://127.0.0.1:$1/stats"; }
field() { sed -E "s/.*\"$1\":([0-9]+).*/\1/"; }
start_fake() {
  java -Dsun.net.httpserver.nodelay=true bench/FakeTevo.java "$1" "$ORDERS" "$LATENCY" > "$OUT/fake-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do stat "$1" >/dev/null 2>&1 && return; sleep 0.2; done
  echo "fake TEvo did not start" >&2; exit 1
}

# --- the desk ------------------------------------------------------------------------------------------------
PORT=$(free_port); start_fake "$PORT"
started=$(date +%s%3N)
TEVO_API_BASE_URL="http://127.0.0.1:$PORT" TEVO_API_TOKEN=bench-token TEVO_API_SECRET=bench-secret TEVO_REVIEWER_ID=1 \
NOTIFY_MAIL_TO=bench@localhost NOTIFY_MAIL_URI="file:$OUT/mail" TEVO_POLL_INITIAL_DELAY=0s TEVO_POLL_PERIOD=1h \
TEVO_EVALUATE_CONCURRENCY="$CONCURRENCY" INVENTORY_CSV_PATH="$OUT/inventory.csv" QUARKUS_HTTP_PORT=0 \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:h2:file:./$OUT/desk;DB_CLOSE_ON_EXIT=FALSE" \
  java -jar target/quarkus-app/quarkus-run.jar > "$OUT/desk.log" 2>&1 &
DESK=$!; pids+=($DESK)
peak=0; accepted=0
for _ in $(seq 1 1200); do
  rss=$(awk '/VmHWM/ {print $2}' /proc/$DESK/status 2>/dev/null || echo 0); [ "${rss:-0}" -gt "$peak" ] && peak=$rss
  accepted=$(stat "$PORT" | field accepted)
  [ "$accepted" -ge "$ORDERS" ] && break
  sleep 0.25
done
s=$(stat "$PORT"); first=$(echo "$s" | field first); last=$(echo "$s" | field last); dups=$(echo "$s" | field duplicates)
rss=$(awk '/VmHWM/ {print $2}' /proc/$DESK/status); [ "$rss" -gt "$peak" ] && peak=$rss
kill $DESK; wait $DESK 2>/dev/null || true
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "orders: $ORDERS single-item, fake TEvo latency ${LATENCY} ms per call"
printf 'tevo-routes (concurrency %s): %s of %s accepted in %.2f s from its first TEvo call (%.2f s from process start), duplicate accepts %s, peak RSS %d MB\n' \
  "$CONCURRENCY" "$accepted" "$ORDERS" "$(awk "BEGIN {print ($last - $first)/1000}")" "$(awk "BEGIN {print ($last - $started)/1000}")" "$dups" $((peak / 1024))

# --- the seed's naive loop -----------------------------------------------------------------------------------
PORT2=$(free_port); start_fake "$PORT2"
timeout 600 java bench/NaiveLoop.java "http://127.0.0.1:$PORT2" "$OUT/inventory.csv"
