#!/usr/bin/env bash
# Times the commands of "history that costs nothing" (#13) on a report of 102,002 changes, each
# as a process (wall clock, five runs), with the release build.
#   bash scripts/measure-history.sh [WORKSPACE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product huibao-bench >&2
swift build -c release --product huibao >&2
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
"$B/huibao" show "$R" --workspace "$W" >"$W/before.txt"
echo -n "apply one sentence: "
for v in 1 2 3 4 5; do
    sed "0,/。/s/。/，第${v}处修改。/" "$W/before.txt" >"$W/edited.txt"
    ms "$B/huibao" apply "$R" "$W/edited.txt" --workspace "$W"
done
echo
