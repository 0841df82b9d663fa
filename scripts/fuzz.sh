#!/usr/bin/env bash
# Runs one libFuzzer target of Fuzz/ for SECONDS (default 600), with AddressSanitizer.
#   scripts/fuzz.sh FuzzChange 600
# Targets: FuzzChange FuzzDocument FuzzSyncMessage FuzzReportImport.
# A crash leaves its input in Fuzz/crashes/TARGET/; commit it as a regression test.
set -euo pipefail
cd "$(dirname "$0")/../Fuzz"
target="${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}"
seconds="${2:-600}"
case "$target" in
    FuzzChange | FuzzDocument | FuzzSyncMessage | FuzzReportImport) ;;
    *) echo "unknown target $target (FuzzChange FuzzDocument FuzzSyncMessage FuzzReportImport)" >&2; exit 2 ;;
esac
echo "== building $target with -sanitize=fuzzer,address" >&2
swift build -c release --product "$target" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >&2
corpus="corpus/$target"
mkdir -p "$corpus" "crashes/$target"
binary="$(swift build -c release --show-bin-path)/$target"
# Start from real encodings (and, for report import, the sample reports).
HUIBAO_FUZZ_SEEDS="$corpus" "$binary"
if [ "$target" = FuzzReportImport ] && [ -d ../../shared/samples ]; then cp -n ../../shared/samples/*.txt "$corpus"/ 2>/dev/null || true; fi
echo "== fuzzing $target for $seconds s" >&2
"$binary" "$corpus" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -artifact_prefix="crashes/$target/" -print_final_stats=1
