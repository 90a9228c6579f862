#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: a fresh cluster in a temporary directory, on a private
# loopback port, no systemd, no /etc changes. Usage:
#   tests/servers/postgres.sh start DIR PORT           # prints nothing on success
#   tests/servers/postgres.sh start DIR PORT durable   # PostgreSQL's own settings, for benchmarks
#   tests/servers/postgres.sh stop DIR
# The tests' server trades safety for speed (no fsync, no synchronous commit, no autovacuum): a
# test database lives for seconds. A benchmark needs the server as users run it: a commit that
# waits for its log to be on disk, and autovacuum clearing the dead rows of updated jobs.
set -euo pipefail
action=$1 dir=$2 port=${3:-55432} mode=${4:-fast}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_postgres() {
  # initdb refuses to run as root; run the server as the postgres user when we are root.
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

case $action in
  start)
    case $mode in
      fast) settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off" ;;
      durable) settings="" ;;
      *) echo "usage: $0 start DIR PORT [durable]" >&2; exit 2 ;;
    esac
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir" && chmod 700 "$dir"
    as_postgres "'$bin/initdb' -D '$dir/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >'$dir/initdb.log'"
    as_postgres "'$bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c max_connections=300 $settings\" start >/dev/null"
    # Superuser in this throwaway cluster only: tests create and force-drop a database each.
    psql -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE ROLE notifyorleans LOGIN PASSWORD 'notifyorleans' SUPERUSER"
    ;;
  stop)
    [ -d "$dir/data" ] && as_postgres "'$bin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
