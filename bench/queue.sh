#!/usr/bin/env bash
# A deep queue: 10,000 tasks created through the API of a server with REELAY_ROLE=api (2 s of
# 480p, 1.0 lite t2v each), then:
#   - resident memory of the server process (VmRSS in /proc/PID/status) with them queued, after
#     the creates and after the listings (target < 150 MB);
#   - listing: GET /api/v3/contents/generations/tasks?page_size=500, first page and page 20 (the
#     last full one), one connection, p50/p99 from wrk --latency;
#   - claiming: the same data directory served by REELAY_ROLE=worker (REELAY_WORKERS=2): time from
#     the process start to the first claim, and claims/s over a window, both read from the
#     database (started_at) as tasks move to running. These claims are paced by the renders.
#   - dispatch: claims/s when nothing renders: 10,000 tasks whose image is an uploaded asset that
#     is deleted before the worker starts, so each render fails at once; the worker claims and
#     fails the whole queue, and claims/s = tasks / (last started_at - first started_at).
#
#   bench/queue.sh
#   REELAY_BENCH_TASKS=20000 bench/queue.sh
#
# Settings: REELAY_BENCH_TASKS (10000), REELAY_BENCH_CLAIM_SECONDS (window of rendered claims, 30),
# REELAY_BENCH_DISPATCH_WORKERS (4), REELAY_BENCH_LIST_SECONDS (5), SHORT=1 (2,000 tasks, 10 s
# window, 3 s listings), and those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

tasks=${REELAY_BENCH_TASKS:-10000}
claim_seconds=${REELAY_BENCH_CLAIM_SECONDS:-30}
dispatch_workers=${REELAY_BENCH_DISPATCH_WORKERS:-4}
list_seconds=${REELAY_BENCH_LIST_SECONDS:-5}
if [ "${SHORT:-0}" = "1" ]; then tasks=2000; claim_seconds=10; list_seconds=3; fi
last_page=$((tasks / 500))
[ "$last_page" -ge 1 ] || { echo "REELAY_BENCH_TASKS must be at least 500" >&2; exit 2; }
list_page=$((last_page < 20 ? last_page : 20))

install_tools wrk sqlite3
build_reelay
make_work queue
export REELAY_BENCH_KEY=$BENCH_KEY
now() { date +%s.%N; }
ms() { awk -v v="$1" 'BEGIN { printf "%.1f", v * 1000 }'; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1024 }'; }

# fill_queue DB BODY COUNT: wrk POSTs BODY until the database holds COUNT tasks (a few more: the
# requests in flight when wrk is stopped). Prints "stored creates_per_second".
fill_queue() {
  local db=$1 body=$2 count=$3 started wrk_pid stored=0 before=-1 still=0
  started=$(now)
  REELAY_BENCH_BODY=$body wrk -t2 -c16 -d600s -s bench/lua/create.lua "$BASE/v1/video/generations" >"$BENCH_WORK/fill.txt" 2>&1 &
  wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    stored=$(sql "$db" "SELECT count(*) FROM tasks")
    [ "$stored" -ge "$count" ] && break
    # No progress for 10 s: the creates are being refused; wrk's summary says how.
    if [ "$stored" -eq "$before" ]; then still=$((still + 1)); else still=0; fi
    [ "$still" -lt 50 ] || break
    before=$stored
    sleep 0.2
  done
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" || true
  local errors ended
  ended=$(now)
  errors=$(awk '/^WRKSTAT/ {print $7 + $8}' "$BENCH_WORK/fill.txt")
  [ "${errors:-1}" -eq 0 ] && [ "$stored" -ge "$count" ] || { cat "$BENCH_WORK/fill.txt" >&2; echo "creates failed while filling the queue" >&2; return 1; }
  # Creates the server had already received when wrk stopped may still be landing: count once
  # the figure holds still.
  stored=$(sql "$db" "SELECT count(*) FROM tasks")
  for _ in $(seq 1 20); do
    sleep 0.5
    before=$stored
    stored=$(sql "$db" "SELECT count(*) FROM tasks")
    [ "$stored" -eq "$before" ] && break
  done
  echo "$stored $(awk -v n="$stored" -v a="$started" -v b="$ended" 'BEGIN { printf "%.0f", n / (b - a) }')"
}

# list_latency PATH: p50 and p99 in ms of one connection listing PATH; checks the page is full.
list_latency() {
  local path=$1 out items
  items=$(api GET "$path" | sed '$d' | python3 -c 'import json, sys; print(len(json.load(sys.stdin)["items"]))')
  [ "$items" -eq 500 ] || { echo "$path listed $items tasks, not 500" >&2; return 1; }
  out=$(wrk -t1 -c1 -d"${list_seconds}s" --latency -s bench/lua/get.lua "$BASE$path")
  printf '%s\n' "$out" >>"$BENCH_WORK/list.txt"
  awk '/^WRKSTAT/ { printf "%.1f %.1f %d %d\n", $4 / 1000, $5 / 1000, $2, $7 + $8 }' <<<"$out"
}

# --- 1. 10,000 queued tasks through the API --------------------------------------------------
data="$BENCH_WORK/queue-data"
db="$data/reelay.sqlite"
start_server "$data" "$BENCH_WORK/api.log" REELAY_ROLE=api
rss_empty=$(rss_kb "$SERVER_PID")
log "creating $tasks tasks through POST /v1/video/generations (REELAY_ROLE=api)"
read -r stored create_rate < <(fill_queue "$db" "$CREATE_BODY" "$tasks")
[ -n "${create_rate:-}" ] || { echo "filling the queue failed" >&2; exit 1; }
queued=$(sql "$db" "SELECT count(*) FROM tasks WHERE status = 'queued'")
rss_created=$(rss_kb "$SERVER_PID")
log "$stored tasks stored ($queued queued) at $create_rate creates/s; VmRSS $(mb "$rss_created") MB (empty server: $(mb "$rss_empty") MB)"

log "listing: page 1 and page $list_page of page_size=500, one connection, $list_seconds s each"
read -r first_p50 first_p99 first_n first_err < <(list_latency "/api/v3/contents/generations/tasks?page_size=500")
read -r last_p50 last_p99 last_n last_err < <(list_latency "/api/v3/contents/generations/tasks?page_size=500&page_num=$list_page")
[ "$first_err" -eq 0 ] && [ "$last_err" -eq 0 ] || { echo "listing answered errors" >&2; exit 1; }
rss_listed=$(rss_kb "$SERVER_PID")
hwm_api=$(hwm_kb "$SERVER_PID")
log "page 1: p50 $first_p50 ms, p99 $first_p99 ms; page $list_page: p50 $last_p50 ms, p99 $last_p99 ms; VmRSS $(mb "$rss_listed") MB (peak $(mb "$hwm_api") MB)"
stop_server "$SERVER_PID" TERM

# --- 2. Claims with tiny renders ----------------------------------------------------------------
log "claiming: the same data directory with REELAY_ROLE=worker, REELAY_WORKERS=2, for $claim_seconds s"
spawned=$(now)
start_server "$data" "$BENCH_WORK/worker.log" REELAY_ROLE=worker REELAY_WORKERS=2
first=""
for _ in $(seq 1 600); do
  first=$(sql "$db" "SELECT min(started_at) FROM tasks")
  [ -n "$first" ] && break
  sleep 0.05
done
[ -n "$first" ] || { echo "no task was claimed within 30 s" >&2; exit 1; }
first_claim=$(awk -v a="$spawned" -v b="$first" 'BEGIN { printf "%.3f", b - a }')
rss_worker_start=$(rss_kb "$SERVER_PID")
sleep "$claim_seconds"
measured=$(now)
read -r claimed succeeded failed span < <(sql "$db" "SELECT count(started_at), sum(status = 'succeeded'), sum(status = 'failed'),
  max(started_at) - min(started_at) FROM tasks WHERE started_at IS NOT NULL" | tr '|' ' ')
rss_worker=$(rss_kb "$SERVER_PID")
stop_server "$SERVER_PID" KILL
render_rate=$(awk -v n="$claimed" -v a="$first" -v b="$measured" 'BEGIN { printf "%.2f", n / (b - a) }')
log "first claim $(ms "$first_claim") ms after the process started; $claimed claims in $claim_seconds s ($succeeded succeeded, $failed failed); VmRSS $(mb "$rss_worker") MB"
[ "${failed:-0}" -eq 0 ] || { echo "$failed rendered tasks failed:" >&2; sql "$db" "SELECT failure FROM tasks WHERE status = 'failed' LIMIT 3" >&2; exit 1; }

# --- 3. Dispatch rate: the same depth of queue, renders that fail at once --------------------------
data2="$BENCH_WORK/dispatch-data"
db2="$data2/reelay.sqlite"
start_server "$data2" "$BENCH_WORK/dispatch-api.log" REELAY_ROLE=api
python3 - "$BENCH_WORK/pixel.png" <<'EOF'
import struct, sys, zlib
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
rows = b"".join(b"\x00" + b"\x80\x40\x20" * 16 for _ in range(16))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
EOF
asset=$(curl -sS -X POST "$BASE/v1/assets" -H "Authorization: Bearer $BENCH_KEY" -H 'Content-Type: image/png' \
  --data-binary "@$BENCH_WORK/pixel.png" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
# asset:// inputs are Seedance 2.0's.
body='{"model":"doubao-seedance-2.0","content":[{"type":"text","text":"a paper boat"},{"type":"image_url","image_url":{"url":"asset://'"$asset"'"},"role":"first_frame"}],"duration":4,"resolution":"480p"}'
log "dispatch: creating $tasks tasks whose first frame is asset $asset"
read -r stored2 rate2 < <(fill_queue "$db2" "$body" "$tasks")
[ -n "${rate2:-}" ] || { echo "filling the dispatch queue failed" >&2; exit 1; }
[ "$(api DELETE "/v1/assets/$asset" | tail -n 1)" = 200 ] || { echo "could not delete the asset" >&2; exit 1; }
stop_server "$SERVER_PID" TERM
log "dispatch: REELAY_ROLE=worker, REELAY_WORKERS=$dispatch_workers, until the queue is empty"
spawned=$(now)
start_server "$data2" "$BENCH_WORK/dispatch-worker.log" REELAY_ROLE=worker REELAY_WORKERS="$dispatch_workers"
left=1
for _ in $(seq 1 3000); do
  left=$(sql "$db2" "SELECT count(*) FROM tasks WHERE status IN ('queued', 'running')")
  [ "$left" -eq 0 ] && break
  sleep 0.2
done
rss_dispatch=$(rss_kb "$SERVER_PID")
stop_server "$SERVER_PID" KILL
[ "$left" -eq 0 ] || { echo "dispatch: $left tasks still queued or running after 600 s" >&2; exit 1; }
read -r n2 failed2 span2 first2 < <(sql "$db2" "SELECT count(started_at), sum(status = 'failed' AND failure LIKE '%no longer exists%'),
  max(started_at) - min(started_at), min(started_at) FROM tasks" | tr '|' ' ')
[ "$failed2" -eq "$stored2" ] || { echo "dispatch: $failed2 of $stored2 tasks failed as expected (missing asset)" >&2; exit 1; }
dispatch_rate=$(awk -v n="$n2" -v s="$span2" 'BEGIN { printf "%.0f", n / s }')
dispatch_first=$(awk -v a="$spawned" -v b="$first2" 'BEGIN { printf "%.3f", b - a }')
log "dispatch: $n2 claims in $(awk -v s="$span2" 'BEGIN { printf "%.1f", s }') s = $dispatch_rate claims/s; first claim $(ms "$dispatch_first") ms after start"

rss_max=$rss_created
for v in "$rss_listed" "$rss_worker_start" "$rss_worker"; do [ "$v" -gt "$rss_max" ] && rss_max=$v; done
record "tasks queued (through the API)" "$stored at $create_rate/s" "$tasks" "-"
record "VmRSS, empty API server" "$(mb "$rss_empty") MB" "-" "-"
target "VmRSS, $stored queued (max: created, listed, worker)" "$(mb "$rss_max")" MB "<" 150
record "VmRSS: after creates / after listings / worker" "$(mb "$rss_created") / $(mb "$rss_listed") / $(mb "$rss_worker") MB" "-" "-"
record "list page 1 (page_size=500) p50 / p99" "$first_p50 / $first_p99 ms" "-" "-"
record "list page $list_page (page_size=500) p50 / p99" "$last_p50 / $last_p99 ms" "-" "-"
record "first claim after worker start ($stored queued)" "$(ms "$first_claim") ms" "-" "-"
record "claims/s with 2 workers rendering 2 s 480p" "$render_rate/s" "-" "-"
record "dispatch: claims/s, renders failing at once ($dispatch_workers workers)" "$dispatch_rate/s" "-" "-"
print_table
bench_exit
