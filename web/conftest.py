"""Shared set-up for the web tests.

They drive a running Reelay server: the playground and reference pages in Debian's headless
Chromium (selenium), and the OpenAPI document against real answers. `scripts/web-test` starts
the server and sets:

    REELAY_WEB_BASE_URL     the server's root, e.g. http://127.0.0.1:18080
    REELAY_WEB_KEY          an API key the server accepts (also its admin key)
    REELAY_WEB_OTHER_KEY    a second accepted key (another owner)
    REELAY_WEB_SCREENSHOTS  a folder for the screenshots (created if missing)
"""

from __future__ import annotations

import json
import os
import signal
import struct
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest

# Seconds one test may take before it fails (renders here take a few seconds each).
TEST_TIMEOUT = int(os.environ.get("REELAY_WEB_TEST_TIMEOUT", "300"))
CHROMIUM = os.environ.get("REELAY_WEB_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("REELAY_WEB_CHROMEDRIVER", "/usr/bin/chromedriver")


def pytest_configure(config: pytest.Config) -> None:
    missing = [name for name in ("REELAY_WEB_BASE_URL", "REELAY_WEB_KEY", "REELAY_WEB_OTHER_KEY") if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(f"{', '.join(missing)} not set: run scripts/web-test, which starts a server and sets them.")


@pytest.fixture(autouse=True)
def _time_limit():
    """Fails a test that hangs (a render that never ends) instead of hanging the run."""
    def expired(signum, frame):
        raise TimeoutError(f"test took longer than {TEST_TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="session")
def base_url() -> str:
    return os.environ["REELAY_WEB_BASE_URL"].rstrip("/")


@pytest.fixture(scope="session")
def api_key() -> str:
    return os.environ["REELAY_WEB_KEY"]


@pytest.fixture(scope="session")
def other_api_key() -> str:
    return os.environ["REELAY_WEB_OTHER_KEY"]


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("REELAY_WEB_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


# MARK: - HTTP

class Answer:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    def json(self):
        return json.loads(self.body)


def request(base_url: str, method: str, path: str, key: str | None = None, body=None, headers: dict | None = None,
            raw: bytes | None = None) -> Answer:
    """One HTTP request; never raises for an HTTP status."""
    data = raw
    all_headers = dict(headers or {})
    if body is not None:
        data = json.dumps(body).encode()
        all_headers.setdefault("Content-Type", "application/json")
    if key:
        all_headers["Authorization"] = f"Bearer {key}"
    call = urllib.request.Request(base_url + path, data=data, method=method, headers=all_headers)
    try:
        with urllib.request.urlopen(call, timeout=60) as response:
            return Answer(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read())


def wait_for_ark_status(base_url: str, key: str, task_id: str, statuses: set[str], timeout: float = 240) -> dict:
    """Polls Ark's query until the task reaches one of `statuses`."""
    deadline = time.monotonic() + timeout
    while True:
        task = request(base_url, "GET", f"/api/v3/contents/generations/tasks/{task_id}", key).json()
        if task.get("status") in statuses:
            return task
        if task.get("status") in {"succeeded", "failed", "cancelled", "expired"}:
            raise AssertionError(f"{task_id} ended {task.get('status')}: {task.get('error')}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{task_id} did not reach {statuses} in {timeout} s: {task}")
        time.sleep(0.5)


# MARK: - Media

def png(width: int = 64, height: int = 48, colour=(220, 80, 40)) -> bytes:
    """A small PNG image, written without any imaging library."""
    row = b"\x00" + bytes(colour) * width
    raw = row * height

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
