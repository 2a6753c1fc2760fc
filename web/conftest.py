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
import struct
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest

from tests_support import poll_until, require_server, server_fixtures, time_limit

# Seconds one test may take before it fails (renders here take a few seconds each).
TEST_TIMEOUT = int(os.environ.get("REELAY_WEB_TEST_TIMEOUT", "300"))
CHROMIUM = os.environ.get("REELAY_WEB_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("REELAY_WEB_CHROMEDRIVER", "/usr/bin/chromedriver")
TERMINAL = {"succeeded", "failed", "cancelled", "expired"}


def pytest_configure(config: pytest.Config) -> None:
    require_server("REELAY_WEB", "scripts/web-test")


_time_limit = time_limit(TEST_TIMEOUT)
base_url, api_key, other_api_key = server_fixtures("REELAY_WEB")


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
    def done(task: dict) -> bool:
        if task.get("status") in statuses:
            return True
        if task.get("status") in TERMINAL:
            raise AssertionError(f"{task_id} ended {task.get('status')}: {task.get('error')}")
        return False

    return poll_until(lambda: request(base_url, "GET", f"/api/v3/contents/generations/tasks/{task_id}", key).json(), done,
                      what=f"{task_id} reaching {statuses}", timeout=timeout, interval=0.5)


# MARK: - Media

def png(width: int = 64, height: int = 48, colour=(220, 80, 40)) -> bytes:
    """A small PNG image, written without any imaging library."""
    row = b"\x00" + bytes(colour) * width
    raw = row * height

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
