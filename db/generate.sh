#!/usr/bin/env bash
# Regenerates db/scripts/migrate.sql, the idempotent PostgreSQL script of all EF Core migrations.
# Run after adding a migration (see db/README.md). A test fails while the script is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
cd src/NotifyOrleans.Web
dotnet ef migrations script --idempotent --context PostgresAppDbContext --project ../NotifyOrleans.Infrastructure \
  --output ../../db/scripts/migrate.sql -- --Database:Provider=Postgres "--Database:ConnectionString=Host=unused"
echo "wrote db/scripts/migrate.sql"
