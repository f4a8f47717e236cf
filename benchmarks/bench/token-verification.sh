#!/usr/bin/env bash
# Runs the TokenVerification JMH benchmark and summarises it against the targets of the
# authentication issue: cache hits >= 2,000,000 ops/s on one core, and the RS256 cache miss within
# 1.3x of a bare JCA signature check (ratio = bareJcaVerify / cacheMiss throughput).
#
#   benchmarks/bench/token-verification.sh [JMH options]
#   default options: -f 1 -wi 3 -i 5 -p claims=keycloak,minimal
#
# Builds benchmarks/target/benchmarks.jar if it is missing. The machine's load is recorded before
# and after: on a shared machine, rerun when the cpu pressure figures are high.
# Output: benchmarks/bench/results/token-verification-<time>.txt
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR="$REPO_ROOT/benchmarks/target/benchmarks.jar"
RESULTS_DIR=${RESULTS_DIR:-$REPO_ROOT/benchmarks/bench/results}
mkdir -p "$RESULTS_DIR"
LOG="$RESULTS_DIR/token-verification-$(date -u +%Y%m%dT%H%M%SZ).txt"

if [[ ! -f $JAR ]]; then
  (cd "$REPO_ROOT" && mvn -B -q -pl benchmarks -am -DskipTests package)
fi
[[ $# -gt 0 ]] || set -- -f 1 -wi 3 -i 5 -p claims=keycloak,minimal

load() {
  echo "# $1 $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, load avg $(cut -d' ' -f1-3 /proc/loadavg)," \
    "cpu pressure $(awk '/^some/ {print $2, $3}' /proc/pressure/cpu 2>/dev/null)"
}
{
  load start
  echo "# java -jar benchmarks/target/benchmarks.jar TokenVerification $*"
} >"$LOG"
java -jar "$JAR" TokenVerification "$@" 2>&1 | tee -a "$LOG"
load end >>"$LOG"

awk '
  /^TokenVerificationBenchmark\./ && $3 == "thrpt" {
    split($1, name, "."); score[name[2], $2] = $5; claims[$2] = 1
  }
  END {
    printf "\n%-10s %14s %14s %14s %12s\n", "claims", "hit ops/s", "miss ops/s", "bare ops/s", "bare/miss"
    for (c in claims) {
      ratio = score["cacheMiss", c] > 0 ? score["bareJcaVerify", c] / score["cacheMiss", c] : 0
      printf "%-10s %14.0f %14.0f %14.0f %12.2f\n", c, score["cacheHit", c], score["cacheMiss", c], score["bareJcaVerify", c], ratio
    }
    print "targets: hit >= 2000000 ops/s; bare/miss <= 1.30"
  }' "$LOG" | tee -a "$LOG"
echo "(full output: $LOG)"
