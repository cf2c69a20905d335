#!/usr/bin/env bash
# Installs what is missing, builds everything, and runs all tests under CTest.
# Usage: scripts/test.sh [--sanitize]   (--sanitize: ASan + UBSan build in build-asan/)
# The Release run also installs into a temporary prefix and builds and tests
# examples/custom-strategy against it (scripts/test-install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build_dir=build
if [ "${1:-}" = "--sanitize" ]; then
  build_dir=build-asan
  ./scripts/build.sh --sanitize
else
  ./scripts/build.sh
fi
# Sanitizer reports abort the test that triggers them, so they fail the run.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Property tests draw their cases from a fixed seed, so every run checks the same cases; set
# RC_PARAMS yourself to explore others (a failure prints the seed that reproduces it).
export RC_PARAMS=${RC_PARAMS:-seed=20261125}
# The sanitizer run leaves out the tests labelled `long` (whole-suite explorations that take
# 1–2 minutes in Release and ten times that under ASan) and `lab` (the browser lab's mechanics in
# Chromium: JavaScript and a browser, with agentsim only for `validate`, which the sanitized unit
# tests cover); the Release run has them.
exclude=()
if [ "$build_dir" = build-asan ]; then exclude=(-LE 'long|lab'); fi
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" "${exclude[@]}"
# The library as a team uses it: install into a fresh prefix, then build and test
# examples/custom-strategy against it (docs/library.md). Release only: a sanitized install would
# need the sanitizer flags in the consumer's build too.
if [ "$build_dir" = build ]; then ./scripts/test-install.sh "$build_dir"; fi
