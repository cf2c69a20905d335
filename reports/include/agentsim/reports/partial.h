// A shard's partial result (`agentsim run --shard i/n` writes one, `agentsim merge` reads them):
// what the run was asked (so merge reloads the same scenarios with the same options), and for
// every scenario the exact tally of the shard's slice of each sampling round it ran, as the
// 64-bit words of sim::encode_words. Merging the slices of a round adds integers, so the merged
// reports are byte-identical to an unsharded run's (docs/scaling.md).
//
// The file is JSON ("schema": kPartialSchema). A partial is tied to the accumulators' layout
// (sim::summary_layout, center_summary_layout) and to each scenario's fingerprint — a hash of
// everything its report record shows before it runs (strategy, components, environment, center,
// seed, sampling, expectations) — so merge refuses partials of another agentsim build or of
// scenario files that changed since the shards ran, naming what differs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/scenario.h"
#include "agentsim/sim/suite.h"

namespace agentsim::reports {

inline constexpr std::string_view kPartialSchema = "agentsim-partial/1";
// The most shards a run may be split into: far more machines than a CI matrix (GitHub Actions
// allows 256 jobs) or an Indexed Job sensibly runs, and every merge reads them all.
inline constexpr unsigned kMaxShards = 1000;
// --shard-rounds: 0 stands for "all" (every round sequential sampling may reach).
inline constexpr unsigned kAllRounds = 0;
inline constexpr unsigned kMaxShardRounds = 64;

// What `agentsim run` was asked, as its reproduce command says it (--shard and --partial aside).
struct PartialRunOptions {
  std::vector<std::string> paths;           // as given; empty: the bundled default suite
  std::vector<std::string> scenario_names;  // --scenario
  std::uint64_t seed = 0;
  std::uint64_t sessions = 0;
  std::uint64_t shifts = 0;
  double confidence = sim::kDefaultReportConfidence;
  friend bool operator==(const PartialRunOptions& a, const PartialRunOptions& b) {
    return a.paths == b.paths && a.scenario_names == b.scenario_names && a.seed == b.seed &&
           a.sessions == b.sessions && a.shifts == b.shifts && a.confidence == b.confidence;
  }
};

struct PartialSlice {
  std::size_t round = 0;        // index into sim::sampling_rounds
  sim::SamplingRound slice;     // this shard's part of that round (possibly empty)
  sim::Words tally;             // sim::encode_words of its Summary or CenterSummary
};

struct PartialScenario {
  std::string name;
  bool center = false;
  std::string fingerprint;                        // scenario_fingerprint
  std::map<std::string, std::string> settings;    // to say what changed when it differs
  std::vector<PartialSlice> slices;               // in round order
};

struct Partial {
  unsigned shard_index = 1;  // 1-based
  unsigned shard_count = 1;
  unsigned rounds = 1;       // rounds per scenario each shard ran; kAllRounds: all
  std::string suite_name;
  PartialRunOptions run;
  std::vector<PartialScenario> scenarios;
};

// The fingerprint of a scenario as it would run (seed override applied), and the flat settings
// its report shows (what a baseline comparison names).
std::string scenario_fingerprint(const sim::Scenario& scenario, const sim::RunOptions& options,
                                 std::map<std::string, std::string>* settings = nullptr);

// The slice of a round [first, first + count) that shard i of n (1-based) runs: contiguous, in
// shard order, sizes differing by at most one, together exactly the round.
sim::SamplingRound shard_slice(const sim::SamplingRound& round, unsigned index, unsigned count);

std::string render_partial(const Partial& partial);
// nullopt when the text is not a partial this build can merge; `error` then says why (with the
// JSON parser's line and column for malformed JSON).
std::optional<Partial> parse_partial(const std::string& text, std::string& error);

}  // namespace agentsim::reports
