#!/usr/bin/env bash
# Configures and builds agentsim. Usage: scripts/build.sh [--sanitize] [cmake --build args...]
#   default      Release build in build/ (the CLI is build/agentsim)
#   --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build
flags=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  shift
  build_dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DAGENTSIM_SANITIZE=ON)
fi
cmake -S . -B "$build_dir" "${flags[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" "$@"
