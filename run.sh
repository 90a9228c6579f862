#!/usr/bin/env bash
# Starts NotifyOrleans on the embedded SQLite database (./data/notifyorleans.db) at
# http://127.0.0.1:5000. Needs only the .NET SDK and node/npm (for the front-end packages).
# Override anything with environment variables, e.g. NotifyOrleans__Database__Provider=Postgres.
set -euo pipefail
cd "$(dirname "$0")"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
# dotnet run starts the app in the project folder: pin the database to ./data of the checkout.
export NotifyOrleans__Database__SqliteDirectory="${NotifyOrleans__Database__SqliteDirectory:-$PWD/data}"
exec dotnet run --project src/NotifyOrleans.Web -c Release --no-launch-profile \
  --urls "${NOTIFYORLEANS_URLS:-http://127.0.0.1:5000}" "$@"
