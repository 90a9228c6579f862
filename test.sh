#!/usr/bin/env bash
# Runs every test of NotifyOrleans on a fresh Debian machine with the .NET SDK:
# installs what the tests need, starts a private PostgreSQL, runs all test projects against
# SQLite and PostgreSQL (and Chromium for the browser tests), stops what it started, and ends
# with "N passed, N failed[, N skipped]". Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")"
root=$PWD
# Each step's heading says when it began, so a slow run shows where its time went.
step() { printf '== %s  (at %dm%02ds)\n' "$1" $((SECONDS / 60)) $((SECONDS % 60)); }

# --- 1. Install the servers and the browser the tests use (Debian packages) -------------------
need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null || need+=(postgresql-client)
[ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || need+=(python3-aiosmtpd)
command -v openssl >/dev/null || need+=(openssl)
command -v jq >/dev/null || need+=(jq)           # docs/api.md's examples read JSON with jq
command -v restic >/dev/null || need+=(restic)   # docs/ingest.md's restic and borg lines run with the real tools
command -v borg >/dev/null || need+=(borgbackup)
command -v promtool >/dev/null || need+=(prometheus)  # promtool checks /metrics and docs/api.md's Prometheus files
if [ ${#need[@]} -gt 0 ]; then
  step "Installing ${need[*]}"
  sudo_=""; [ "$(id -u)" = 0 ] || sudo_=sudo
  $sudo_ apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "could not install ${need[*]}"; echo "0 passed, 1 failed"; exit 1; }
fi

# --- 2. Build (restores NuGet packages and runs npm ci for the front-end files) ---------------
step "Building"
dotnet tool restore >/dev/null
if ! dotnet build NotifyOrleans.sln -c Debug -nologo -clp:ErrorsOnly; then
  echo "0 passed, 1 failed"; exit 1
fi
# The app as ./run.sh runs it, built once here: the tests that run ./run.sh then find it current.
step "Publishing the app as ./run.sh runs it"
if ! ./publish.sh; then
  echo "0 passed, 1 failed"; exit 1
fi

# --- 3. Start the servers the tests talk to ----------------------------------------------------
work=$(mktemp -d /tmp/notifyorleans-test.XXXXXX)
chmod 755 "$work"
pg_port=${NOTIFYORLEANS_TEST_PG_PORT:-55432}
cleanup() { tests/servers/postgres.sh stop "$work/pg"; rm -rf "$work"; }
trap cleanup EXIT
step "Starting PostgreSQL on 127.0.0.1:$pg_port"
if ! tests/servers/postgres.sh start "$work/pg" "$pg_port"; then
  cat "$work/pg/server.log" 2>/dev/null; echo "0 passed, 1 failed"; exit 1
fi
export NOTIFYORLEANS_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=notifyorleans;Password=notifyorleans;Database=postgres"
export NOTIFYORLEANS_CHROMIUM=/usr/bin/chromium

# --- 4. Run every test project -----------------------------------------------------------------
passed=0 failed=0 skipped=0 status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  step "$name"
  log="$work/$name.log"
  dotnet test "$project" --no-build -nologo --logger "console;verbosity=normal" \
    --logger "trx;LogFileName=$name.trx" --results-directory "$work/results" >"$log" 2>&1
  code=$?
  grep -E "^\s+(Passed|Skipped) " "$log" || true
  grep -E -A8 "^\s+Failed " "$log" | tee -a "$work/failures.txt" || true
  trx="$work/results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "!! $name did not report results (exit $code)" | tee -a "$work/failures.txt"; tail -40 "$log"; failed=$((failed + 1)); status=1; continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
  p=$(count passed) f=$(count failed) total=$(count total) executed=$(count executed)
  s=$((total - executed))
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
  if [ "$code" != 0 ] && [ "$f" = 0 ]; then
    echo "!! $name exited $code with no failed test (a crash or a hang?)" | tee -a "$work/failures.txt"; tail -40 "$log"; failed=$((failed + 1))
  fi
  [ "$code" = 0 ] || status=1
done

# The failures again at the end, where a reader of only the last lines of the run sees them.
if [ -s "$work/failures.txt" ]; then
  echo "== Failed tests"; cut -c1-400 "$work/failures.txt"
fi

step "Finished"
line="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
