#!/usr/bin/env bash
# Descriptor exhaustion: the server runs with only 256 file descriptors (prlimit), and a client
# opens hundreds of idle connections, more than it could ever hold. Checks:
#   - the server keeps running (it once died with SIGILL when accept ran out of descriptors);
#   - while the sockets are held, /healthz still answers (the connection cap leaves descriptors
#     for its own work, and idle connections are closed after REELAY_IDLE_TIMEOUT);
#   - a task still renders to success while they are held;
#   - once they are closed, it answers at once.
# Prints "N passed, M failed" and exits non-zero when a check fails.
#
#   bench/reliability/descriptors.sh            # 3 rounds of 600 connections
#   SHORT=1 bench/reliability/descriptors.sh    # 1 round (CI)
#
# Settings: ROUNDS, REELAY_FD_SOCKETS (600), and those of bench/lib.sh.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

rounds=${ROUNDS:-3}
sockets=${REELAY_FD_SOCKETS:-600}
if [ "${SHORT:-0}" = "1" ]; then rounds=${ROUNDS:-1}; fi

install_tools
build_reelay
make_work descriptors
# The server under a low descriptor limit: prlimit execs it, so the PID is the server's.
wrapper="$BENCH_WORK/reelay-256"
printf '#!/bin/sh\nexec prlimit --nofile=256 -- "%s" "$@"\n' "$REELAY" >"$wrapper"
chmod +x "$wrapper"
REELAY="$wrapper"
start_server "$BENCH_WORK/data" "$BENCH_WORK/server.log" REELAY_IDLE_TIMEOUT=3

for round in $(seq 1 "$rounds"); do
  log "round $round: holding up to $sockets idle connections"
  # Opens the sockets, then runs the checks of the held phase, then closes them; prints
  # "held N", "healthz S", "task T" lines.
  result=$(python3 - "$SERVER_PORT" "$sockets" "$BENCH_KEY" <<'PY'
import json, socket, sys, time, urllib.request
port, count, key = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
held = []
for _ in range(count):
    try:
        held.append(socket.create_connection(("127.0.0.1", port), timeout=2))
    except OSError:
        break  # the listen queue is full: that is as far as a client gets
print("held", len(held))
def call(path, body=None, timeout=60):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as answer:
        return answer.status, json.loads(answer.read() or b"null")
# Hang guards of 120 s: the idle timeout frees room within seconds.
deadline = time.time() + 120
status = "none"
while time.time() < deadline:
    try:
        status, _ = call("/healthz")
        break
    except OSError:
        time.sleep(0.5)
print("healthz", status)
state = "none"
try:
    _, created = call("/v1/video/generations", json.dumps({"model": "doubao-seedance-1-5-pro-251215",
        "content": [{"type": "text", "text": "a lamp in the dark --dur 4"}], "resolution": "480p"}).encode())
    while time.time() < deadline + 120 and state not in ("SUCCESS", "FAILURE"):
        _, polled = call(f"/v1/video/generations/{created['id']}")
        state = polled["data"]["status"]
        time.sleep(0.5)
except OSError as error:
    state = f"error {error}"
print("task", state)
for sock in held:
    sock.close()
PY
)
  held=$(awk '/^held/ {print $2}' <<<"$result")
  check "round $round: $held idle connections held, the server still runs" "$(kill -0 "$SERVER_PID" 2>/dev/null; echo $?)"
  check "round $round: /healthz answers while they are held" "$([ "$(awk '/^healthz/ {print $2}' <<<"$result")" = 200 ]; echo $?)"
  check "round $round: a task renders to success while they are held" "$([ "$(awk '/^task/ {print $2}' <<<"$result")" = SUCCESS ]; echo $?)" \
    "$(awk '/^task/' <<<"$result")"
  check "round $round: /healthz answers once they are closed" "$(curl -fsS -o /dev/null --max-time 30 "$BASE/healthz"; echo $?)"
done
check "the log has no crash" "$(! grep -qiE 'fatal error|SIGILL|Illegal instruction' "$BENCH_WORK/server.log"; echo $?)"
finish_checks
