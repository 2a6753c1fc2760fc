#!/usr/bin/env bash
# Create throughput: wrk POSTs a valid seed A create request (2 s of 480p, 1.0 lite t2v) to
# `POST /v1/video/generations` of a server started with REELAY_ROLE=api, so no worker renders and
# the queued tasks pile up. Target: >= 2,000 creates/s on SQLite. Then the same on PostgreSQL when
# scripts/with-postgres is there (REELAY_DATABASE_URL; that throwaway server runs with fsync off).
# Every create must answer 200 and be stored: the rows in the database are counted after the run.
#
#   bench/create.sh
#   REELAY_BENCH_DURATION=20 bench/create.sh
#   REELAY_BENCH_SKIP_POSTGRES=1 bench/create.sh
#
# Settings: REELAY_BENCH_THREADS (2), REELAY_BENCH_CONNECTIONS (16), REELAY_BENCH_DURATION
# (seconds, 10), SHORT=1 (5 s), and those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

threads=${REELAY_BENCH_THREADS:-2}
connections=${REELAY_BENCH_CONNECTIONS:-16}
duration=${REELAY_BENCH_DURATION:-10}
if [ "${SHORT:-0}" = "1" ]; then duration=5; fi
export REELAY_BENCH_KEY=$BENCH_KEY REELAY_BENCH_BODY=$CREATE_BODY

# measure LABEL [VAR=VALUE...]: starts an API-only server, warms it up, runs wrk; writes
# "RESULT rate p50_ms p99_ms errors stored_ok" to $BENCH_WORK/LABEL.result.
measure() {
  local label=$1
  shift
  start_server "$BENCH_WORK/$label-data" "$BENCH_WORK/$label.log" REELAY_ROLE=api "$@"
  log "$label: warming up"
  wrk -t"$threads" -c"$connections" -d2s -s bench/lua/create.lua "$BASE/v1/video/generations" >/dev/null
  log "$label: wrk -t$threads -c$connections -d${duration}s POST /v1/video/generations"
  local out requests us p50 p99 max status_errors socket_errors
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s bench/lua/create.lua "$BASE/v1/video/generations")
  printf '%s\n' "$out" | grep -v '^WRKSTAT' >&2
  read -r requests us p50 p99 max status_errors socket_errors < <(awk '/^WRKSTAT/ {print $2, $3, $4, $5, $6, $7, $8}' <<<"$out")
  local ok=$((requests - status_errors))
  local rate
  rate=$(awk -v r="$ok" -v d="$us" 'BEGIN { printf "%.0f", r / (d / 1e6) }')
  # Stored: every answered create is a row (the warm-up's too).
  local stored="-" stored_ok=1
  local answer
  answer=$(api GET "/api/v3/contents/generations/tasks?page_size=1")
  stored=$(sed '$d' <<<"$answer" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])' 2>/dev/null || echo "?")
  if [[ "$stored" =~ ^[0-9]+$ ]] && [ "$stored" -ge "$ok" ]; then stored_ok=0; fi
  log "$label: $ok creates answered 200 in the measured run, $stored tasks stored in all (warm-up included)"
  stop_server "$SERVER_PID" KILL
  echo "RESULT $rate $(awk -v v="$p50" 'BEGIN {printf "%.2f", v / 1000}') $(awk -v v="$p99" 'BEGIN {printf "%.2f", v / 1000}') $((status_errors + socket_errors)) $stored_ok" >"$BENCH_WORK/$label.result"
}

if [ "${REELAY_BENCH_PG_INNER:-0}" = "1" ]; then
  # Run by scripts/with-postgres (below): the PostgreSQL measurement only.
  build_reelay
  make_work create-pg
  measure postgres REELAY_DATABASE_URL="$REELAY_TEST_DATABASE_URL"
  cat "$BENCH_WORK/postgres.result"
  exit 0
fi

install_tools wrk
build_reelay
make_work create
failures=0

measure sqlite
read -r _ rate p50 p99 errors stored_ok <"$BENCH_WORK/sqlite.result"
echo "SQLite: $rate creates/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
[ "$errors" -eq 0 ] || { echo "SQLite: $errors creates did not answer 200" >&2; failures=$((failures + 1)); }
[ "$stored_ok" -eq 0 ] || { echo "SQLite: fewer tasks stored than creates answered" >&2; failures=$((failures + 1)); }
target "creates/s, SQLite (REELAY_ROLE=api, c=$connections)" "$rate" "/s" ">=" 2000
record "create p99 latency, SQLite" "$p99 ms" "-" "-"

if [ "${REELAY_BENCH_SKIP_POSTGRES:-0}" != "1" ] && [ -x scripts/with-postgres ]; then
  pg_out=$(REELAY_BENCH_PG_INNER=1 REELAY_BENCH_SKIP_BUILD=1 REELAY_BENCH_BIN="$REELAY" REELAY_BENCH_RESULTS="" \
    scripts/with-postgres bash bench/create.sh) || { echo "the PostgreSQL run failed" >&2; failures=$((failures + 1)); }
  if read -r _ rate p50 p99 errors stored_ok < <(grep '^RESULT' <<<"${pg_out:-}"); then
    echo "PostgreSQL: $rate creates/s, p50 $p50 ms, p99 $p99 ms, $errors errors"
    [ "$errors" -eq 0 ] || { echo "PostgreSQL: $errors creates did not answer 200" >&2; failures=$((failures + 1)); }
    [ "$stored_ok" -eq 0 ] || { echo "PostgreSQL: fewer tasks stored than creates answered" >&2; failures=$((failures + 1)); }
    target "creates/s, PostgreSQL (fsync off, REELAY_ROLE=api)" "$rate" "/s" ">=" 2000
    record "create p99 latency, PostgreSQL" "$p99 ms" "-" "-"
  fi
else
  log "PostgreSQL skipped (REELAY_BENCH_SKIP_POSTGRES=1 or no scripts/with-postgres)"
fi

print_table
[ "$failures" -eq 0 ] || exit 1
bench_exit
