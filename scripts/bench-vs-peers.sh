#!/usr/bin/env bash
# Measures huibao-bench and the peer CRDTs (Loro, Automerge via ../shared/bench/peers.py) on the
# same traces in one run, and prints a Markdown table with ratios.
#   bash scripts/bench-vs-peers.sh [TRACE.json.gz ...]
# Needs python3; creates .venv (git-ignored) with the peers' pinned packages on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=../shared
traces=("$@")
[ ${#traces[@]} -eq 0 ] && traces=("$shared"/traces/*.json.gz)
out=bench-results
mkdir -p "$out"

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
    .venv/bin/pip install -q -r "$shared/bench/requirements.txt"
fi
bash scripts/bootstrap.sh >&2
swift build -c release --static-swift-stdlib --product huibao-bench >&2

echo "== huibao (batch and edit modes, merge)" >&2
: >"$out/huibao.jsonl"
.build/release/huibao-bench trace --reps 5 "${traces[@]}" | tee -a "$out/huibao.jsonl" >&2
.build/release/huibao-bench trace --edit --reps 3 "${traces[@]}" | tee -a "$out/huibao.jsonl" >&2
.build/release/huibao-bench merge --reps 3 "${traces[@]}" | tee -a "$out/huibao.jsonl" >&2
echo "== peers (Loro, Automerge)" >&2
names=$(for t in "${traces[@]}"; do b=$(basename "$t"); echo -n "${b%.json.gz},"; done)
TRACE_DIRS="$(cd "$(dirname "${traces[0]}")" && pwd)" TRACES="${names%,}" ENGINES=loro,automerge \
    PEERS_OUT="$PWD/$out/peers.json" PEERS_CACHE="$PWD/$out/.cache" \
    .venv/bin/python "$shared/bench/peers.py" >&2
.venv/bin/python scripts/compare.py "$out/huibao.jsonl" "$out/peers.json"
