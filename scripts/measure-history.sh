#!/usr/bin/env bash
# Times the commands of "history that costs nothing" (#13) on a report of 102,002 changes, each
# as a process (wall clock, five runs), with the release build.
#   bash scripts/measure-history.sh [WORKSPACE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --static-swift-stdlib --product huibao-bench >&2
swift build -c release --static-swift-stdlib --product huibao >&2
B=.build/release
W=${1:-/tmp/huibao-history}
rm -rf "$W"
"$B/huibao-bench" store --reps 1 --keep "$W" ../shared/samples/*.txt | tail -1
R=$("$B/huibao" list --workspace "$W" | awk 'NR==1{print $1}')
ms() {
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || echo -n "(failed) "
    e=$(date +%s%N)
    echo -n "$(((e - s) / 1000000)) "
}
echo -n "huibao --version: "; for _ in 1 2 3; do ms "$B/huibao" --version; done; echo
for command in show metric status conflicts log blame; do
    echo -n "$command: "; for _ in 1 2 3 4 5; do ms "$B/huibao" "$command" "$R" --workspace "$W"; done; echo
done
M=$("$B/huibao" metric "$R" --workspace "$W" --lang en | awk 'NR==1{print $1}')
echo -n "metric set: "; for v in 11 12 13 14 15; do ms "$B/huibao" metric "$R" "$M" "$v" --workspace "$W"; done; echo
# Five applies of the report's text with its first sentence changed (LABEL names the edit).
apply_five() {
    local label=$1
    "$B/huibao" show "$R" --workspace "$W" >"$W/before.txt"
    for v in 1 2 3 4 5; do
        sed "0,/。/s/。/，${label}第${v}处修改。/" "$W/before.txt" >"$W/edited.txt"
        ms "$B/huibao" apply "$R" "$W/edited.txt" --workspace "$W"
    done
    echo
}
echo -n "apply one sentence: "
apply_five ""
echo -n "resolve (after a concurrent write): "
# The applied texts rescanned the report: take a metric it has now.
M=$("$B/huibao" metric "$R" --workspace "$W" --lang en | awk 'NR==1{print $1}')
"$B/huibao" init --workspace "$W/other" --unit 某局 >/dev/null
"$B/huibao" merge-from "$W" --workspace "$W/other" >/dev/null
"$B/huibao" metric "$R" "$M" 100 --workspace "$W" >/dev/null
"$B/huibao" metric "$R" "$M" 200 --workspace "$W/other" >/dev/null
"$B/huibao" merge-from "$W/other" --workspace "$W" >/dev/null
"$B/huibao" metric "$R" --workspace "$W" >/dev/null
ms "$B/huibao" resolve "$R" "$M" 150 --workspace "$W"
echo
# The history now holds concurrent changes: a save finds text conflicts among them only.
echo -n "apply one sentence, history with concurrent changes: "
apply_five "合并后"

# A report of 10 MB: the three samples 400 times over (1,200 samples).
T=$W/big10.txt
for _ in $(seq 400); do cat ../shared/samples/*.txt; done >"$T"
"$B/huibao" init --workspace "$W/big" --unit 某局 >/dev/null
"$B/huibao" import "$T" --period 2024H1 --kind 党风廉政 --workspace "$W/big" 2>/dev/null | tail -1
M10=$("$B/huibao" metric 2024H1/党风廉政 --workspace "$W/big" --lang en | awk 'NR==100{print $1}')
echo -n "10 MB report, metric set: "
for v in 11 12 13 14 15; do ms "$B/huibao" metric 2024H1/党风廉政 "$M10" "$v" --workspace "$W/big"; done
echo
