#!/usr/bin/env bash
# /healthz and polls while creates are flooded: REELAY_FLOOD_CLIENTS (4) clients send large
# creates without pause for REELAY_FLOOD_SECONDS (20 s): half of them 15 MB bodies of 500,000
# content items (refused by the structure scan), half creates carrying an 8 MB data: image (decoded,
# sniffed and probed before they are refused). Meanwhile one client calls /healthz and polls a
# task every 20 ms. Its latencies are compared with the same calls on the idle server, side by
# side. Target: the 99th percentile under the flood within 50 ms.
#
#   bench/flood.sh
#
# Settings: REELAY_FLOOD_CLIENTS, REELAY_FLOOD_SECONDS, and those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

clients=${REELAY_FLOOD_CLIENTS:-4}
seconds=${REELAY_FLOOD_SECONDS:-20}
[ "${SHORT:-0}" = "1" ] && seconds=8
install_tools
build_reelay
make_work flood
start_server "$BENCH_WORK/data" "$BENCH_WORK/server.log"

figures=$(python3 - "$BASE" "$BENCH_KEY" "$BENCH_OTHER_KEY" "$clients" "$seconds" <<'PY'
import base64, http.client, json, sys, threading, time, urllib.parse
base, key, other, clients, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
host = urllib.parse.urlparse(base)

def connection():
    return http.client.HTTPConnection(host.hostname, host.port, timeout=120)

def call(conn, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    conn.request(method, path, body=body, headers=headers)
    answer = conn.getresponse()
    data = answer.read()
    return answer.status, data

probe = connection()
status, data = call(probe, "POST", "/api/v3/contents/generations/tasks", other,
                    json.dumps({"model": "doubao-seedance-1-5-pro-251215", "content": [{"type": "text", "text": "a kite"}]}))
task = json.loads(data)["id"]

def measure(duration):
    latencies = []
    end = time.time() + duration
    while time.time() < end:
        for path in ("/healthz", f"/api/v3/contents/generations/tasks/{task}"):
            started = time.perf_counter()
            call(probe, "GET", path, other)
            latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    latencies.sort()
    return latencies

items = json.dumps({"model": "doubao-seedance-1-5-pro-251215",
                    "content": [{"type": "text", "text": "x"}] * 500_000}).encode()
picture = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x40\x00\x00\x00\xb4\x08\x02\x00\x00\x00" + bytes(8 * 1024 * 1024)
inline = json.dumps({"model": "doubao-seedance-1-5-pro-251215", "content": [
    {"type": "text", "text": "x"},
    {"type": "image_url", "image_url": {"url": "data:image/png;base64," + base64.b64encode(picture).decode()}}]}).encode()
stop = threading.Event()
sent = [0]
def flood(body):
    conn = connection()
    while not stop.is_set():
        try:
            call(conn, "POST", "/api/v3/contents/generations/tasks", key, body)
            sent[0] += 1
        except Exception:
            conn = connection()

quiet = measure(min(seconds, 5))
threads = [threading.Thread(target=flood, args=(items if n % 2 == 0 else inline,)) for n in range(clients)]
for thread in threads: thread.start()
time.sleep(1)
loaded = measure(seconds)
stop.set()
for thread in threads: thread.join()
def pct(values, p): return values[min(len(values) - 1, int(len(values) * p))]
print(f"{pct(quiet, 0.5):.1f} {pct(quiet, 0.99):.1f} {pct(loaded, 0.5):.1f} {pct(loaded, 0.99):.1f} {loaded[-1]:.1f} {sent[0]} {len(loaded)}")
PY
)
read -r quiet50 quiet99 flood50 flood99 floodmax creates calls <<<"$figures"
log "idle: p50 $quiet50 ms, p99 $quiet99 ms; under $clients flooding clients ($creates large creates): p50 $flood50 ms, p99 $flood99 ms, max $floodmax ms over $calls calls"
record "/healthz and poll p50, idle | flooded" "$quiet50 ms | $flood50 ms" "-" "-"
target "/healthz and poll p99 while $clients clients flood large creates (idle: $quiet99 ms)" "$flood99" "ms" "<=" 50
print_table
bench_exit
