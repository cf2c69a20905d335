// Running scenarios: Monte Carlo, then the expectations' verdicts, with sequential sampling — an
// inconclusive verdict draws more sessions (doubling, sessions k = n, n+1, ... of the same seed)
// until every verdict is decided or max_sessions is reached. Everything is a function of the
// scenario and the seed, so a verdict never flips between runs of the same seed.
//
// (Looking at the data after each round makes the nominal confidence a little optimistic; the
// rounds are few — at most log2(max_sessions / sessions) + 1 — and docs/scenario-format.md says so.)
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "agentsim/sim/scenario.h"

namespace agentsim::sim {

// One round of sequential sampling: sessions (shifts, for a center) [first, first + count).
struct SamplingRound {
  std::uint64_t first = 0;
  std::uint64_t count = 0;
  friend bool operator==(const SamplingRound& a, const SamplingRound& b) {
    return a.first == b.first && a.count == b.count;
  }
};

// What a slice of sessions accumulates: `summary` for a single-agent scenario, `center` for a
// center scenario (the other stays empty).
struct Tally {
  Summary summary;
  std::optional<CenterSummary> center;
};

struct RunOptions {
  std::uint64_t seed_override = 0;      // 0: each scenario's own seed
  std::uint64_t sessions_override = 0;  // single-agent scenarios; 0: each scenario's own first batch
  std::uint64_t shifts_override = 0;    // center scenarios (which count shifts); 0: their own
  int threads = 0;                      // 0: all cores
  // The confidence of the reports' intervals; REQUIRES kMinConfidence <= it <= kMaxConfidence.
  double report_confidence = kDefaultReportConfidence;
  // Called after each batch with (sessions done so far, sessions planned so far).
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  // Read, never written: when it becomes true (a SIGINT), the scenario stops between sessions
  // and its result is incomplete — the caller discards it. Null, or never true, changes nothing.
  const std::atomic<bool>* stop = nullptr;
  // Where a round's tally comes from (agentsim merge: the shards' partial results). Called with
  // the round's index into sampling_rounds(); nullopt (or no function) runs the round here. A
  // supplied tally must be what run_slice gives for that round, or the result is not the run's.
  std::function<std::optional<Tally>(std::size_t round)> supply;
};

// The rounds sequential sampling may run, in order: the first batch, then each round doubles the
// sample until max_sessions (or --sessions / --shifts, when larger). They depend only on the
// scenario and the options, never on results — which is what lets shards run a round's slices
// apart (agentsim run --shard); run_scenario stops after the first round that decides every verdict.
std::vector<SamplingRound> sampling_rounds(const Scenario& scenario, const RunOptions& options);

// Sessions (shifts) [first, first + count) of `scenario` under options' seed, threads and stop:
// what run_scenario accumulates for them, exactly (so slices merge into a round's tally).
Tally run_slice(const Scenario& scenario, const RunOptions& options, std::uint64_t first, std::uint64_t count);

ScenarioResult run_scenario(const Scenario& scenario, const RunOptions& options);

// Evaluates every expectation of `scenario` on `summary`.
std::vector<ExpectationResult> judge_all(const Scenario& scenario, const Summary& summary);
std::vector<ExpectationResult> judge_all(const Scenario& scenario, const CenterSummary& summary);

// 0 every expectation met (or failed as expected); 1 a failure or unexpected pass;
// 3 inconclusive after the sampling limit (and no failure).
int suite_exit_code(const SuiteResult& result);

}  // namespace agentsim::sim
