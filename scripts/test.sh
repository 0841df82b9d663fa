#!/usr/bin/env bash
# Runs everything CI checks: system packages, formatting lint, then the whole test suite.
# Long randomized runs: HUIBAO_FUZZ_ITERATIONS=20000 bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
echo "== swift format lint" >&2
swift format lint --strict -r Sources Server Client Tests Benchmarks Package.swift
echo "== swift test" >&2
swift test
