#!/usr/bin/env bash
# Runs the benchmarks in Release: the in-process hot paths, then ingest over HTTP against the app
# started as ./run.sh starts it, beside a minimal endpoint (ratios), with delivery to a fast and
# to a dead webhook, the dashboard with 10,000 jobs, and 1,000,000 stored runs; then 100,000 overdue
# deadlines (1,000 due in one second) watched by a freshly started node. SQLite always;
# PostgreSQL too when NOTIFYORLEANS_BENCH_POSTGRES is set (a server connection string; databases
# are created): a server as users run it (`tests/servers/postgres.sh start DIR PORT durable`), not
# the tests' one, whose commits skip the disk. `bench/run.sh deadlines` runs only the last.
# Copy the printed tables into docs/benchmarks.md with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./publish.sh # the app as ./run.sh runs it
web=.build/app/NotifyOrleans.Web.dll
bench() { dotnet run -c Release --project bench/NotifyOrleans.Benchmarks -- "$@"; }
# Two processes on one database: the seeding node exits, a fresh one loads the reminders and watches.
deadlines() {
  local directory
  directory=$(mktemp -d)
  bench deadlines seed "$directory" "$@"
  bench deadlines watch "$directory"
  rm -rf "$directory"
}
if [ "${1:-}" != deadlines ]; then
  bench
  bench http "$web"
fi
deadlines
if [ -n "${NOTIFYORLEANS_BENCH_POSTGRES:-}" ]; then
  if [ "${1:-}" != deadlines ]; then
    bench postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
    bench http "$web" postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
  fi
  deadlines postgres "$NOTIFYORLEANS_BENCH_POSTGRES"
fi
