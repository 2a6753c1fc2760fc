#!/usr/bin/env python3
"""A fake Ark upstream for bench/upstream-scale.sh, on 127.0.0.1 only.

Serves Ark's task API under /api/v3/contents/generations/tasks: create (POST), get (GET /{id}),
list (GET with page_size and repeated filter.task_ids) and delete, Ark's error bodies, and the
result files under /files. A created task is queued for --queued seconds, then running until the
bench finishes it: it never ends on its own, so thousands stay in flight as long as wanted.

Control routes (the bench's, not Ark's):
  POST /_control/finish  {"count": N, "over": S, "callbacks": true|false}
      the N oldest held tasks succeed one after another, evenly spread over the next S seconds
      (N omitted: all of them); with callbacks, each is POSTed to its callback_url when it ends.
  GET  /_control/stats     request counts
  GET  /_control/finished  {prompt: the time (epoch seconds) its task succeeded upstream}

  python3 bench/fake-ark.py --port-file FILE --key KEY [--queued 1]
"""
import argparse
import heapq
import json
import os
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BASE = "/api/v3/contents/generations/tasks"
MP4 = bytes([0, 0, 0, 0x18]) + b"ftypisom" + bytes([0, 0, 2, 0]) + b"isomiso2" + b"mdat:bench"


class Ark:
    """The tasks and counters, behind one lock."""

    def __init__(self, key, queued):
        self.key = key
        self.queued = queued
        self.lock = threading.Lock()
        self.tasks = {}  # id -> dict
        self.held = []  # ids not yet given a finish time, oldest first
        self.counter = 0
        self.stats = {"creates": 0, "gets": 0, "lists": 0, "listed_ids": 0, "max_ids_in_a_list": 0,
                      "deletes": 0, "downloads": 0, "callbacks_sent": 0, "callbacks_failed": 0, "refused": 0}
        self.timers = []  # (finish time, id) of tasks whose callback is due
        self.wake = threading.Condition(self.lock)
        self.senders = ThreadPoolExecutor(max_workers=8)
        threading.Thread(target=self.callback_loop, daemon=True).start()

    def status(self, task, now):
        if task["cancelled"]:
            return "cancelled"
        if now < task["created"] + self.queued:
            return "queued"
        if task["finish"] is not None and now >= task["finish"]:
            return "succeeded"
        return "running"

    def body(self, task, now, base):
        status = self.status(task, now)
        answer = {"id": task["id"], "model": task["model"], "status": status, "error": None,
                  "created_at": int(task["created"]), "updated_at": int(now), "seed": 7, "resolution": "480p",
                  "ratio": "16:9", "duration": 2, "framespersecond": 24, "generate_audio": False,
                  "service_tier": "default", "execution_expires_after": 172800}
        if status == "succeeded":
            answer["content"] = {"video_url": f"{base}/files/{task['id']}.mp4"}
            answer["usage"] = {"completion_tokens": 19440, "total_tokens": 19440}
        return answer

    def create(self, body):
        prompt = next((item.get("text", "") for item in body.get("content", []) if item.get("type") == "text"), "")
        with self.lock:
            self.counter += 1
            stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
            task_id = f"cgt-{stamp}-{self.counter:05d}"
            self.tasks[task_id] = {"id": task_id, "model": body.get("model", ""), "prompt": prompt, "created": time.time(),
                                   "finish": None, "cancelled": False, "callback": body.get("callback_url"), "notify": False}
            self.held.append(task_id)
            self.stats["creates"] += 1
        return task_id

    def finish(self, count, over, callbacks):
        with self.lock:
            count = len(self.held) if count is None else min(count, len(self.held))
            chosen, self.held = self.held[:count], self.held[count:]
            start = time.time() + 0.5
            for index, task_id in enumerate(chosen):
                task = self.tasks[task_id]
                task["finish"] = start + (over * index / count if count else 0)
                task["notify"] = callbacks and bool(task["callback"])
                if task["notify"]:
                    heapq.heappush(self.timers, (task["finish"], task_id))
            self.wake.notify()
        return {"finishing": count, "first": start, "last": start + over}

    def callback_loop(self):
        while True:
            with self.lock:
                while not self.timers or self.timers[0][0] > time.time():
                    self.wake.wait(timeout=None if not self.timers else max(0.0, self.timers[0][0] - time.time()))
                _, task_id = heapq.heappop(self.timers)
                task = self.tasks[task_id]
            self.senders.submit(self.send_callback, task)

    def send_callback(self, task):
        payload = json.dumps(self.body(task, time.time(), "")).encode()
        request = urllib.request.Request(task["callback"], data=payload, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                answer.read()
            key = "callbacks_sent"
        except OSError:
            key = "callbacks_failed"
        with self.lock:
            self.stats[key] += 1


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    ark = None  # set by main

    def log_message(self, *args):
        pass

    def reply(self, status, value, content_type="application/json"):
        data = value if isinstance(value, bytes) else json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Request-Id", "fake-ark")
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message):
        self.reply(status, {"error": {"code": code, "message": message, "param": "", "type": "Error"}})

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"{}")

    def authorized(self):
        if self.headers.get("Authorization") == f"Bearer {self.ark.key}":
            return True
        with self.ark.lock:
            self.ark.stats["refused"] += 1
        self.error(401, "AuthenticationError", "The API key is invalid.")
        return False

    def base(self):
        return f"http://{self.headers.get('Host')}"

    def do_POST(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == BASE:
            body = self.read_json()
            if self.authorized():
                self.reply(200, {"id": self.ark.create(body)})
        elif path == "/_control/finish":
            body = self.read_json()
            self.reply(200, self.ark.finish(body.get("count"), float(body.get("over", 0)), bool(body.get("callbacks"))))
        else:
            self.error(404, "NotFound", path)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        now = time.time()
        ark = self.ark
        if url.path == BASE:
            if not self.authorized():
                return
            ids = query.get("filter.task_ids", [])
            page_size = int(query.get("page_size", ["10"])[0])
            if not 1 <= page_size <= 500:
                return self.error(400, "InvalidParameter", "page_size must be 1...500.")
            with ark.lock:
                ark.stats["lists"] += 1
                ark.stats["listed_ids"] += len(ids)
                ark.stats["max_ids_in_a_list"] = max(ark.stats["max_ids_in_a_list"], len(ids))
                items = [ark.body(ark.tasks[i], now, self.base()) for i in ids if i in ark.tasks]
            self.reply(200, {"items": items[:page_size], "total": len(items)})
        elif url.path.startswith(BASE + "/"):
            if not self.authorized():
                return
            task_id = url.path[len(BASE) + 1:]
            with ark.lock:
                ark.stats["gets"] += 1
                task = ark.tasks.get(task_id)
                answer = ark.body(task, now, self.base()) if task else None
            if answer is None:
                return self.error(404, "ResourceNotFound", f"The task {task_id} does not exist.")
            self.reply(200, answer)
        elif url.path.startswith("/files/"):
            with ark.lock:
                ark.stats["downloads"] += 1
            self.reply(200, MP4, "video/mp4")
        elif url.path == "/_control/stats":
            with ark.lock:
                answer = dict(ark.stats, tasks=len(ark.tasks), held=len(ark.held))
            self.reply(200, answer)
        elif url.path == "/_control/finished":
            with ark.lock:
                answer = {t["prompt"]: t["finish"] for t in ark.tasks.values() if t["finish"] is not None}
            self.reply(200, answer)
        else:
            self.error(404, "NotFound", url.path)

    def do_DELETE(self):
        path = urllib.parse.urlsplit(self.path).path
        if not path.startswith(BASE + "/") or not self.authorized():
            return self.error(404, "NotFound", path) if not path.startswith(BASE + "/") else None
        ark = self.ark
        with ark.lock:
            ark.stats["deletes"] += 1
            task = ark.tasks.get(path[len(BASE) + 1:])
            status = ark.status(task, time.time()) if task else None
            if status == "queued":
                task["cancelled"] = True
        if status is None:
            self.error(404, "ResourceNotFound", "No such task.")
        elif status in ("queued", "succeeded"):
            self.reply(200, {})
        else:
            self.error(400, "InvalidParameter", f"A {status} task cannot be cancelled.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--queued", type=float, default=1.0, help="seconds a new task stays queued")
    args = parser.parse_args()
    Handler.ark = Ark(args.key, args.queued)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.request_queue_size = 256
    with open(args.port_file + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
