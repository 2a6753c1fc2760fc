#!/usr/bin/env python3
"""The client side of bench/upstream-scale.sh.

  upstream-load.py create BASE KEY COUNT FIRST CONCURRENCY OUT
      creates tasks "bench task FIRST" ... "bench task FIRST+COUNT-1" through Reelay's seed A
      route (BASE may be several addresses, comma-separated, used in turn), appending
      "<index> <task id>" lines to OUT; prints the creates per second
  upstream-load.py delays IDS FINISHED ENDED
      IDS: the lines of create; FINISHED: the fake Ark's /_control/finished answer (prompt ->
      when it succeeded upstream); ENDED: "<task id> <epoch seconds>" lines of the store's
      finished_at. Prints "count p50 p99 max" of the delay in seconds, over the tasks in all three.
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse


def create(bases, key, count, first, concurrency, out):
    body = {"model": "doubao-seedance-1-0-lite-t2v-250428", "duration": 2, "resolution": "480p", "ratio": "16:9"}
    lock = threading.Lock()
    next_index = [first]
    lines = []
    failures = []

    def worker(number):
        base = urllib.parse.urlsplit(bases[number % len(bases)])
        connection = http.client.HTTPConnection(base.hostname, base.port, timeout=60)
        while True:
            with lock:
                if next_index[0] >= first + count or failures:
                    break
                index = next_index[0]
                next_index[0] += 1
            payload = dict(body, content=[{"type": "text", "text": f"bench task {index}"}])
            try:
                connection.request("POST", "/v1/video/generations", json.dumps(payload),
                                   {"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
                answer = connection.getresponse()
                data = answer.read()
                if answer.status != 200:
                    raise RuntimeError(f"create answered {answer.status}: {data[:200]!r}")
                task_id = json.loads(data)["id"]
            except Exception as error:  # the bench stops at the first failed create
                with lock:
                    failures.append(str(error))
                break
            with lock:
                lines.append(f"{index} {task_id}\n")

    started = time.time()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    with open(out, "a") as handle:
        handle.writelines(lines)
    if failures:
        sys.exit(f"create failed: {failures[0]}")
    print(f"{len(lines) / elapsed:.0f}")


def delays(ids_path, finished_path, ended_path):
    tasks = {}
    with open(ids_path) as handle:
        for line in handle:
            index, task_id = line.split()
            tasks[task_id] = f"bench task {index}"
    with open(finished_path) as handle:
        upstream = json.load(handle)
    values = []
    with open(ended_path) as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 2 or parts[0] not in tasks:
                continue
            finished = upstream.get(tasks[parts[0]])
            if finished is not None:
                values.append(float(parts[1]) - finished)
    if not values:
        print("0 0 0 0")
        return
    values.sort()

    def quantile(q):
        return values[min(len(values) - 1, int(q * len(values)))]

    print(f"{len(values)} {quantile(0.5):.2f} {quantile(0.99):.2f} {values[-1]:.2f}")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "create":
        create(sys.argv[2].split(","), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
    elif command == "delays":
        delays(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {command}")
