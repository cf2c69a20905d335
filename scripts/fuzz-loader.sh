#!/usr/bin/env bash
# Builds the libFuzzer harnesses of the input readers (fuzz/: the scenario loader, the baseline
# reader, the Agent Event Stream reader of `conform`) with clang, ASan and UBSan in build-fuzz/,
# then for each: replays every input of its committed corpus (fuzz/corpus/<format>/) whole, and
# fuzzes for a bounded time on a copy of that corpus — the committed corpus never grows. Fails on
# any finding: a crash, a sanitizer report, an exception escaping, a timeout, running out of
# memory, a broken promise of the reader. The input is kept in build-fuzz/findings/<format>/
# (crash-*, timeout-*, oom-*) until the next run;
# docs/fuzzing.md says how to reproduce it and add it to the corpus.
#
#   scripts/fuzz-loader.sh [SECONDS]   fuzzing time in all, split evenly between the fuzzers
#                                      (default 60; CI runs 60)
#
# Exit codes: 0 no finding; 1 a finding (or the build failed); 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 [SECONDS]   (fuzzing time in all, a whole number of at least 2)" >&2; exit 2; }
[[ $# -le 1 ]] || usage
total_seconds=${1:-60}
[[ $total_seconds =~ ^[0-9]+$ && $total_seconds -ge 2 ]] || usage

./scripts/install-deps.sh

build_dir=build-fuzz
formats=(scenario baseline stream)
# The longest input each fuzzer makes: a bundled scenario file is at most 6 KB; a committed
# baseline is the bundled one's first scenario (23 KB) or less. Longer committed inputs (the
# reproducer of a stack overflow) are replayed whole before fuzzing starts. A stream input is a
# few dozen records (the committed ones are at most 12 KB).
declare -A max_len=([scenario]=16384 [baseline]=32768 [stream]=32768)
seconds_each=$((total_seconds / ${#formats[@]}))

targets=()
for f in "${formats[@]}"; do targets+=("${f}_fuzzer"); done
start=$(date +%s)
# -O1 -gline-tables-only: the usual fuzzing build (fast enough, line numbers in every report),
# and a fifth less CPU to compile than -O2 -g under the sanitizers (2 min 18 s against 2 min 54 s).
build_failed() { echo "fuzz-loader: the clang build in $build_dir failed" >&2; exit 1; }
cmake -S . -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" -DAGENTSIM_LIBFUZZER=ON \
  -DAGENTSIM_BUILD_TESTS=OFF -DAGENTSIM_BUILD_BENCH=OFF >/dev/null || build_failed
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}" || build_failed
echo "fuzz-loader: built ${targets[*]} in $(($(date +%s) - start)) s"

# Sanitizer reports name files and lines; a leak is a finding too (libFuzzer checks for leaks).
symbolizer=$(command -v llvm-symbolizer || true)
[[ -n $symbolizer ]] && export ASAN_SYMBOLIZER_PATH=$symbolizer
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_dir=$build_dir/fuzz-run
failed=0
for f in "${formats[@]}"; do
  fuzzer=$build_dir/${f}_fuzzer
  corpus=$run_dir/corpus/$f
  findings=$build_dir/findings/$f
  log=$run_dir/$f.log
  rm -rf "$corpus" "$findings"
  mkdir -p "$corpus" "$findings"
  cp fuzz/corpus/"$f"/* "$corpus"/
  committed=$(ls "$corpus" | wc -l)
  # Limits: 10 s for one input (the loader takes milliseconds), 2 GiB of memory.
  options=(-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$findings/" -print_final_stats=1)
  # First every committed input once, whole (no -max_len), then the fuzzing on the copy.
  if ! "$fuzzer" "${options[@]}" -runs=0 "$corpus" >"$log" 2>&1 ||
     ! "$fuzzer" "${options[@]}" -dict=fuzz/"$f".dict -max_len="${max_len[$f]}" \
         -max_total_time="$seconds_each" "$corpus" >>"$log" 2>&1; then
    failed=1
    echo "fuzz-loader: $f: FINDING — the end of its log ($log):" >&2
    tail -n 60 "$log" >&2
    echo "fuzz-loader: $f: the input is in $findings/: $(ls "$findings" | tr '\n' ' ')" >&2
    continue
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  echo "fuzz-loader: $f: no finding — $committed committed inputs replayed, then $runs runs in" \
    "${seconds_each} s ($rate exec/s); the corpus grew to $(ls "$corpus" | wc -l) inputs (in $corpus, not committed)"
done
echo "fuzz-loader: $([[ $failed -eq 0 ]] && echo "no finding" || echo "FINDINGS (above)") in $(($(date +%s) - start)) s, the build included"
exit $failed
