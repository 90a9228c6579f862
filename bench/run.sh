#!/usr/bin/env bash
# Runs the benchmarks on SQLite (and on PostgreSQL when NOTIFYORLEANS_BENCH_POSTGRES is set).
# Copy the printed tables into docs/benchmarks.md with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/NotifyOrleans.Benchmarks
if [ -n "${NOTIFYORLEANS_BENCH_POSTGRES:-}" ]; then
  dotnet run -c Release --project bench/NotifyOrleans.Benchmarks -- postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
fi
