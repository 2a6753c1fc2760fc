#!/usr/bin/env bash
# Runs every benchmark (polling, create, queue, fairness, flood, upstream-scale), bench/render.sh
# when it is there, and the reliability harness (crash loop, full disk), then writes one markdown
# report: the machine, the commit, and a table of each figure against its target. The report
# goes to REELAY_BENCH_REPORT (default: a file in $TMPDIR, printed at the end) and to the
# standard output.
#
#   bench/run-all.sh
#   SHORT=1 bench/run-all.sh                     # the short forms (a few minutes)
#   REELAY_BENCH_SKIP_RENDER=1 REELAY_BENCH_SKIP_RELIABILITY=1 bench/run-all.sh
#
# Exits non-zero when a script failed (an error, or a broken reliability invariant); with
# REELAY_BENCH_STRICT=1 also when a figure missed its target.
set -uo pipefail
cd "$(dirname "$0")/.."
started=$(date -u +"%Y-%m-%d %H:%M UTC")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
report=${REELAY_BENCH_REPORT:-${TMPDIR:-/tmp}/reelay-bench-$(date -u +%Y%m%d-%H%M%S).md}
logs=$(mktemp -d "${TMPDIR:-/tmp}/reelay-run-all.XXXXXX")
results="$logs/results.txt"
: >"$results"
failures=0

scripts/install-deps wrk sqlite3 curl python3 >&2 || exit 1
if [ -z "${REELAY_BENCH_BIN:-}" ]; then
  echo "building: swift build -c release --product reelay" >&2
  swift build -c release --product reelay >&2 || exit 1
fi
export REELAY_BENCH_SKIP_BUILD=1 REELAY_BENCH_RESULTS="$results"

# run NAME SCRIPT: runs one script, its output to the log folder and the terminal.
run() {
  local name=$1 script=$2 status
  echo "=== $name" >&2
  bash "$script" 2>&1 | tee "$logs/$name.log" >&2
  status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then
    failures=$((failures + 1))
    echo "$name|exited with status $status (log: $logs/$name.log)|-|no" >>"$results"
  fi
  return 0
}

run polling bench/polling.sh
run create bench/create.sh
run queue bench/queue.sh
run fairness bench/fairness.sh
run flood bench/flood.sh
run upstream-scale bench/upstream-scale.sh
if [ "${REELAY_BENCH_SKIP_RELIABILITY:-0}" != "1" ]; then
  for script in bench/reliability/*.sh; do
    name=$(basename "$script" .sh)
    run "$name" "$script"
    closing=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logs/$name.log" | tail -n 1)
    failed=$(awk '{print $3}' <<<"${closing:-0 passed, 1 failed}")
    echo "$name.sh${SHORT:+ (SHORT=1)}|${closing:-no closing line}|all pass|$([ "${failed:-1}" = 0 ] && echo yes || echo no)" >>"$results"
  done
fi
render_table=""
if [ "${REELAY_BENCH_SKIP_RENDER:-0}" != "1" ] && [ -f bench/render.sh ]; then
  echo "=== render" >&2
  sh bench/render.sh 2>&1 | tee "$logs/render.log" >&2
  [ "${PIPESTATUS[0]}" -eq 0 ] || { failures=$((failures + 1)); echo "render|bench/render.sh failed (log: $logs/render.log)|-|no" >>"$results"; }
  # Its table when it prints one, else its whole output.
  render_table=$(grep -E '^\|' "$logs/render.log" || true)
  [ -n "$render_table" ] || render_table=$(printf '```\n%s\n```' "$(cat "$logs/render.log")")
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || commit="$commit + uncommitted changes"
{
  echo "## Run of $started"
  echo
  echo "- machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory," \
    "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "- $(swift --version 2>/dev/null | head -n 1)"
  echo "- commit: $commit; SHORT=${SHORT:-0}"
  echo "- load average (1, 5, 15 min) before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| measurement | figure | target | met |"
  echo "|---|---|---|---|"
  while IFS='|' read -r name figure target met; do
    echo "| $name | $figure | $target | $met |"
  done <"$results"
  if [ -n "$render_table" ]; then
    echo
    echo "bench/render.sh (render time / testsrc2 time, median):"
    echo
    echo "$render_table"
  fi
} >"$report"
cat "$report"
echo >&2
echo "report: $report; logs: $logs" >&2
missed=$(grep -c '|no$' "$results" || true)
[ "$failures" -eq 0 ] || exit 1
if [ "${REELAY_BENCH_STRICT:-0}" = "1" ] && [ "$missed" -gt 0 ]; then exit 1; fi
exit 0
