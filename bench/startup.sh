#!/usr/bin/env bash
# Start-up of the packaged desk: seconds from launch until /q/health/live (management port) answers 200, and the RSS then, averaged
# over RUNS starts, for each way to run the JVM build:
#   jdk17           java -jar (JAVA17, default: the JDK on the PATH)
#   jdk17-appcds    with an AppCDS archive (one training start with -XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile)
#   jdk17-q-appcds  with the AppCDS archive Quarkus builds at package time (target/quarkus-app/app-cds.jsa)
#   jdk25           java -jar on JDK 25 (JAVA25, default: /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   jdk25-aot       with JDK 25's AOT cache (JEP 483/514: one training start with -XX:AOTCacheOutput, then -XX:AOTCache)
# The desk runs on its defaults (embedded H2, CSV inventory), polling off, TEvo unreachable: start-up only. One
# unmeasured start creates the state store first.
#
#   bench/startup.sh [RUNS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OUT=bench/out/startup
rm -rf "$OUT" && mkdir -p "$OUT"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; }
trap cleanup EXIT

free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }; done; }
settings() {
  echo -Dquarkus.http.port="$1" -Dquarkus.management.port="$(($1 + 1))" -Dtevo.api.base-url=http://127.0.0.1:9 -Dtevo.api.token=bench -Dtevo.api.secret=bench -Dtevo.reviewer-id=1 \
    -Dtevo.poll.enabled=false -Dnotify.mail.to=desk@example.com -Dinventory.csv.path=samples/inventory.csv -Detickets.inbox.uri=file:$OUT/inbox \
    -Detickets.work-dir=$OUT/work "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:./$OUT/state;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
}

# one start: prints "seconds rss_mb"; stops the desk with SIGTERM (so a training run writes its archive)
start_once() { # java name extra-options...
  local java=$1 name=$2; shift 2
  local port; port=$(free_port)
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2046
  "$java" "$@" $(settings "$port" "$name") -jar target/quarkus-app/quarkus-run.jar > "$OUT/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1500); do
    # health on the management port (here the public port + 1); a desk built before it had one answers on the public port
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((port + 1))/q/health/live")" = 200 ] \
      || [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/live")" = 200 ]; then break; fi
    sleep 0.02
  done
  local t1; t1=$(date +%s%N)
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=
  echo "$(( (t1 - t0) / 1000000 )) $(( rss / 1024 ))"
}

# label java options...: RUNS starts, their mean
run() { local label=$1 java=$2; shift 2
  local total_ms=0 total_rss=0 runs=""
  for i in $(seq 1 "$RUNS"); do
    read -r ms rss < <(start_once "$java" "$label-$i" "$@")
    total_ms=$((total_ms + ms)); total_rss=$((total_rss + rss)); runs="$runs ${ms}ms"
  done
  printf '%-14s live after %5d ms (mean of %d:%s), RSS %4d MB\n' "$label" $((total_ms / RUNS)) "$RUNS" "$runs" $((total_rss / RUNS))
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $("$JAVA17" -version 2>&1 | head -1); $("$JAVA25" -version 2>&1 | head -1)"
start_once "$JAVA17" first-start > /dev/null # creates the state store: every measured start finds it there
run jdk17 "$JAVA17"
start_once "$JAVA17" train17 -XX:ArchiveClassesAtExit="$OUT/app-cds.jsa" > /dev/null
run jdk17-appcds "$JAVA17" -XX:SharedArchiveFile="$OUT/app-cds.jsa"
# the archive Quarkus writes at package time (quarkus.package.jar.appcds.enabled=true), when there is one
if [ -f target/quarkus-app/app-cds.jsa ]; then
  run jdk17-q-appcds "$JAVA17" -XX:SharedArchiveFile=target/quarkus-app/app-cds.jsa
fi
if [ -x "$JAVA25" ]; then
  run jdk25 "$JAVA25"
  start_once "$JAVA25" train25 -XX:AOTCacheOutput="$OUT/app.aot" > /dev/null
  if [ -f "$OUT/app.aot" ]; then
    run jdk25-aot "$JAVA25" -XX:AOTCache="$OUT/app.aot"
  else
    echo "jdk25-aot      no AOT cache written (see $OUT/train25-*.log)"
  fi
fi
