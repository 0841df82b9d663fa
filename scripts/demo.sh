#!/usr/bin/env bash
# The main job, end to end on the embedded default (SQLite, a local server on loopback):
#  1. start huibao-server on SQLite in a temporary folder; register HQ and four units, and
#     expect a 2023H1 党风廉政 report from each;
#  2. three units import a sample report offline, submit it and sync; two clerks of one unit
#     then set one number differently and sync;
#  3. HQ syncs, lists the conflicts, resolves one, approves two reports and returns one;
#  4. HQ's view: the status of each unit, the totals with provenance, the conflicts and the
#     dashboard address. HUIBAO_DEMO_SERVE=1 keeps the server running for the dashboard.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
samples="${HUIBAO_SAMPLES:-../shared/samples}"
for needed in "$samples/report-000.txt" "$samples/report-001.txt" "$samples/report-002.txt"; do
    [ -f "$needed" ] || { echo "demo: $needed not found (the project's shared/ folder belongs beside the repository)" >&2; exit 1; }
done
echo "== building (release; the first build takes a few minutes)" >&2
swift build -c release --static-swift-stdlib >&2
bin=.build/release
work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

step() { printf '\n$ %s\n' "$*" | sed "s|$work|\$WORK|g"; "$@"; }
port=$((20000 + RANDOM % 20000))
echo "== server on SQLite in \$WORK/server, http://127.0.0.1:$port"
echo '$ huibao-server unit add HQ --hq --data $WORK/server   (prints the token)'
hq_token=$("$bin/huibao-server" unit add HQ --hq --data "$work/server")
declare -A token
for unit in 甲局 乙局 丙局 丁局; do
    token[$unit]=$("$bin/huibao-server" unit add "$unit" --parent HQ --data "$work/server")
done
step "$bin/huibao-server" expect 2023H1 --kind 党风廉政 --data "$work/server"
"$bin/huibao-server" serve --data "$work/server" --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
step "$bin/huibao-server" unit list --data "$work/server"

echo
echo "== units draft offline, submit, then sync (丁局 never reports)"
i=0
for unit in 甲局 乙局 丙局; do
    ws="$work/$unit"
    "$bin/huibao" init --unit "$unit" --workspace "$ws" >/dev/null
    "$bin/huibao" login --server "http://127.0.0.1:$port" --token "${token[$unit]}" --workspace "$ws" >/dev/null
    step "$bin/huibao" import "$samples/report-00$i.txt" --period 2023H1 --kind 党风廉政 --workspace "$ws"
    step "$bin/huibao" submit 2023H1/党风廉政 --workspace "$ws"
    step "$bin/huibao" sync --workspace "$ws"
    i=$((i + 1))
done
echo
echo "== a second clerk of 乙局 joins; both clerks change one number offline"
ws2="$work/乙局-2"
"$bin/huibao" init --unit 乙局 --workspace "$ws2" >/dev/null
"$bin/huibao" login --server "http://127.0.0.1:$port" --token "${token[乙局]}" --workspace "$ws2" >/dev/null
step "$bin/huibao" sync --workspace "$ws2"
step "$bin/huibao" metric 2023H1/党风廉政 开展集体廉政约谈 4 --workspace "$work/乙局"
step "$bin/huibao" metric 2023H1/党风廉政 开展集体廉政约谈 5 --workspace "$ws2"
step "$bin/huibao" sync --workspace "$work/乙局"
step "$bin/huibao" sync --workspace "$ws2"
step "$bin/huibao" sync --workspace "$work/乙局"
step "$bin/huibao" conflicts 2023H1/党风廉政 --workspace "$work/乙局"

echo
echo "== HQ syncs, resolves the conflict, reviews"
hq="$work/HQ"
"$bin/huibao" init --unit HQ --workspace "$hq" >/dev/null
"$bin/huibao" login --server "http://127.0.0.1:$port" --token "$hq_token" --workspace "$hq" >/dev/null
step "$bin/huibao" sync --workspace "$hq"
step "$bin/huibao" list --workspace "$hq"
step "$bin/huibao" hq conflicts --workspace "$hq"
step "$bin/huibao" resolve 乙局/2023H1/党风廉政 开展集体廉政约谈 5 --workspace "$hq"
step "$bin/huibao" hq approve 甲局 2023H1/党风廉政 --workspace "$hq"
step "$bin/huibao" hq approve 乙局 2023H1/党风廉政 --workspace "$hq"
step "$bin/huibao" hq return 丙局 2023H1/党风廉政 --comment "请补充具体数字" --workspace "$hq"
step "$bin/huibao" sync --workspace "$hq"
step "$bin/huibao" sync --workspace "$work/丙局"
step "$bin/huibao" status 2023H1/党风廉政 --workspace "$work/丙局"

echo
echo "== HQ's view"
step "$bin/huibao" hq status --workspace "$hq"
step "$bin/huibao" status 乙局/2023H1/党风廉政 --workspace "$hq"
echo
echo '$ huibao hq export --period 2023H1 --kind 党风廉政 --format txt   (up to the approved reports'"'"' texts)'
"$bin/huibao" hq export --period 2023H1 --kind 党风廉政 --format txt --workspace "$hq" | sed '/^———— /,$d'
step "$bin/huibao" hq conflicts --workspace "$hq"
step "$bin/huibao" hq export --period 2023H1 --kind 党风廉政 --format md -o "$work/汇总.md" --workspace "$hq"
echo
echo "== dashboard"
link=$("$bin/huibao" hq dashboard --workspace "$hq")
echo "HQ's dashboard: http://127.0.0.1:$port/dashboard (log in with HQ's token), or this one-time link:"
echo "  $link"
if [ "${HUIBAO_DEMO_SERVE:-0}" = 1 ]; then
    echo "serving until Ctrl-C (HUIBAO_DEMO_SERVE=1)"
    wait "$server_pid"
else
    echo "(the server stops with this script; run with HUIBAO_DEMO_SERVE=1 to keep it serving)"
fi
