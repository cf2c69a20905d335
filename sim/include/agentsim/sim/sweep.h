// Sweeps: one scenario expanded into points over a matrix of strategy, environment and center
// parameters (a scenario file's `sweep:` block, docs/sweeps.md). Each point is an ordinary
// Scenario — it runs, is judged and is reported like any other — that remembers which point of
// which sweep it is; summarize_sweeps() gathers the points of each sweep back into one table and
// names the best point.
//
// Common random numbers: every point keeps the scenario's seed, so session k of every point
// draws from the same stream (seed, k). Two points differ only by what their parameters change,
// never by sampling noise.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agentsim/sim/metrics.h"

namespace agentsim::sim {

struct Scenario;
struct ScenarioResult;
struct SuiteResult;
enum class Status;

// At most this many points per sweep (the product of the axes' lengths, or their common length
// with `zip`): 1000 points of 20,000 sessions take one core about 10 s to 2 min.
inline constexpr std::size_t kMaxSweepPoints = 1000;

// Which point of which sweep a scenario is.
struct SweepPoint {
  std::string sweep;                // the sweeping scenario's own name
  std::size_t index = 0;            // 0-based, in expansion order (the first axis varies slowest)
  std::size_t points = 0;           // how many points the sweep has
  bool zip = false;                 // the axes are paired, not crossed
  // (axis path, value as written), one per axis, in the axes' order:
  // ("strategy.max_attempts", "3").
  std::vector<std::pair<std::string, std::string>> values;
  // Dependent defaults that followed a swept value at this point, one sentence each (the same
  // sentence at every point where it applies, so that a report can say it once).
  std::vector<std::string> notes;
};

// "name[max_attempts=3,base_ms=200]": the point's scenario name. Each axis is named by its
// parameter (the last part of its path), or by its whole path when two axes share a parameter
// name.
std::string sweep_point_name(const std::string& sweep,
                             const std::vector<std::pair<std::string, std::string>>& values);

struct SweepPointResult {
  std::vector<std::string> values;  // one per axis
  std::size_t scenario = 0;         // index into SuiteResult::scenarios
  MetricValue metric;               // the first expectation's metric, at its confidence
  std::vector<Status> statuses;     // one per expectation
  bool meets_all = false;           // every expectation met (or failed as expected)
  MetricValue cost;                 // api_calls_per_close (center: api_calls per shift)
};

struct SweepSummary {
  std::string name;                      // the sweep (the sweeping scenario's name)
  std::vector<std::string> axes;         // paths, in order
  std::vector<std::vector<std::string>> axis_values;  // each axis's distinct values, in order
  bool zip = false;
  std::string metric;                    // the first expectation's metric
  std::string cost_metric;               // "api_calls_per_close" (center: "api_calls")
  std::vector<std::string> expectations; // their texts ("ghost_rate <= 0.05 @95%")
  std::vector<SweepPointResult> points;  // in expansion order (only the points that ran)
  // The best point: among the points that meet every expectation, the one with the lowest cost
  // estimate; a tie goes to the earlier point. nullopt when no point meets every expectation.
  std::optional<std::size_t> best;
  std::vector<std::string> notes;        // the points' dependent-default notes, each once
  bool complete = true;                  // every point of the sweep ran (not cut by --scenario)
};

// The sweeps among `result`'s scenarios, in the order of their first point.
std::vector<SweepSummary> summarize_sweeps(const SuiteResult& result);

// The index into `points` of the best point (see SweepSummary::best).
std::optional<std::size_t> best_point(const std::vector<SweepPointResult>& points);

}  // namespace agentsim::sim
