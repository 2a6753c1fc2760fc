#!/usr/bin/env bash
# Full disk: the data directory lives on a small tmpfs (20 MB, mounted by this script, so it runs
# as root), a task renders to success, then the file system is filled to the last byte and:
#   - (two tasks were rendering as it filled up)
#   - creates answer 200 or a clear error (a status with a message; never a 5xx without one);
#   - reads still work (GET of the earlier task, /healthz, /readyz answers);
#   - PRAGMA integrity_check is ok while full;
#   - once the space returns, with the same process: every task ends (none stays queued or
#     running), each failed task says why, a new task renders to success;
#   - then full again, the server is killed with SIGKILL and started on the full disk: it either
#     serves or exits saying why (a non-empty last log line, no crash trace); once the space
#     returns it starts, every task ends, a new task succeeds, and the database is intact.
# Prints "N passed, M failed" and exits non-zero when a check fails.
#
#   sudo bench/reliability/full-disk.sh            # 3 rounds of fill / free
#   SHORT=1 sudo bench/reliability/full-disk.sh    # 1 round (CI)
#
# Settings: ROUNDS, REELAY_DISK_MB (20), REELAY_DISK_CREATES (creates tried while full, 20), and
# those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

rounds=${ROUNDS:-3}
size_mb=${REELAY_DISK_MB:-20}
creates_when_full=${REELAY_DISK_CREATES:-20}
if [ "${SHORT:-0}" = "1" ]; then rounds=${ROUNDS:-1}; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "full-disk.sh mounts a tmpfs, so it runs as root; skipped."
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

install_tools sqlite3
build_reelay
make_work full-disk
disk="$BENCH_WORK/disk"
mkdir -p "$disk"
mount -t tmpfs -o size="${size_mb}m" reelay-bench "$disk"
bench_extra_cleanup() {
  # Keep the database beside the logs for a failed run, then unmount.
  if mountpoint -q "$disk"; then
    cp -a "$disk/data/reelay.sqlite"* "$BENCH_WORK/" 2>/dev/null || true
    umount "$disk" 2>/dev/null || umount -l "$disk" || true
  fi
}
data="$disk/data"
db="$data/reelay.sqlite"
settings=(REELAY_WORKERS=1 REELAY_LEASE_SECONDS=5)
run=0
start() {
  run=$((run + 1))
  start_server "$data" "$BENCH_WORK/server-$run.log" "${settings[@]}"
}

fill() {
  dd if=/dev/zero of="$disk/filler-big" bs=1M status=none 2>/dev/null || true
  dd if=/dev/zero of="$disk/filler-small" bs=4k status=none 2>/dev/null || true
  dd if=/dev/zero of="$disk/filler-tiny" bs=512 status=none 2>/dev/null || true
}
free_space() { rm -f "$disk"/filler-*; }
available_kb() { df -k --output=avail "$disk" | tail -n 1 | tr -d ' '; }

status_of() { api GET "/v1/video/generations/$1" | sed '$d' | python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["status"])' 2>/dev/null || echo "?"; }
# wait_success ID SECONDS: 0 when the task succeeded in time.
wait_success() {
  local s=""
  for _ in $(seq 1 $(($2 * 5))); do
    s=$(status_of "$1")
    [ "$s" = SUCCESS ] && return 0
    [ "$s" = FAILURE ] && return 1
    sleep 0.2
  done
  return 1
}
# wait_all_terminal SECONDS: 0 when no task is queued or running in time.
wait_all_terminal() {
  for _ in $(seq 1 $(($1 * 2))); do
    [ "$(sql "$db" "SELECT count(*) FROM tasks WHERE status IN ('queued', 'running')")" -eq 0 ] && return 0
    sleep 0.5
  done
  return 1
}

# creates_while_full LABEL: tries the creates; checks every answer is 200 or an error with a message.
creates_while_full() {
  local label=$1 answer code ok=0 refused=0 unclear=0 codes=""
  for _ in $(seq 1 "$creates_when_full"); do
    answer=$(api POST /v1/video/generations "$CREATE_BODY" 2>/dev/null) || answer=$'\n000'
    code=$(tail -n 1 <<<"$answer")
    codes+=" $code"
    if [ "$code" = 200 ]; then
      ok=$((ok + 1))
    elif [ "$code" != 000 ] && grep -q '"message":"[^"]' <<<"$answer"; then
      refused=$((refused + 1))
      [ "$refused" -gt 1 ] || echo "  a refused create while full: $(sed '$d' <<<"$answer")"
    else
      unclear=$((unclear + 1))
      echo "  unclear answer while full: $answer" >&2
    fi
  done
  check "$label: creates answer 200 or an error with a message" $([ "$unclear" -eq 0 ]; echo $?) \
    "$ok accepted, $refused refused with a message, $unclear unclear; statuses:$(tr ' ' '\n' <<<"${codes# }" | sort | uniq -c | awk '{printf " %s x%s", $2, $1}')"
}

start
first=$(create_task)
check "a task renders to success on the small disk" $(wait_success "$first" 60; echo $?) "$first"
log "tmpfs of $size_mb MB at $disk; $(available_kb) kB free before filling"

for round in $(seq 1 "$rounds"); do
  # Two tasks that render while the disk fills up.
  busy=()
  for _ in 1 2; do busy+=("$(create_task)"); done
  for _ in $(seq 1 50); do [ "$(status_of "${busy[0]}")" = IN_PROGRESS ] && break; sleep 0.1; done
  fill
  log "round $round: filled ($(available_kb) kB free)"
  check "round $round: the file system is full" $([ "$(available_kb)" -eq 0 ]; echo $?) "$(available_kb) kB free"
  creates_while_full "round $round"
  check "round $round: GET of an earlier task answers while full" $([ "$(status_of "$first")" = SUCCESS ]; echo $?)
  check "round $round: /healthz answers while full" $(curl -fsS -o /dev/null --max-time 5 "$BASE/healthz"; echo $?)
  ready=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/readyz" || echo 000)
  check "round $round: /readyz answers while full (200 or 503)" $([ "$ready" = 200 ] || [ "$ready" = 503 ]; echo $?) "$ready"
  check "round $round: the server is still running" $(kill -0 "$SERVER_PID" 2>/dev/null; echo $?)
  integrity=$(sql "$db" "PRAGMA integrity_check" 2>&1 || true)
  check "round $round: PRAGMA integrity_check while full" $([ "$integrity" = ok ]; echo $?) "$integrity"
  sleep 2  # let the worker meet the full disk too

  free_space
  log "round $round: space returned ($(available_kb) kB free)"
  check "round $round: every task ends once space returns" $(wait_all_terminal 90; echo $?) \
    "$(sql "$db" "SELECT count(*) FROM tasks WHERE status IN ('queued', 'running')") still queued or running"
  busy_states=""
  for id in "${busy[@]}"; do busy_states+=" $(status_of "$id")"; done
  log "round $round: the tasks rendering as the disk filled ended as:$busy_states"
  unexplained=$(sql "$db" "SELECT count(*) FROM tasks WHERE status = 'failed' AND coalesce(json_extract(failure, '$.message'), '') = ''")
  check "round $round: each failed task says why" $([ "$unexplained" -eq 0 ]; echo $?) \
    "$(sql "$db" "SELECT count(*) FROM tasks WHERE status = 'failed'") failed, $unexplained without a message"
  after=$(create_task || echo "")
  check "round $round: a new task renders to success after recovery" $([ -n "$after" ] && wait_success "$after" 60; echo $?) "$after"
done

# A restart on a full disk.
fill
stop_server "$SERVER_PID" KILL
log "killed with SIGKILL on the full disk ($(available_kb) kB free); starting again while full"
run=$((run + 1))
restart_log="$BENCH_WORK/server-$run.log"
if start_server "$data" "$restart_log" "${settings[@]}" 2>/dev/null; then
  check "a start on the full disk serves, or exits saying why" 0 "it serves"
  creates_while_full "restarted while full"
  stop_server "$SERVER_PID" KILL
else
  last=$(tail -n 1 "$restart_log")
  crashed=$(grep -c -E 'Fatal error|Stack dump|Segmentation|Illegal instruction' "$restart_log" || true)
  check "a start on the full disk serves, or exits saying why" $([ -n "$last" ] && [ "$crashed" -eq 0 ]; echo $?) "it exited: $last"
fi
free_space
if ! start; then
  check "after the space returns, the server starts" 1 "see $BENCH_WORK/server-$run.log"
  finish_checks
  exit 1
fi
check "after the space returns, the server starts" 0
check "every task ends after the restart" $(wait_all_terminal 90; echo $?) \
  "$(sql "$db" "SELECT count(*) FROM tasks WHERE status IN ('queued', 'running')") still queued or running"
after=$(create_task || echo "")
check "a new task renders to success after the restart" $([ -n "$after" ] && wait_success "$after" 60; echo $?) "$after"
stop_server "$SERVER_PID" TERM
integrity=$(sql "$db" "PRAGMA integrity_check" 2>&1 || true)
check "PRAGMA integrity_check at the end" $([ "$integrity" = ok ]; echo $?) "$integrity"
echo
sql "$db" "SELECT status, coalesce(json_extract(failure, '$.code') || ': ' || json_extract(failure, '$.message'), '-'), count(*) FROM tasks GROUP BY 1, 2" |
  awk -F'|' '{ printf "  %-10s %4d  %s\n", $1, $3, $2 }'

finish_checks
