#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the bundled default scenario suite,
# printing its verdicts and writing its reports to build/report/. Extra arguments are passed to
# `agentsim run` (e.g. --verbose, --seed S, a path to your own scenarios).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh --target agentsim
exec ./build/agentsim run --report-dir build/report "$@"
