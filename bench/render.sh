#!/bin/sh
# Times the local renderer in every input mode (text, first frame, first+last frame, reference
# images, reference video, video+audio, text with spoken dialogue) for 5 s at 480p, 720p and
# 1080p. Each render follows ffmpeg encoding as many frames of testsrc2 at the same size with the
# same encoder settings; the table gives the median of render time / testsrc2 time.
#
#   bench/render.sh                        # 3 runs per cell
#   REELAY_BENCH_RUNS=5 bench/render.sh    # more runs
#   REELAY_BENCH_MODES=text,referenceVideo bench/render.sh
#   REELAY_BENCH_KEEP=/some/folder bench/render.sh   # keep the rendered videos
set -e
cd "$(dirname "$0")/.."
swift build --build-tests 2>&1 | grep -E "error:" && exit 1
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
REELAY_BENCH=1 swift test --skip-build --filter LocalRendererBench 2>&1 | grep -E "^bench|✘|passed after|failed after" | sed 's/^bench-table: //'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
