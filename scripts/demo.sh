#!/usr/bin/env bash
# The main job as it stands: a release build, then
#  1. two clerks of one unit draft a report offline in two workspaces, set one number
#     differently, merge (as through a USB stick), see the conflict, resolve it and export;
#  2. the text CRDT on the real automerge-paper editing trace (replay, encode, decode, merge).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
samples="${HUIBAO_SAMPLES:-../shared/samples}"
trace="${1:-../shared/traces/automerge-paper.json.gz}"
for needed in "$samples/report-001.txt" "$trace"; do
    [ -f "$needed" ] || { echo "demo: $needed not found (the project's shared/ folder belongs beside the repository)" >&2; exit 1; }
done
echo "== building (release; the first build takes a few minutes)" >&2
swift build -c release --product huibao >&2
swift build -c release --product huibao-bench >&2
huibao=.build/release/huibao
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n$ %s\n' "$*"; "$@"; }
echo "== two clerks of 某局 draft offline"
step "$huibao" init --unit 某局 --workspace "$work/clerk-a"
step "$huibao" import "$samples/report-001.txt" --period 2023H1 --kind 党风廉政 --workspace "$work/clerk-a"
step "$huibao" init --unit 某局 --workspace "$work/clerk-b"
step "$huibao" merge-from "$work/clerk-a" --workspace "$work/clerk-b"
step "$huibao" metric 2023H1/党风廉政 开展集体廉政约谈 4 --workspace "$work/clerk-a"
step "$huibao" metric 2023H1/党风廉政 开展集体廉政约谈 5 --workspace "$work/clerk-b"
step "$huibao" metric 2023H1/党风廉政 各党支部共召开支委会 6 --workspace "$work/clerk-b"
step "$huibao" merge-from "$work/clerk-b" --workspace "$work/clerk-a"
step "$huibao" conflicts 2023H1/党风廉政 --workspace "$work/clerk-a"
step "$huibao" resolve 2023H1/党风廉政 开展集体廉政约谈 5 --workspace "$work/clerk-a"
step "$huibao" log 2023H1/党风廉政 --workspace "$work/clerk-a"
echo
echo "\$ $huibao export 2023H1/党风廉政 --format md -o report.md   (first lines:)"
"$huibao" export 2023H1/党风廉政 --format md -o "$work/report.md" --workspace "$work/clerk-a"
head -c 600 "$work/report.md"
echo

echo
echo "== text CRDT on $trace (one JSON line per run)"
.build/release/huibao-bench trace --reps 3 "$trace"
.build/release/huibao-bench merge --reps 3 "$trace"
