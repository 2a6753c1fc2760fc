#!/usr/bin/env bash
# Crash loop: tasks keep flowing (a client creates one every REELAY_CRASH_CREATE_INTERVAL seconds,
# 2 s of 480p each, rendered by 2 workers) while the server is killed with SIGKILL and restarted on
# the same port and data directory, KILLS times, each kill landing while a task renders. Then the
# client stops, the server finishes the queue and is stopped, and the invariants are checked:
#   - every restart answered /healthz; no create answered a 5xx without a message;
#   - none lost: every id a create answered 200 with is in the database;
#   - every task is terminal; succeeded, or failed with WorkerLost after REELAY_MAX_ATTEMPTS
#     interrupted runs (no other failure), and attempts never exceed that;
#   - none completed twice: no task logged "Task succeeded" twice across all the server runs;
#     each succeeded task has its result, progress 100, no failure, and exactly one result file
#     (files/<id>/video.mp4, a readable video); no other task has files; no work folder is left;
#   - the kills hit renders (some task ran more than once); PRAGMA integrity_check is ok.
# Prints "N passed, M failed" and exits non-zero when a check fails.
#
#   bench/reliability/crash-loop.sh             # 30 kills
#   SHORT=1 bench/reliability/crash-loop.sh     # 8 kills, under 2 minutes (CI)
#   KILLS=100 bench/reliability/crash-loop.sh
#
# Settings: KILLS, REELAY_CRASH_CREATE_INTERVAL (seconds, 0.7), REELAY_CRASH_DRAIN_SECONDS (how
# long the queue may take to finish after the last kill, 600; SHORT 90), and those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

kills=${KILLS:-30}
interval=${REELAY_CRASH_CREATE_INTERVAL:-0.7}
drain_seconds=${REELAY_CRASH_DRAIN_SECONDS:-600}
max_attempts=3
if [ "${SHORT:-0}" = "1" ]; then kills=${KILLS:-8}; drain_seconds=${REELAY_CRASH_DRAIN_SECONDS:-90}; fi

install_tools sqlite3
build_reelay
make_work crash-loop
data="$BENCH_WORK/data"
db="$data/reelay.sqlite"
stop_file="$BENCH_WORK/stop"
ids="$BENCH_WORK/ids.txt"
codes="$BENCH_WORK/codes.txt"
bad="$BENCH_WORK/bad-answers.txt"
: >"$ids"; : >"$codes"; : >"$bad"
loader_pid=""
bench_extra_cleanup() { touch "$stop_file"; [ -z "$loader_pid" ] || wait "$loader_pid" 2>/dev/null || true; }

settings=(REELAY_WORKERS=2 REELAY_MAX_ATTEMPTS=$max_attempts)
run=0
start() {
  run=$((run + 1))
  start_server "$data" "$BENCH_WORK/server-$run.log" "${settings[@]}"
}

# The client: creates until told to stop; keeps the ids answered 200, and every 5xx answer.
loader() {
  local answer code id
  while [ ! -e "$stop_file" ]; do
    answer=$(curl -sS --max-time 10 -X POST "$BASE/v1/video/generations" -H "Authorization: Bearer $BENCH_KEY" \
      -H 'Content-Type: application/json' -d "$CREATE_BODY" -w '\n%{http_code}' 2>/dev/null) || answer=$'\n000'
    code=$(tail -n 1 <<<"$answer")
    echo "$code" >>"$codes"
    if [ "$code" = 200 ]; then
      id=$(sed '$d' <<<"$answer" | grep -o '"id":"[^"]*"' | head -n 1 | cut -d'"' -f4)
      if [ -n "$id" ]; then echo "$id" >>"$ids"; else echo "200 without an id: $answer" >>"$bad"; fi
    elif [ "${code:0:1}" = 5 ] && ! grep -q '"message":"[^"]' <<<"$answer"; then
      echo "$code without a message: $answer" >>"$bad"
    fi
    sleep "$interval"
  done
}

start
SERVER_PORT_WANTED=$SERVER_PORT
loader &
loader_pid=$!
log "server on $BASE; a client creates a task every $interval s; $kills kills to come"

restarts_ok=0 mid_render=0
for i in $(seq 1 "$kills"); do
  # 1 to 4 s of work, then a kill while something renders (waiting up to 10 s more for one).
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", 1 + 3 * r / 32767 }')"
  for _ in $(seq 1 100); do
    [ "$(sql "$db" "SELECT count(*) FROM tasks WHERE status = 'running'")" -gt 0 ] && { mid_render=$((mid_render + 1)); break; }
    sleep 0.1
  done
  stop_server "$SERVER_PID" KILL
  if start; then restarts_ok=$((restarts_ok + 1)); else log "restart $i failed"; fi
  log "kill $i of $kills: $(wc -l <"$ids") tasks created so far; $(sql "$db" "SELECT count(*) FROM tasks WHERE attempts > 1") ran more than once"
done
touch "$stop_file"
wait "$loader_pid" || true
loader_pid=""

log "client stopped; waiting up to $drain_seconds s for the queue to finish"
left=1
for _ in $(seq 1 $((drain_seconds * 2))); do
  left=$(sql "$db" "SELECT count(*) FROM tasks WHERE status IN ('queued', 'running')")
  [ "$left" -eq 0 ] && break
  sleep 0.5
done
stop_server "$SERVER_PID" TERM

# --- checks ---------------------------------------------------------------------------------------
created=$(wc -l <"$ids")
echo
echo "$kills kills ($mid_render while a task was running), $created tasks created (answered 200), $(grep -vc '^200$' "$codes" || true) creates not answered 200 (the server was down)"
sql "$db" "SELECT status, coalesce(json_extract(failure, '$.code'), '-'), count(*), max(attempts) FROM tasks GROUP BY 1, 2" |
  awk -F'|' 'BEGIN { print "status     failure       tasks  max attempts" } { printf "%-10s %-12s %6d  %d\n", $1, $2, $3, $4 }'
echo

check "every restart answered /healthz" $([ "$restarts_ok" -eq "$kills" ]; echo $?) "$restarts_ok of $kills"
check "tasks were created while the server was killed" $([ "$created" -gt 0 ]; echo $?) "$created"
check "no 5xx answer without a message, no 200 without an id" $([ ! -s "$bad" ]; echo $?) "$(wc -l <"$bad") bad answers"

sql "$db" "SELECT id FROM tasks" | sort >"$BENCH_WORK/stored.txt"
sort -u "$ids" >"$BENCH_WORK/created.txt"
lost=$(comm -23 "$BENCH_WORK/created.txt" "$BENCH_WORK/stored.txt" | wc -l)
check "none lost: every created id is in the database" $([ "$lost" -eq 0 ]; echo $?) "$lost missing"

check "every task is terminal" $([ "$left" -eq 0 ]; echo $?) "$left queued or running"
other=$(sql "$db" "SELECT count(*) FROM tasks WHERE status NOT IN ('succeeded', 'failed')
  OR (status = 'failed' AND coalesce(json_extract(failure, '$.code'), '') != 'WorkerLost')")
check "each task succeeded, or failed with WorkerLost" $([ "$other" -eq 0 ]; echo $?) "$other others"
over=$(sql "$db" "SELECT count(*) FROM tasks WHERE attempts > $max_attempts")
check "attempts never exceed REELAY_MAX_ATTEMPTS=$max_attempts" $([ "$over" -eq 0 ]; echo $?) "$over over"
reran=$(sql "$db" "SELECT count(*) FROM tasks WHERE attempts > 1")
check "the kills interrupted renders (tasks ran again)" $([ "$reran" -gt 0 ]; echo $?) "$reran tasks ran more than once"

cat "$BENCH_WORK"/server-*.log | grep -o 'task=[^ ]* \[Reelay\] Task succeeded' | sort >"$BENCH_WORK/succeeded-logged.txt" || true
logged=$(wc -l <"$BENCH_WORK/succeeded-logged.txt")
twice=$(uniq -d "$BENCH_WORK/succeeded-logged.txt" | wc -l)
# The log lines must be found at all, or this check proves nothing.
check "none completed twice (\"Task succeeded\" logged at most once per task)" $([ "$twice" -eq 0 ] && [ "$logged" -gt 0 ]; echo $?) \
  "$logged logged, $twice tasks twice"
incoherent=$(sql "$db" "SELECT count(*) FROM tasks WHERE
  (status = 'succeeded' AND (result IS NULL OR failure IS NOT NULL OR progress != 100 OR finished_at IS NULL))
  OR (status = 'failed' AND (failure IS NULL OR result IS NOT NULL))")
check "succeeded tasks have a result and no failure; failed ones a failure and no result" $([ "$incoherent" -eq 0 ]; echo $?) "$incoherent incoherent rows"

files_bad=0 unplayable=0
while read -r id; do
  count=$(find "$data/files/$id" -maxdepth 1 -name '*.mp4' 2>/dev/null | wc -l)
  if [ "$count" -ne 1 ] || [ ! -s "$data/files/$id/video.mp4" ]; then
    files_bad=$((files_bad + 1)); echo "  $id: $count video files" >&2
  elif ! ffprobe -v error -select_streams v:0 -show_entries stream=codec_type -of csv=p=0 "$data/files/$id/video.mp4" | grep -q video; then
    unplayable=$((unplayable + 1))
  fi
done < <(sql "$db" "SELECT id FROM tasks WHERE status = 'succeeded'")
succeeded=$(sql "$db" "SELECT count(*) FROM tasks WHERE status = 'succeeded'")
check "each succeeded task has exactly one result file" $([ "$files_bad" -eq 0 ]; echo $?) "$succeeded succeeded, $files_bad without exactly one"
check "every result file is a readable video (ffprobe)" $([ "$unplayable" -eq 0 ]; echo $?) "$unplayable unreadable"
sql "$db" "SELECT id FROM tasks WHERE status = 'succeeded'" | sort >"$BENCH_WORK/succeeded.txt"
strays=$(find "$data/files" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n' | sort | comm -23 - "$BENCH_WORK/succeeded.txt" | wc -l)
check "no result folder for a task that did not succeed" $([ "$strays" -eq 0 ]; echo $?) "$strays strays"
work_left=$(find "$data/files/.work" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
check "no work folder left behind" $([ "$work_left" -eq 0 ]; echo $?) "$work_left left"

integrity=$(sql "$db" "PRAGMA integrity_check")
check "PRAGMA integrity_check" $([ "$integrity" = ok ]; echo $?) "$integrity"

finish_checks
