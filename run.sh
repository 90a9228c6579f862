#!/usr/bin/env bash
# Starts NotifyOrleans on the embedded SQLite database (./data/notifyorleans.db) at
# http://127.0.0.1:5000, or runs one of its commands (./run.sh keys create --name NAME).
# Needs only the .NET SDK and node/npm (for the front-end packages).
# Override anything with environment variables, e.g. NotifyOrleans__Database__Provider=Postgres.
set -euo pipefail
cd "$(dirname "$0")"
./publish.sh
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
# The address goes in the environment, not the arguments: the arguments are the command's.
export ASPNETCORE_URLS="${NOTIFYORLEANS_URLS:-http://127.0.0.1:5000}"
# Where notifications and badges link to (the job page, Acknowledge): set it to the address people
# use. Listening on every interface (0.0.0.0, [::]) names no address anyone can open: this
# machine's name stands in for it.
listen="${ASPNETCORE_URLS%%;*}"
listen="$(printf '%s' "$listen" | sed -E "s#://(0\.0\.0\.0|\[::\]|\*|\+)([:/]|\$)#://$(hostname -f 2>/dev/null || hostname)\2#")"
export NotifyOrleans__Links__PublicUrl="${NotifyOrleans__Links__PublicUrl:-$listen}"
# The built app's folder holds its web assets; the database stays in ./data of the checkout.
export ASPNETCORE_CONTENTROOT="$PWD/.build/app"
export NotifyOrleans__Database__SqliteDirectory="${NotifyOrleans__Database__SqliteDirectory:-$PWD/data}"
# What the app writes (the database with its password and key hashes, configuration backups) is
# for this user alone; the build above stays readable as usual.
umask 077
exec dotnet .build/app/NotifyOrleans.Web.dll "$@"
