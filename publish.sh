#!/usr/bin/env bash
# Builds the app the way ./run.sh and the benchmarks run it: Release, compiled ahead of time for
# this machine (ReadyToRun: the first answer comes in about 2.5 s instead of 4 on 2 cores, see
# docs/benchmarks.md), into .build/app. Build output goes to standard error, so that a command's
# standard output (./run.sh keys create) is its result alone.
set -euo pipefail
cd "$(dirname "$0")"
dotnet publish src/NotifyOrleans.Web -c Release --use-current-runtime --self-contained false -o .build/app -nologo -v quiet >&2
