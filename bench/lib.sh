# Shared helpers of the benchmarks (bench/*.sh) and the reliability harness (bench/reliability/*.sh).
# Sourced, not run. Needs bash.
#
# Settings every script reads:
#   REELAY_BENCH_BIN         a reelay executable to use instead of building one
#                            (default: `swift build -c release --product reelay`, then .build/release/reelay)
#   REELAY_BENCH_SKIP_BUILD  1: use .build/release/reelay as it is (run-all.sh builds once, then sets this)
#   REELAY_BENCH_RESULTS     a file each benchmark appends its figures to, one "name|figure|target|met" line each
#   REELAY_BENCH_KEEP        1: keep the temporary folder (server logs, databases) after the run
#   REELAY_BENCH_STRICT      1: a benchmark whose figure misses its target exits non-zero

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$bench_root"

BENCH_KEY=bench-key-1
BENCH_OTHER_KEY=bench-key-2
bench_passed=0
bench_failed=0
bench_servers=()
bench_work=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# install_tools TOOL...: the Debian packages a script needs beside Reelay's own (wrk, sqlite3, curl).
install_tools() {
  local wanted=(curl python3 "$@")
  scripts/install-deps "${wanted[@]}" >&2
}

# build_reelay: sets REELAY (the executable).
build_reelay() {
  if [ -n "${REELAY_BENCH_BIN:-}" ]; then
    REELAY="$REELAY_BENCH_BIN"
  else
    if [ "${REELAY_BENCH_SKIP_BUILD:-0}" != "1" ] || [ ! -x .build/release/reelay ]; then
      log "building: swift build -c release --product reelay"
      swift build -c release --product reelay >&2
    fi
    REELAY="$bench_root/.build/release/reelay"
  fi
  [ -x "$REELAY" ] || { echo "no reelay executable at $REELAY" >&2; exit 1; }
}

# make_work NAME: a temporary folder for this run's data directories and logs (BENCH_WORK).
make_work() {
  bench_work="$(mktemp -d "${TMPDIR:-/tmp}/reelay-$1.XXXXXX")"
  BENCH_WORK="$bench_work"
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
  local status=$?
  local pid
  for pid in "${bench_servers[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if declare -F bench_extra_cleanup >/dev/null; then bench_extra_cleanup || true; fi
  if [ -n "$bench_work" ]; then
    if [ "$status" -ne 0 ] || [ "${REELAY_BENCH_KEEP:-0}" = "1" ]; then
      echo "kept $bench_work (server logs and data)" >&2
    else
      rm -rf "$bench_work"
    fi
  fi
  exit "$status"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_server DATA_DIR LOG [VAR=VALUE...]: a reelay server on a free loopback port. Sets
# SERVER_PID, SERVER_PORT and BASE. Keys: BENCH_KEY and BENCH_OTHER_KEY. The port can be fixed by
# setting SERVER_PORT_WANTED (restarts on the same port).
start_server() {
  local data=$1 logfile=$2
  shift 2
  SERVER_PORT="${SERVER_PORT_WANTED:-$(free_port)}"
  BASE="http://127.0.0.1:$SERVER_PORT"
  env -u REELAY_PUBLIC_URL -u REELAY_SIGNING_KEY -u REELAY_DATABASE_URL -u REELAY_ROLE -u REELAY_LIMIT_RPM \
    -u REELAY_LIMIT_DAILY_SECONDS -u REELAY_UPSTREAMS -u REELAY_WORKERS \
    REELAY_API_KEYS="$BENCH_KEY,$BENCH_OTHER_KEY" REELAY_ALLOW_PRIVATE_MEDIA=1 \
    REELAY_LIMIT_CONCURRENT=0 REELAY_LIMIT_STORAGE_MB=0 "$@" \
    "$REELAY" serve --host 127.0.0.1 --port "$SERVER_PORT" --data-dir "$data" >>"$logfile" 2>&1 &
  SERVER_PID=$!
  disown "$SERVER_PID" 2>/dev/null || true  # no "Killed" job notice when a script kills it
  bench_servers+=("$SERVER_PID")
  local _
  for _ in $(seq 1 600); do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "the server exited before it answered /healthz; last lines of $logfile:" >&2
      tail -n 30 "$logfile" >&2
      return 1
    fi
    if curl -fsS -o /dev/null --max-time 1 "$BASE/healthz" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "the server did not answer $BASE/healthz within 30 s" >&2
  return 1
}

# stop_server PID [SIGNAL]: TERM (default) or KILL, then waits for the process to end.
stop_server() {
  local pid=$1 signal=${2:-TERM}
  kill -0 "$pid" 2>/dev/null || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
}

# A valid seed A create body: the smallest render the catalog allows (2 s of 480p, 1.0 lite t2v).
CREATE_BODY='{"model":"doubao-seedance-1-0-lite-t2v-250428","content":[{"type":"text","text":"a paper boat on a pond"}],"duration":2,"resolution":"480p","ratio":"16:9"}'

# api METHOD PATH [BODY]: curl with the bench key; prints the body, then a last line with the status.
api() {
  local method=$1 path=$2 body=${3:-}
  if [ -n "$body" ]; then
    curl -sS --max-time 30 -X "$method" "$BASE$path" -H "Authorization: Bearer $BENCH_KEY" \
      -H 'Content-Type: application/json' -d "$body" -w '\n%{http_code}'
  else
    curl -sS --max-time 30 -X "$method" "$BASE$path" -H "Authorization: Bearer $BENCH_KEY" -w '\n%{http_code}'
  fi
}

# create_task: one task through the API; prints its id.
create_task() {
  local answer
  answer=$(api POST /v1/video/generations "$CREATE_BODY") || return 1
  [ "$(tail -n 1 <<<"$answer")" = 200 ] || { echo "create failed: $answer" >&2; return 1; }
  sed '$d' <<<"$answer" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }

# sql DB STATEMENT: sqlite3 with a busy timeout, so it waits for the server's writes.
sql() { sqlite3 -cmd '.timeout 10000' "$1" "$2"; }

# check NAME CONDITION_EXIT_STATUS [DETAIL]: records one check of a reliability invariant.
check() {
  local name=$1 ok=$2 detail=${3:-}
  if [ "$ok" -eq 0 ]; then
    bench_passed=$((bench_passed + 1))
    printf 'PASS  %s%s\n' "$name" "${detail:+ ($detail)}"
  else
    bench_failed=$((bench_failed + 1))
    printf 'FAIL  %s%s\n' "$name" "${detail:+ ($detail)}"
  fi
}

# finish_checks: the closing line, and the exit status.
finish_checks() {
  echo
  echo "$bench_passed passed, $bench_failed failed"
  [ "$bench_failed" -eq 0 ]
}

# record NAME FIGURE TARGET MET: one row of the figures table (stdout and REELAY_BENCH_RESULTS).
bench_rows=()
record() {
  bench_rows+=("$1|$2|$3|$4")
  if [ -n "${REELAY_BENCH_RESULTS:-}" ]; then printf '%s|%s|%s|%s\n' "$1" "$2" "$3" "$4" >>"$REELAY_BENCH_RESULTS"; fi
}

print_table() {
  local row
  printf '\n| %-62s | %-24s | %-12s | %-4s |\n' measurement figure target met
  printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..64})" "$(printf -- '-%.0s' {1..26})" "$(printf -- '-%.0s' {1..14})" "------"
  for row in "${bench_rows[@]}"; do
    IFS='|' read -r name figure target met <<<"$row"
    printf '| %-62s | %-24s | %-12s | %-4s |\n' "$name" "$figure" "$target" "$met"
  done
}

# meets VALUE OP LIMIT: "yes" or "no" (floating point; OP is one of < <= > >=).
meets() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == "<" ? v < l : op == "<=" ? v <= l : op == ">" ? v > l : v >= l); print ok ? "yes" : "no" }'; }

bench_missed=0
# target NAME FIGURE UNIT OP LIMIT: records a figure against its target.
target() {
  local name=$1 value=$2 unit=$3 op=$4 limit=$5 met
  met=$(meets "$value" "$op" "$limit")
  [ "$met" = yes ] || bench_missed=$((bench_missed + 1))
  record "$name" "$value${unit:+ $unit}" "$op $limit${unit:+ $unit}" "$met"
}

# bench_exit: non-zero when REELAY_BENCH_STRICT=1 and a target was missed.
bench_exit() {
  if [ "${REELAY_BENCH_STRICT:-0}" = "1" ] && [ "$bench_missed" -gt 0 ]; then
    echo "$bench_missed figure(s) missed their target" >&2
    exit 1
  fi
  exit 0
}
