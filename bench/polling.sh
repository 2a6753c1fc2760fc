#!/usr/bin/env bash
# Polling cost: wrk on `GET /v1/video/generations/{id}` of an existing (succeeded) task against the
# same server's `GET /healthz`, with the same threads, connections and duration, interleaved
# (healthz, poll, healthz, poll, ...). Reports the throughput ratio poll/healthz (target >= 0.7)
# and the poll's p99 latency from wrk --latency (target < 10 ms).
#
#   bench/polling.sh
#   REELAY_BENCH_ROUNDS=5 REELAY_BENCH_DURATION=10 bench/polling.sh
#
#   scripts/with-postgres env REELAY_BENCH_POSTGRES=1 bench/polling.sh
#
# Settings: REELAY_BENCH_THREADS (2), REELAY_BENCH_CONNECTIONS (16), REELAY_BENCH_DURATION
# (seconds per run, 5), REELAY_BENCH_ROUNDS (3), SHORT=1 (2 rounds of 3 s), REELAY_BENCH_POSTGRES=1
# (the task store on the PostgreSQL of scripts/with-postgres, REELAY_TEST_DATABASE_URL, where
# the target is 0.5: another instance may change a task, so its row is read on every poll), and
# those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

threads=${REELAY_BENCH_THREADS:-2}
connections=${REELAY_BENCH_CONNECTIONS:-16}
duration=${REELAY_BENCH_DURATION:-5}
rounds=${REELAY_BENCH_ROUNDS:-3}
if [ "${SHORT:-0}" = "1" ]; then duration=3; rounds=2; fi

install_tools wrk
build_reelay
make_work polling

store=()
ratio_target=0.7
if [ "${REELAY_BENCH_POSTGRES:-0}" = "1" ]; then
  [ -n "${REELAY_TEST_DATABASE_URL:-}" ] || { echo "REELAY_BENCH_POSTGRES=1 needs scripts/with-postgres" >&2; exit 1; }
  store=(REELAY_DATABASE_URL="$REELAY_TEST_DATABASE_URL")
  ratio_target=0.5
fi
start_server "$BENCH_WORK/data" "$BENCH_WORK/server.log" REELAY_WORKERS=1 "${store[@]}"
id=$(create_task)
log "polling task $id; waiting for it to succeed"
status=""
for _ in $(seq 1 600); do
  status=$(api GET "/v1/video/generations/$id" | sed '$d' | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["status"])')
  [ "$status" = SUCCESS ] || [ "$status" = FAILURE ] && break
  sleep 0.2
done
[ "$status" = SUCCESS ] || { echo "the task did not succeed (status $status)" >&2; exit 1; }

export REELAY_BENCH_KEY=$BENCH_KEY
# run_wrk PATH: one wrk run; prints "requests duration_us p50_us p99_us max_us status_errors socket_errors".
run_wrk() {
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/lua/get.lua "$BASE$1")
  printf '%s\n' "$out" >>"$BENCH_WORK/wrk.txt"
  awk '/^WRKSTAT/ {print $2, $3, $4, $5, $6, $7, $8}' <<<"$out"
}

log "warming up"
wrk -t"$threads" -c"$connections" -d2s -s bench/lua/get.lua "$BASE/healthz" >/dev/null
wrk -t"$threads" -c"$connections" -d2s -s bench/lua/get.lua "$BASE/v1/video/generations/$id" >/dev/null

health_requests=0 health_us=0 poll_requests=0 poll_us=0 errors=0
poll_p99s=() health_p99s=()
printf '\n%-6s %-8s %12s %10s %10s\n' round route "requests/s" "p50 ms" "p99 ms"
for round in $(seq 1 "$rounds"); do
  for route in healthz poll; do
    if [ "$route" = healthz ]; then path=/healthz; else path="/v1/video/generations/$id"; fi
    read -r requests us p50 p99 max status_errors socket_errors < <(run_wrk "$path")
    errors=$((errors + status_errors + socket_errors))
    rate=$(awk -v r="$requests" -v d="$us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
    printf '%-6s %-8s %12s %10.2f %10.2f\n' "$round" "$route" "$rate" "$(awk -v v="$p50" 'BEGIN {print v / 1000}')" \
      "$(awk -v v="$p99" 'BEGIN {print v / 1000}')"
    if [ "$route" = healthz ]; then
      health_requests=$((health_requests + requests)); health_us=$((health_us + us)); health_p99s+=("$p99")
    else
      poll_requests=$((poll_requests + requests)); poll_us=$((poll_us + us)); poll_p99s+=("$p99")
    fi
  done
done

health_rate=$(awk -v r="$health_requests" -v d="$health_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
poll_rate=$(awk -v r="$poll_requests" -v d="$poll_us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
ratio=$(awk -v p="$poll_rate" -v h="$health_rate" 'BEGIN { printf "%.2f", p / h }')
# The median of the rounds' p99 (one busy moment on a shared machine does not decide it); the worst is printed too.
median_ms() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f", m / 1000 }'; }
worst_ms() { printf '%s\n' "$@" | sort -n | tail -n 1 | awk '{ printf "%.2f", $1 / 1000 }'; }
poll_p99=$(median_ms "${poll_p99s[@]}")

echo
echo "wrk: $threads threads, $connections connections, ${duration} s per run, $rounds rounds each, interleaved"
echo "healthz: $health_rate requests/s, p99 $(median_ms "${health_p99s[@]}") ms (median of rounds)"
echo "poll:    $poll_rate requests/s, p99 $poll_p99 ms (median of rounds; worst round $(worst_ms "${poll_p99s[@]}") ms)"
echo "errors (status >= 400 or socket): $errors"

record "GET /healthz throughput" "$health_rate req/s" "-" "-"
record "GET /v1/video/generations/{id} throughput" "$poll_rate req/s" "-" "-"
target "poll / healthz throughput ratio${store:+ (PostgreSQL)}" "$ratio" "" ">=" "$ratio_target"
target "poll p99 latency (wrk --latency, c=$connections)" "$poll_p99" ms "<" 10
print_table
[ "$errors" -eq 0 ] || { echo "wrk saw $errors errors" >&2; exit 1; }
bench_exit
