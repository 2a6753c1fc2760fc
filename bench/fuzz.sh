#!/usr/bin/env bash
# The long fuzz run: every libFuzzer target of scripts/fuzz for 10 minutes each (one process at
# a time), keeping the inputs it finds in a scratch folder outside git, so that a later run
# starts from them. Worth a new seed in Fuzz/corpus/TARGET: an input that reaches code the seeds
# do not (libFuzzer's `-merge=1` picks them: see below). A crash or a broken invariant fails it.
#
#   bench/fuzz.sh                                    # 6 targets x 10 min
#   REELAY_FUZZ_SECONDS=120 bench/fuzz.sh            # shorter
#   REELAY_FUZZ_TARGETS=json bench/fuzz.sh           # one target
#   REELAY_FUZZ_CORPUS=/some/folder bench/fuzz.sh    # where the found inputs go
#     (default: $TMPDIR/reelay-fuzz-corpus)
#
# To fold what a run found into the seeds, keeping only inputs that add coverage:
#   REELAY_FUZZ_TARGET=json .build-fuzz/debug/ReelayFuzz -merge=1 Fuzz/corpus/json "$TMPDIR/reelay-fuzz-corpus/json"
set -euo pipefail
cd "$(dirname "$0")/.."
export REELAY_FUZZ_SECONDS=${REELAY_FUZZ_SECONDS:-600}
export REELAY_FUZZ_CORPUS=${REELAY_FUZZ_CORPUS:-${TMPDIR:-/tmp}/reelay-fuzz-corpus}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "corpus: $REELAY_FUZZ_CORPUS"
exec scripts/fuzz
