#!/usr/bin/env bash
# Builds the app the way ./run.sh and the benchmarks run it: Release, compiled ahead of time for
# this machine (ReadyToRun: the first answer comes in about 2.5 s instead of 4 on 2 cores, see
# docs/benchmarks.md), into .build/app. Build output goes to standard error, so that a command's
# standard output (./run.sh keys create) is its result alone.
set -euo pipefail
cd "$(dirname "$0")"

# Nothing to do when no input changed since the last publish: even with nothing to compile,
# `dotnet publish` takes 4 s on a quiet 2-core machine (more on a busy one) to find that out,
# and ./run.sh runs this before every command (./run.sh keys create ...). The inputs are the
# sources and the files that steer the build, not the folders the build generates. The stamp
# holds a digest of every input's name and modification time, taken before the build: a file
# changed, added, removed or renamed since (also while the build ran) makes the next one build.
stamp=.build/app/.published
inputs=$(find src wwwroot-assets Directory.Build.props Directory.Packages.props dotnet-tools.json publish.sh \
  \( -name bin -o -name obj -o -name node_modules -o -path src/NotifyOrleans.Web/wwwroot -o -path src/NotifyOrleans.Web/data \) -prune \
  -o -type f -printf '%p %T@\n' | LC_ALL=C sort | md5sum)
if [ "$inputs" = "$(cat "$stamp" 2>/dev/null)" ]; then
  exit 0
fi

rm -f "$stamp"
# Said, since a first build is minutes of silence on a small machine, and -v quiet prints nothing.
echo "Building NotifyOrleans (Release; a first build takes a few minutes)..." >&2
dotnet publish src/NotifyOrleans.Web -c Release --use-current-runtime --self-contained false -o .build/app -nologo -v quiet >&2
echo "$inputs" > "$stamp"
