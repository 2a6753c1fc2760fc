#!/usr/bin/env bash
# Fair sharing between keys: one key queues REELAY_FAIR_QUEUED tasks (1,000), then a second key
# creates one. Measures how many of the first key's tasks start between the second key's create
# and the moment its task starts running. Target: at most REELAY_WORKERS (2): the second key
# waits for one render at most, not for the first key's queue.
#
#   bench/fairness.sh
#
# Settings: REELAY_FAIR_QUEUED (1000), and those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

queued=${REELAY_FAIR_QUEUED:-1000}
workers=2
install_tools
build_reelay
make_work fairness
start_server "$BENCH_WORK/data" "$BENCH_WORK/server.log" REELAY_WORKERS=$workers

figures=$(python3 - "$BASE" "$BENCH_KEY" "$BENCH_OTHER_KEY" "$queued" <<'PY'
import json, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, first, second, queued = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def call(method, path, key, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())
body = {"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "a queue of lanterns --dur 4"}], "resolution": "480p"}
with ThreadPoolExecutor(8) as pool:
    list(pool.map(lambda _: call("POST", "/api/v3/contents/generations/tasks", first, body), range(queued)))
def started(key):
    total = 0
    for status in ("running", "succeeded", "failed"):
        total += call("GET", f"/api/v3/contents/generations/tasks?page_size=1&filter.status={status}", key)["total"]
    return total
before = started(first)
task = call("POST", "/api/v3/contents/generations/tasks", second, body)["id"]
created = time.time()
while call("GET", f"/api/v3/contents/generations/tasks/{task}", second)["status"] == "queued":
    if time.time() - created > 600:
        break
    time.sleep(0.05)
print(started(first) - before, round(time.time() - created, 2))
PY
)
read -r overtaken waited <<<"$figures"
log "the first key's tasks that started before the second key's: $overtaken; the second key waited $waited s"
target "tasks of a key with $queued queued that start before another key's new task" "$overtaken" "" "<=" "$workers"
record "wait of the other key's task for a worker" "$waited s" "one render" "-"
print_table
bench_exit
