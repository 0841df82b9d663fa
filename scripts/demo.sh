#!/usr/bin/env bash
# The main job, end to end on the embedded default (SQLite, a local server on loopback):
#  1. start huibao-server on SQLite in a temporary folder; register HQ and three units;
#  2. each unit imports a sample report offline; two clerks of one unit set one number
#     differently; everyone syncs; HQ syncs and prints what it now holds, conflict included;
#  3. the text CRDT on the real automerge-paper editing trace (replay, encode, decode, merge).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
samples="${HUIBAO_SAMPLES:-../shared/samples}"
trace="${1:-../shared/traces/automerge-paper.json.gz}"
for needed in "$samples/report-000.txt" "$samples/report-001.txt" "$samples/report-002.txt" "$trace"; do
    [ -f "$needed" ] || { echo "demo: $needed not found (the project's shared/ folder belongs beside the repository)" >&2; exit 1; }
done
echo "== building (release; the first build takes a few minutes)" >&2
swift build -c release >&2
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
for unit in 甲局 乙局 丙局; do
    token[$unit]=$("$bin/huibao-server" unit add "$unit" --parent HQ --data "$work/server")
done
"$bin/huibao-server" serve --data "$work/server" --port "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done
step "$bin/huibao-server" unit list --data "$work/server"

echo
echo "== units draft offline, then sync"
i=0
for unit in 甲局 乙局 丙局; do
    ws="$work/$unit"
    "$bin/huibao" init --unit "$unit" --workspace "$ws" >/dev/null
    "$bin/huibao" login --server "http://127.0.0.1:$port" --token "${token[$unit]}" --workspace "$ws" >/dev/null
    step "$bin/huibao" import "$samples/report-00$i.txt" --period 2023H1 --kind 党风廉政 --workspace "$ws"
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
echo "== what HQ now holds"
hq="$work/HQ"
"$bin/huibao" init --unit HQ --workspace "$hq" >/dev/null
"$bin/huibao" login --server "http://127.0.0.1:$port" --token "$hq_token" --workspace "$hq" >/dev/null
step "$bin/huibao" sync --workspace "$hq"
step "$bin/huibao" list --workspace "$hq"
for id in $("$bin/huibao" list --json --workspace "$hq" | grep '"id"' | sed 's/.*"id" : "\(.*\)".*/\1/'); do
    echo
    echo "\$ huibao metric $id   (first 6 of its metrics)"
    "$bin/huibao" metric "$id" --workspace "$hq" | head -6
done
step "$bin/huibao" conflicts "$("$bin/huibao" list --json --workspace "$hq" | grep -B3 '乙局' | grep '"id"' | sed 's/.*"id" : "\(.*\)".*/\1/')" --workspace "$hq"

echo
echo "== text CRDT on $trace (one JSON line per run)"
"$bin/huibao-bench" trace --reps 3 "$trace"
"$bin/huibao-bench" merge --reps 3 "$trace"
