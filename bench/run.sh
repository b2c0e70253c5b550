#!/usr/bin/env bash
# Builds tether-bench and runs every benchmark with short settings, then prints a summary with
# the tether/raw ratios. Usage: bench/run.sh [--quick | --fresh ROUNDS | --warm ROUNDS]   (from any directory)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -Pbench -pl bench -am package -DskipTests
java -cp bench/target/benchmarks.jar dev.tether.bench.BenchSummary "$@"
