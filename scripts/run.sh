#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs agentsim's default job, printing its
# results. Extra arguments are passed to agentsim.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh --target agentsim
exec ./build/agentsim demo "$@"
