"""Shared set-up for the SDK contract tests.

The tests talk to a running Reelay server through the official SDKs only. `scripts/contract-test`
starts the server and sets:

    REELAY_CONTRACT_BASE_URL   the server's root, e.g. http://127.0.0.1:18080
    REELAY_CONTRACT_KEY        an API key the server accepts
    REELAY_CONTRACT_OTHER_KEY  a second accepted key (another owner)
    REELAY_CONTRACT_WORKERS    the server's REELAY_WORKERS (tasks rendered at once), default 2
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests_support import require_server, server_fixtures, time_limit

# Seconds one test may take before it fails (renders here take a few seconds each).
TEST_TIMEOUT = int(os.environ.get("REELAY_CONTRACT_TEST_TIMEOUT", "180"))


def pytest_configure(config: pytest.Config) -> None:
    require_server("REELAY_CONTRACT", "scripts/contract-test")
    # openai marks its video methods deprecated (the Sora API's shutdown date); that is not ours to report.
    config.addinivalue_line("filterwarnings", "ignore:The Sora API:DeprecationWarning")


_time_limit = time_limit(TEST_TIMEOUT)
base_url, api_key, other_api_key = server_fixtures("REELAY_CONTRACT")


@pytest.fixture(scope="session")
def workers() -> int:
    return int(os.environ.get("REELAY_CONTRACT_WORKERS", "2"))


# MARK: - Media checks (ffprobe / ffmpeg)

def probe(path: Path) -> dict:
    """ffprobe's streams and format of a file, as JSON."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(path)],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"ffprobe cannot read {path} ({path.stat().st_size} bytes): {result.stderr}"
    return json.loads(result.stdout)


def assert_mp4(path: Path, *, width: int, height: int, seconds: float, audio: bool | None = None) -> dict:
    """The file is an MP4 with one H.264 video stream of this size and about this duration."""
    info = probe(path)
    assert "mp4" in info["format"]["format_name"], info["format"]
    videos = [s for s in info["streams"] if s["codec_type"] == "video"]
    assert len(videos) == 1, info["streams"]
    video = videos[0]
    assert video["codec_name"] == "h264"
    assert (video["width"], video["height"]) == (width, height)
    duration = float(video.get("duration") or info["format"]["duration"])
    assert abs(duration - seconds) <= 0.25, f"duration {duration} s, expected about {seconds} s"
    if audio is not None:
        audios = [s for s in info["streams"] if s["codec_type"] == "audio"]
        assert bool(audios) == audio, f"audio streams: {audios}"
    return info


def assert_image(path: Path, *, codec: str, width: int, height: int) -> None:
    info = probe(path)
    streams = info["streams"]
    assert len(streams) == 1, streams
    assert streams[0]["codec_name"] == codec
    assert (streams[0]["width"], streams[0]["height"]) == (width, height)


def first_frame_rgb(path: Path) -> tuple[int, int, int]:
    """The average colour of a video's first frame."""
    result = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-frames:v", "1", "-vf", "scale=1:1:flags=area",
         "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True, check=False)
    assert result.returncode == 0 and len(result.stdout) == 3, result.stderr.decode(errors="replace")
    return tuple(result.stdout)  # type: ignore[return-value]


def make_png(path: Path, *, width: int, height: int, colour: str) -> Path:
    """A solid-colour PNG made with ffmpeg."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=c={colour}:s={width}x{height}",
         "-frames:v", "1", str(path)],
        check=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path
