#!/usr/bin/env bash
# Runs the RouteLookup JMH benchmark and summarises it: per table size and traffic shape, JMH's mean
# plus the median and minimum of the measured iterations (robust to bursts of load from other
# processes on a shared machine), and the ratio of each figure to the 10-route one.
#
#   benchmarks/bench/route-lookup.sh [JMH options]
#   default options: -f 3 -wi 3 -i 5 -w 2s -r 2s (three forks: one fork's JIT decisions can move a
#   figure by 50%).  E.g. add: -p traffic=uniform,zipf,hot -prof gc
#
# Builds benchmarks/target/benchmarks.jar if it is missing. Output: benchmarks/bench/results/.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR="$REPO_ROOT/benchmarks/target/benchmarks.jar"
RESULTS_DIR=${RESULTS_DIR:-$REPO_ROOT/benchmarks/bench/results}
mkdir -p "$RESULTS_DIR"
LOG="$RESULTS_DIR/route-lookup-$(date -u +%Y%m%dT%H%M%SZ).txt"

if [[ ! -f $JAR ]]; then
  (cd "$REPO_ROOT" && mvn -B -q -pl benchmarks -am -DskipTests package)
fi
[[ $# -gt 0 ]] || set -- -f 3 -wi 3 -i 5 -w 2s -r 2s

{
  echo "# $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, load avg $(cut -d' ' -f1-3 /proc/loadavg)," \
    "cpu pressure $(awk '/^some/ {print $2, $3}' /proc/pressure/cpu 2>/dev/null)"
  echo "# java -jar benchmarks/target/benchmarks.jar RouteLookup $*"
} >"$LOG"
java -jar "$JAR" RouteLookup "$@" 2>&1 | tee -a "$LOG"

awk '
  /^# Parameters: / {
    key = $0; sub(/^# Parameters: \(/, "", key); sub(/\)$/, "", key)
    routes = key; sub(/^routes = /, "", routes); sub(/,.*/, "", routes)
    rest = key; sub(/^routes = [0-9]+,? ?/, "", rest); if (rest == "") rest = "-"
    if (!((rest, routes) in seen)) { seen[rest, routes] = 1; order[++n] = rest SUBSEP routes }
  }
  /^Iteration +[0-9]+: / { v = $3 + 0; count[rest, routes]++; vals[rest, routes, count[rest, routes]] = v; sum[rest, routes] += v }
  END {
    printf "\n%-28s %8s %12s %12s %12s %10s %10s\n", "params", "routes", "mean ns/op", "median", "min", "x10 mean", "x10 median"
    for (i = 1; i <= n; i++) {
      split(order[i], k, SUBSEP); r = k[1]; t = k[2]; c = count[r, t]
      if (c == 0) continue
      for (a = 1; a <= c; a++) s[a] = vals[r, t, a]
      for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (s[b] < s[a]) { x = s[a]; s[a] = s[b]; s[b] = x }
      med = c % 2 ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2
      mean = sum[r, t] / c
      mean_of[r, t] = mean; med_of[r, t] = med
      base_mean = ((r, 10) in mean_of) ? sprintf("%.2f", mean / mean_of[r, 10]) : "-"
      base_med = ((r, 10) in med_of) ? sprintf("%.2f", med / med_of[r, 10]) : "-"
      printf "%-28s %8s %12.1f %12.1f %12.1f %10s %10s\n", r, t, mean, med, s[1], base_mean, base_med
    }
  }' "$LOG" | tee -a "$LOG"
echo "(full output: $LOG)"
