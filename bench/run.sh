#!/usr/bin/env bash
# Runs the benchmarks in Release: the in-process hot paths, then ingest over HTTP against the app
# started from its Release build, beside a minimal endpoint (ratios). SQLite always; PostgreSQL
# too when NOTIFYORLEANS_BENCH_POSTGRES is set (a server connection string; databases are created).
# Copy the printed tables into docs/benchmarks.md with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/NotifyOrleans.Web -c Release -nologo -clp:ErrorsOnly
web=src/NotifyOrleans.Web/bin/Release/net10.0/NotifyOrleans.Web.dll
bench() { dotnet run -c Release --project bench/NotifyOrleans.Benchmarks -- "$@"; }
bench
bench http "$web"
if [ -n "${NOTIFYORLEANS_BENCH_POSTGRES:-}" ]; then
  bench postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
  bench http "$web" postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
fi
