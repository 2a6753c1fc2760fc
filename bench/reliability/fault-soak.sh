#!/usr/bin/env bash
# Fault soak: the whole server (in-process, from the test suite) sends every task to a fake Ark
# upstream on loopback that keeps answering 500s, 429s, proxy error pages and broken JSON between
# normal answers, on creates, polls, gets and downloads, and sends every callback twice. Tasks end
# every way the upstream can end them (success, an unknown status word on the way, failure,
# expiry, a task that vanishes). The test (UpstreamFaultSoakTests) checks that every task ends
# with the upstream's ending, none is created upstream twice, each success is served from
# Reelay's own copy, exactly one terminal callback goes out per task, and usage counts each
# video once. Prints "N passed, M failed" (one line per round) and exits non-zero on a failure.
#
#   bench/reliability/fault-soak.sh             # 3 rounds of 300 tasks, each round a new fault sequence
#   SHORT=1 bench/reliability/fault-soak.sh     # 1 round of 60 tasks (CI)
#   ROUNDS=10 TASKS=1000 bench/reliability/fault-soak.sh
#
# It runs the test binary `swift build --build-tests` made (it builds it when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

rounds=${ROUNDS:-3}
tasks=${TASKS:-300}
if [ "${SHORT:-0}" = "1" ]; then rounds=${ROUNDS:-1}; tasks=${TASKS:-60}; fi
ls .build/debug/*.xctest >/dev/null 2>&1 || swift build --build-tests

passed=0
failed=0
for round in $(seq 1 "$rounds"); do
  seed=$((20261121 + round))
  log=$(mktemp "${TMPDIR:-/tmp}/reelay-fault-soak.XXXXXX")
  started=$(date +%s)
  if REELAY_SOAK_TASKS=$tasks REELAY_SOAK_SEED=$seed \
       swift test --skip-build --filter UpstreamFaultSoakTests >"$log" 2>&1 \
     && grep -q "Test run with 1 test.* passed" "$log"; then
    passed=$((passed + 1))
    echo "PASS  round $round: $tasks tasks, seed $seed ($(( $(date +%s) - started )) s)"
    rm -f "$log"
  else
    failed=$((failed + 1))
    echo "FAIL  round $round: $tasks tasks, seed $seed (log: $log)"
    grep -E "✘|Expectation failed" "$log" | head -20 || true
  fi
done
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
