#!/usr/bin/env bash
# Upstream tasks at scale: 10,000 tasks in flight on one instance (REELAY_WORKERS=4) against a fake
# Ark (bench/fake-ark.py, loopback) that keeps them running until the bench finishes them.
#
#   1. creates the tasks through the seed A route and waits until every one is parked;
#   2. watches a steady window with all of them in flight: the reelay process's resident memory
#      (target < 200 MB), upstream requests per busy polling round (target <= 1 per 100 tasks in
#      flight) and store writes per round, from the poller's own figures on /metrics
#      (reelay_upstream_poller_*), cross-checked with the requests the fake Ark counted;
#   3. lets a sample of tasks succeed upstream, evenly spread, without callbacks, then another
#      sample with callbacks, and reports the delay from the upstream's success to the task's
#      success in the store (finished_at; a client's next poll sees it) as p50/p99 (targets: the
#      polling's maxInterval + 2 s; 1 s with callbacks);
#   4. lets the rest succeed (with callbacks) and checks every task succeeded exactly once.
#
#   bench/upstream-scale.sh
#   SHORT=1 bench/upstream-scale.sh                      # 1,000 tasks, about a minute and a half
#   scripts/with-postgres env REELAY_BENCH_POSTGRES=1 bench/upstream-scale.sh   # two instances share the polling
#
# Settings: REELAY_BENCH_TASKS (10000), REELAY_BENCH_WINDOW (steady seconds, 60),
# REELAY_BENCH_SAMPLE (tasks per latency sample, 1000), REELAY_BENCH_SPREAD (seconds a sample's
# successes are spread over, 60), REELAY_BENCH_POLL_INITIAL / REELAY_BENCH_POLL_MAX (the channel's
# polling initialInterval / maxInterval, 3 / 15: Reelay's defaults), REELAY_BENCH_POSTGRES=1 (the
# PostgreSQL of scripts/with-postgres, REELAY_TEST_DATABASE_URL, and two instances; tasks are
# created through both), SHORT=1 (1,000 tasks, 15 s window, samples of 200 over 10 s), and those
# of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

tasks=${REELAY_BENCH_TASKS:-10000}
window=${REELAY_BENCH_WINDOW:-60}
sample=${REELAY_BENCH_SAMPLE:-1000}
spread=${REELAY_BENCH_SPREAD:-60}
if [ "${SHORT:-0}" = "1" ]; then tasks=1000; window=15; sample=200; spread=10; fi
poll_initial=${REELAY_BENCH_POLL_INITIAL:-3}
poll_max=${REELAY_BENCH_POLL_MAX:-15}
postgres=0
[ "${REELAY_BENCH_POSTGRES:-0}" = "1" ] && postgres=1

install_tools sqlite3
build_reelay
make_work upstream-scale

store=()
instances=1
if [ "$postgres" = 1 ]; then
  [ -n "${REELAY_TEST_DATABASE_URL:-}" ] || { echo "REELAY_BENCH_POSTGRES=1 needs scripts/with-postgres" >&2; exit 1; }
  store=(REELAY_DATABASE_URL="$REELAY_TEST_DATABASE_URL")
  instances=2
  psql_bin=$(command -v psql || ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
fi

# query SQL: one statement on the task store; prints its rows ("a b" per row).
query() {
  if [ "$postgres" = 1 ]; then
    "$psql_bin" "$REELAY_TEST_DATABASE_URL" -AtqF ' ' -c "$1"
  else
    sql "$BENCH_WORK/data-1/reelay.sqlite" "$1" | tr '|' ' '
  fi
}
epoch() { if [ "$postgres" = 1 ]; then echo "extract(epoch from $1)"; else echo "$1"; fi; }

# The fake Ark, stopped with the servers at the end.
ark_key=bench-ark-key-0123456789
python3 bench/fake-ark.py --port-file "$BENCH_WORK/ark.port" --key "$ark_key" >"$BENCH_WORK/fake-ark.log" 2>&1 &
bench_servers+=("$!")
for _ in $(seq 1 100); do [ -s "$BENCH_WORK/ark.port" ] && break; sleep 0.1; done
[ -s "$BENCH_WORK/ark.port" ] || { echo "the fake Ark did not start" >&2; cat "$BENCH_WORK/fake-ark.log" >&2; exit 1; }
ark="http://127.0.0.1:$(cat "$BENCH_WORK/ark.port")"
ark_get() { curl -fsS --max-time 30 "$ark$1"; }
ark_stat() { ark_get /_control/stats | python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }
ark_finish() { curl -fsS --max-time 30 -X POST "$ark/_control/finish" -H 'Content-Type: application/json' -d "$1" >/dev/null; }

# Every model goes to the fake; callbacks reach the first instance (any instance wakes a shared row).
first_port=$(free_port)
cat >"$BENCH_WORK/upstreams.json" <<EOF
{
  "channels": [
    {"name": "ark-bench", "kind": "ark", "baseURL": "$ark/api/v3", "apiKeyEnv": "BENCH_ARK_KEY",
     "callbackURL": "http://127.0.0.1:$first_port/upstream/callback/ark-bench"}
  ],
  "routes": {"*": ["ark-bench"]},
  "polling": {"initialInterval": $poll_initial, "maxInterval": $poll_max, "pageSize": 100}
}
EOF

pids=() bases=()
for n in $(seq 1 "$instances"); do
  SERVER_PORT_WANTED=$([ "$n" = 1 ] && echo "$first_port" || free_port) \
    start_server "$BENCH_WORK/data-$n" "$BENCH_WORK/server-$n.log" REELAY_WORKERS=4 \
    REELAY_UPSTREAMS="$BENCH_WORK/upstreams.json" BENCH_ARK_KEY="$ark_key" "${store[@]}"
  pids+=("$SERVER_PID") bases+=("$BASE")
done

# poller_value BASE NAME: reelay_upstream_poller_NAME of the instance at BASE.
poller_value() {
  local value
  value=$(curl -fsS --max-time 30 "$1/metrics" | awk -v m="reelay_upstream_poller_$2" '$1 == m {printf "%.0f", $2}')
  echo "${value:-0}"
}
# poller_sum NAME / poller_max NAME: that figure summed over the instances / the largest one.
poller_sum() {
  local base total=0
  for base in "${bases[@]}"; do total=$((total + $(poller_value "$base" "$1"))); done
  echo "$total"
}
poller_max() {
  local base best=0 value
  for base in "${bases[@]}"; do
    value=$(poller_value "$base" "$1")
    [ "$value" -gt "$best" ] && best=$value
  done
  echo "$best"
}
peak_mb() { local pid best=0 kb; for pid in "${pids[@]}"; do kb=$(hwm_kb "$pid"); [ "$kb" -gt "$best" ] && best=$kb; done; awk -v k="$best" 'BEGIN { printf "%.0f", k / 1024 }'; }

# 1. Create.
log "creating $tasks tasks on $instances instance(s) (upstream polling every $poll_initial...$poll_max s)"
bases_csv=$(IFS=,; echo "${bases[*]}")
started=$(date +%s.%N)
rate=$(python3 bench/upstream-load.py create "$bases_csv" "$BENCH_KEY" "$tasks" 0 16 "$BENCH_WORK/ids.txt")
log "created $tasks tasks ($rate per second); waiting until all are parked"
parked=0
for _ in $(seq 1 1800); do
  parked=$(query "SELECT count(*) FROM tasks WHERE wait_state = 'parked'")
  [ "$parked" -ge "$tasks" ] && break
  sleep 1
done
[ "$parked" -ge "$tasks" ] || { echo "only $parked of $tasks tasks were parked after 30 min" >&2; exit 1; }
in_flight_after=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
log "$tasks tasks in flight upstream after $in_flight_after s; fake Ark holds $(ark_stat held)"

# 2. Steady window.
rounds0=$(poller_sum busy_rounds) requests0=$(poller_sum requests) writes0=$(poller_sum store_writes) looked0=$(poller_sum tasks_looked)
lists0=$(ark_stat lists) gets0=$(ark_stat gets)
log "watching $window s with every task in flight"
rss_peak=0
for _ in $(seq 1 "$window"); do
  for pid in "${pids[@]}"; do kb=$(rss_kb "$pid"); [ "$kb" -gt "$rss_peak" ] && rss_peak=$kb; done
  sleep 1
done
rounds=$(( $(poller_sum busy_rounds) - rounds0 ))
requests=$(( $(poller_sum requests) - requests0 ))
writes=$(( $(poller_sum store_writes) - writes0 ))
looked=$(( $(poller_sum tasks_looked) - looked0 ))
lists=$(( $(ark_stat lists) - lists0 ))
gets=$(( $(ark_stat gets) - gets0 ))
[ "$rounds" -gt 0 ] || { echo "no busy polling round in $window s" >&2; exit 1; }
per_round=$(awk -v r="$requests" -v n="$rounds" 'BEGIN { printf "%.2f", r / n }')
per_hundred=$(awk -v r="$requests" -v n="$rounds" -v t="$tasks" 'BEGIN { printf "%.3f", (r / n) / (t / 100) }')
max_per_hundred=$(awk -v r="$(poller_max max_requests_in_a_round)" -v t="$tasks" 'BEGIN { printf "%.3f", r / (t / 100) }')
writes_per_round=$(awk -v w="$writes" -v n="$rounds" 'BEGIN { printf "%.0f", w / n }')
writes_per_look=$(awk -v w="$writes" -v l="$looked" 'BEGIN { printf "%.3f", l ? w / l : 0 }')
rss_mb=$(awk -v k="$rss_peak" 'BEGIN { printf "%.0f", k / 1024 }')
log "window: $rounds busy rounds, $requests upstream requests ($lists lists, $gets gets at the fake), $looked looks, $writes store writes"

# 3. Latency samples: without callbacks, then with.
wait_succeeded() {
  local want=$1 done_count=0
  for _ in $(seq 1 9000); do  # a hang guard of some 15 min
    done_count=$(query "SELECT count(*) FROM tasks WHERE status = 'succeeded'")
    [ "$done_count" -ge "$want" ] && return 0
    sleep 0.1
  done
  echo "only $done_count of $want tasks succeeded" >&2
  return 1
}
ended_times() { query "SELECT id, $(epoch finished_at) FROM tasks WHERE status = 'succeeded'" >"$1"; }
log "$sample tasks succeed upstream over $spread s, found by polling"
ark_finish "{\"count\": $sample, \"over\": $spread, \"callbacks\": false}"
wait_succeeded "$sample"
ark_get /_control/finished >"$BENCH_WORK/finished-polled.json"
ended_times "$BENCH_WORK/ended-polled.txt"
read -r polled_n polled_p50 polled_p99 polled_max < <(python3 bench/upstream-load.py delays "$BENCH_WORK/ids.txt" \
  "$BENCH_WORK/finished-polled.json" "$BENCH_WORK/ended-polled.txt")

log "$sample more succeed upstream over $spread s, each with a callback"
ark_finish "{\"count\": $sample, \"over\": $spread, \"callbacks\": true}"
wait_succeeded $((sample * 2))
ark_get /_control/finished | python3 -c '
import json, sys
polled = json.load(open(sys.argv[1]))
print(json.dumps({k: v for k, v in json.load(sys.stdin).items() if k not in polled}))' \
  "$BENCH_WORK/finished-polled.json" >"$BENCH_WORK/finished-called.json"
ended_times "$BENCH_WORK/ended-called.txt"
read -r called_n called_p50 called_p99 called_max < <(python3 bench/upstream-load.py delays "$BENCH_WORK/ids.txt" \
  "$BENCH_WORK/finished-called.json" "$BENCH_WORK/ended-called.txt")

# 4. Drain: every task ends, once.
log "the remaining $((tasks - 2 * sample)) tasks succeed upstream at once (with callbacks)"
drain_started=$(date +%s.%N)
ark_finish '{"over": 0, "callbacks": true}'
wait_succeeded "$tasks"
drain_s=$(awk -v s="$drain_started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
failed=$(query "SELECT count(*) FROM tasks WHERE status <> 'succeeded'")
downloads=$(ark_stat downloads)
hwm_mb=$(peak_mb)

echo
echo "$tasks tasks on $instances instance(s)$([ "$postgres" = 1 ] && echo ", PostgreSQL" || echo ", SQLite"), REELAY_WORKERS=4;" \
  "polling $poll_initial...$poll_max s, pageSize 100"
echo "created at $rate tasks/s; all $tasks in flight $in_flight_after s after the first create"
echo "steady window $window s: $rounds busy rounds, $per_round upstream requests a round ($lists lists + $gets gets at the fake)," \
  "$writes_per_round store writes a round ($writes_per_look per task looked at)"
echo "without callbacks: $polled_n tasks, delay p50 $polled_p50 s, p99 $polled_p99 s, max $polled_max s"
echo "with callbacks:    $called_n tasks, delay p50 $called_p50 s, p99 $called_p99 s, max $called_max s"
echo "drain: the last $((tasks - 2 * sample)) tasks succeeded in $drain_s s; $failed not succeeded; fake Ark served $downloads downloads"

label="$tasks upstream tasks"
[ "$postgres" = 1 ] && label="$label, PostgreSQL, 2 instances"
target "$label: peak resident memory of an instance (window)" "$rss_mb" MB "<" 200
record "$label: peak resident memory of an instance (end, VmHWM)" "$hwm_mb MB" "-" "-"
target "$label: upstream requests a busy round per 100 in flight" "$per_hundred" "" "<=" 1
target "$label: most upstream requests in one round per 100 in flight" "$max_per_hundred" "" "<=" 1
record "$label: store writes a busy round (per task looked at)" "$writes_per_round ($writes_per_look)" "-" "-"
record "$label: success delay without callbacks, p50" "$polled_p50 s" "-" "-"
target "$label: success delay without callbacks, p99" "$polled_p99" s "<=" "$((poll_max + 2))"
record "$label: success delay with callbacks, p50" "$called_p50 s" "-" "-"
target "$label: success delay with callbacks, p99" "$called_p99" s "<=" 1
record "$label: tasks created per second" "$rate" "-" "-"
print_table
[ "$failed" -eq 0 ] || { echo "$failed tasks did not succeed" >&2; exit 1; }
[ "$polled_n" -eq "$sample" ] && [ "$called_n" -eq "$sample" ] || { echo "a sample's delays are incomplete" >&2; exit 1; }
bench_exit
