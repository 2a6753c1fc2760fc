#!/bin/sh
# Times the local renderer (5 s at 720p) against ffmpeg encoding testsrc2 frames with the same
# encoder settings. Set REELAY_BENCH_KEEP=/some/folder to keep the rendered files.
set -e
cd "$(dirname "$0")/.."
swift build --build-tests
REELAY_BENCH=1 swift test --skip-build --filter LocalRendererBench 2>&1 | grep -E "bench:|passed|failed"
