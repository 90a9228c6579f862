#!/usr/bin/env bash
# Runs the benchmarks in Release: the in-process hot paths, then ingest over HTTP against the app
# started as ./run.sh starts it, beside a minimal endpoint (ratios). SQLite always; PostgreSQL
# too when NOTIFYORLEANS_BENCH_POSTGRES is set (a server connection string; databases are created).
# Copy the printed tables into docs/benchmarks.md with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./publish.sh # the app as ./run.sh runs it
web=.build/app/NotifyOrleans.Web.dll
bench() { dotnet run -c Release --project bench/NotifyOrleans.Benchmarks -- "$@"; }
bench
bench http "$web"
if [ -n "${NOTIFYORLEANS_BENCH_POSTGRES:-}" ]; then
  bench postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
  bench http "$web" postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
fi
