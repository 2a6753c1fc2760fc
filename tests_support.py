"""What the contract tests (contract/) and the web tests (web/) share.

Both drive a running Reelay server that their script starts (scripts/contract-test,
scripts/web-test); the script passes the server's root and two accepted keys in the environment,
each suite under its own prefix: PREFIX_BASE_URL, PREFIX_KEY and PREFIX_OTHER_KEY (another owner).
The scripts run pytest from the repository's root, where this module is found.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Callable, TypeVar

import pytest

T = TypeVar("T")


def require_server(prefix: str, script: str) -> None:
    """Stops the run at once when the script did not set the server's variables."""
    missing = [f"{prefix}_{name}" for name in ("BASE_URL", "KEY", "OTHER_KEY") if not os.environ.get(f"{prefix}_{name}")]
    if missing:
        raise pytest.UsageError(f"{', '.join(missing)} not set: run {script}, which starts a server and sets them.")


def server_fixtures(prefix: str):
    """The session fixtures base_url, api_key and other_api_key, read from the PREFIX_ variables."""
    @pytest.fixture(scope="session")
    def base_url() -> str:
        return os.environ[f"{prefix}_BASE_URL"].rstrip("/")

    @pytest.fixture(scope="session")
    def api_key() -> str:
        return os.environ[f"{prefix}_KEY"]

    @pytest.fixture(scope="session")
    def other_api_key() -> str:
        return os.environ[f"{prefix}_OTHER_KEY"]

    return base_url, api_key, other_api_key


def time_limit(seconds: int):
    """An autouse fixture that fails a test running longer than `seconds` instead of hanging the run."""
    @pytest.fixture(autouse=True)
    def _time_limit():
        def expired(signum, frame):
            raise TimeoutError(f"test took longer than {seconds} s")

        previous = signal.signal(signal.SIGALRM, expired)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return _time_limit


def poll_until(read: Callable[[], T], done: Callable[[T], bool], *, what: str, timeout: float, interval: float) -> T:
    """Calls `read` until `done` holds for what it answers, and returns that answer. `done` may
    fail at once (an assertion) on an answer that can never become done. After `timeout` seconds
    (a hang guard, not a speed limit) it fails naming `what` and the last answer."""
    deadline = time.monotonic() + timeout
    while True:
        answer = read()
        if done(answer):
            return answer
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up on {what} after {timeout} s; the last answer: {answer!r}")
        time.sleep(interval)
