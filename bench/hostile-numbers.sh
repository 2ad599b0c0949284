#!/usr/bin/env bash
# What a hostile number costs: ns per refusal by model/Numbers, and the old path's time on one listing at 1E+1000000.
# Prints figures; nothing leaves the machine.
#
#   bench/hostile-numbers.sh [ROUNDS=2000000]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/out
./mvnw -B -q -ntp compile dependency:build-classpath -Dmdep.outputFile=bench/out/classpath.txt
CP="target/classes:$(cat bench/out/classpath.txt)"
java -Drounds="${1:-2000000}" -cp "$CP" bench/HostileNumbers.java
