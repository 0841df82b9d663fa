#!/usr/bin/env bash
# The main job as it stands: builds in release mode and runs the text CRDT on the real
# automerge-paper editing trace (replay, encode, decode), then merges two concurrent halves.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
trace="${1:-../shared/traces/automerge-paper.json.gz}"
if [ ! -f "$trace" ]; then
    echo "demo: trace $trace not found (pass the path of a josephg/editing-traces .json.gz file)" >&2
    exit 1
fi
echo "== building huibao-bench (release; the first build takes a few minutes)" >&2
swift build -c release --product huibao-bench
echo "== replaying $trace as one replica's local edits" >&2
.build/release/huibao-bench trace --reps 5 "$trace"
echo "== merging two replicas that edited the second half concurrently" >&2
.build/release/huibao-bench merge --reps 3 "$trace"
