#!/usr/bin/env bash
# Configures and builds agentsim. Usage: scripts/build.sh [--sanitize] [cmake --build args...]
#   default      Release build in build/ (the CLI is build/agentsim)
#   --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/ (-O1 -g1)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build
flags=(-DCMAKE_BUILD_TYPE=Release)
if [ "${1:-}" = "--sanitize" ]; then
  shift
  build_dir=build-asan
  # -O1 -g1 (line tables: every sanitizer report still names files and lines), the usual
  # sanitizer build: GCC 12 compiles four of the heaviest files (the MSM machine among them) in
  # 116 s of CPU against 310 s at RelWithDebInfo's -O2 -g; -g is most of the difference.
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG"
         -DAGENTSIM_SANITIZE=ON)
fi
cmake -S . -B "$build_dir" "${flags[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" "$@"
