#!/usr/bin/env bash
# The sign-in flood of issue 24 against the packaged desk (production profile, -Xmx512m, console on), and against a
# baseline desk in the same run when BASELINE_DIR names another build's project root (its target/quarkus-app):
#   100 sign-ins with a user name of 900,000 characters (each a new name), then 500 with 64-character names (one client),
# and prints, per desk: the answers' status codes, the heap in use after a full GC before and after the flood (jcmd),
# whether the desk is still live, and how long it took to refuse one 900 kB sign-in.
#   bench/sign-in-flood.sh                       this build
#   BASELINE_DIR=../old-checkout bench/sign-in-flood.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp package -DskipTests
HERE=$(pwd)
OUT=target/bench-sign-in-flood
rm -rf "$OUT" && mkdir -p "$OUT"
printf 'flood:%s:operator\n' '$2a$10$cPdGixLXS30.KH7wAak.SOJI3uWZtSAv7FnWR8kiKdSHSnVacNBx.' > "$OUT/users"
python3 -c "import sys; sys.stdout.write('n' * 900000 + '&j_password=x')" > "$OUT/huge.form"

free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }; done; }
heap_mb() { # pid: heap in use after a full GC, MB
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jcmd "$1" GC.heap_info 2>/dev/null | awk '/used/ && /total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); printf "%.0f", v / 1024; exit } }' || true
}

huge() { # i: one sign-in whose user name is i followed by 900,000 characters (each name a new one)
  { printf 'j_username=%s' "$1"; cat "$OUT/huge.form"; } | curl -s -o /dev/null -w '%{http_code}\n' --data-binary @- \
    -H 'Content-Type: application/x-www-form-urlencoded' "http://127.0.0.1:$port/j_security_check" || echo 000
}

flood() { # name project-root
  local name=$1 root=$2 port mport pid
  port=$(free_port); mport=$((port + 1))
  mkdir -p "$OUT/$name"
  (cd "$OUT/$name" && cp -r "$root/routes" "$root/emails" "$root/console" . && \
    CONSOLE_ENABLED=true CONSOLE_USERS_FILE="$HERE/$OUT/users" TEVO_API_BASE_URL=http://127.0.0.1:9 TEVO_API_TOKEN=bench TEVO_API_SECRET=bench \
    TEVO_REVIEWER_ID=1 TEVO_POLL_ENABLED=false NOTIFY_MAIL_TO=desk@example.com INVENTORY_CSV_PATH="$HERE/samples/inventory.csv" \
    QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$mport \
    exec java -Xmx512m -XX:+ExitOnOutOfMemoryError -jar "$root/target/quarkus-app/quarkus-run.jar" > desk.log 2>&1) &
  pid=$!
  for _ in $(seq 1 600); do
    curl -s -o /dev/null "http://127.0.0.1:$port/console/login" && break
    kill -0 "$pid" 2>/dev/null || { echo "$name: the desk did not start, see $OUT/$name/desk.log"; return; }
    sleep 0.1
  done
  local jpid=$pid
  local before; before=$(heap_mb "$jpid")
  local t0 t1; t0=$(date +%s%N)
  huge 1 > "$OUT/$name/huge.codes"
  t1=$(date +%s%N)
  for i in $(seq 2 100); do
    huge "$i" >> "$OUT/$name/huge.codes"
  done
  for i in $(seq 1 500); do
    curl -s -o /dev/null -w '%{http_code}\n' -d "j_username=$(printf 'n%.0s' $(seq 1 60))$i&j_password=x" \
      "http://127.0.0.1:$port/j_security_check" >> "$OUT/$name/names.codes" || echo 000 >> "$OUT/$name/names.codes"
  done
  local after; after=$(heap_mb "$jpid")
  local live; live=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$mport/q/health/live" || true)
  [ "$live" = 200 ] || live=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/live" || true)
  printf '%-10s 900 kB sign-ins: %s | 64-char names: %s | heap after GC %s MB -> %s MB | live %s | first 900 kB refusal %d ms\n' \
    "$name" "$(sort "$OUT/$name/huge.codes" | uniq -c | awk '{printf "%s x%s ", $2, $1}')" \
    "$(sort "$OUT/$name/names.codes" | uniq -c | awk '{printf "%s x%s ", $2, $1}')" "$before" "$after" "$live" $(( (t1 - t0) / 1000000 ))
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
[ -z "${BASELINE_DIR:-}" ] || flood baseline "$(cd "$BASELINE_DIR" && pwd)"
flood this "$(pwd)"
