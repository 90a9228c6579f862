#!/usr/bin/env bash
# Regenerates what is generated from the EF Core model and migrations (see db/README.md):
# - the compiled models in src/NotifyOrleans.Infrastructure/Persistence/CompiledModels/, which
#   the app loads instead of building its model at every start-up (half a second of it);
# - db/scripts/migrate.sql, the idempotent PostgreSQL script of all migrations.
# Run after changing an entity's configuration or adding a migration. Tests fail while either is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
cd src/NotifyOrleans.Web
compiled=../NotifyOrleans.Infrastructure/Persistence/CompiledModels
declare -A settings=([Sqlite]="--Database:Provider=Sqlite" [Postgres]="--Database:Provider=Postgres --Database:ConnectionString=Host=unused")
for provider in Sqlite Postgres; do
  # Generated anew, so an entity removed from the model leaves no file behind.
  rm -rf "$compiled/$provider"
  dotnet ef dbcontext optimize --project ../NotifyOrleans.Infrastructure --context "${provider}AppDbContext" \
    --output-dir "Persistence/CompiledModels/$provider" \
    --namespace "NotifyOrleans.Infrastructure.Persistence.CompiledModels.$provider" \
    -- ${settings[$provider]} >/dev/null
  echo "wrote Persistence/CompiledModels/$provider"
done
dotnet ef migrations script --idempotent --context PostgresAppDbContext --project ../NotifyOrleans.Infrastructure \
  --output ../../db/scripts/migrate.sql -- --Database:Provider=Postgres "--Database:ConnectionString=Host=unused"
echo "wrote db/scripts/migrate.sql"
