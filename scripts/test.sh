#!/usr/bin/env bash
# Runs everything CI checks: system packages, formatting lint, then the whole test suite.
# The PostgreSQL tests get a private cluster started here (HUIBAO_TEST_POSTGRES_URL), stopped
# at the end; set HUIBAO_TEST_POSTGRES_URL yourself to use another (a superuser's URL).
# Long randomized runs: HUIBAO_FUZZ_ITERATIONS=20000 bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
echo "== swift format lint" >&2
swift format lint --strict -r Sources Server Client Tests Benchmarks Package.swift
if [ -z "${HUIBAO_TEST_POSTGRES_URL:-}" ]; then
    cluster=$(mktemp -d /tmp/huibao-test-pg.XXXXXX)
    trap 'bash scripts/postgres.sh stop "$cluster"' EXIT
    echo "== PostgreSQL test cluster in $cluster" >&2
    HUIBAO_TEST_POSTGRES_URL=$(bash scripts/postgres.sh start "$cluster")
    export HUIBAO_TEST_POSTGRES_URL
fi
echo "== swift test" >&2
swift test
