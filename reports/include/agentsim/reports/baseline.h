// Baselines: an earlier JSON report (json_report.h) kept as the reference a run is compared with,
// so CI fails when a change makes a strategy measurably worse — and not when the numbers merely
// move within their statistical noise.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/metrics.h"
#include "agentsim/sim/suite.h"

namespace agentsim::reports {

// One metric of one scenario as the baseline report recorded it (its "metrics" entry, at 95 %).
// A JSON null reads as: estimate NaN, lo -infinity, hi +infinity (the writer writes non-finite
// numbers as null; in practice only an unbounded upper end of a quantile's interval).
struct BaselineMetric {
  double estimate = 0;
  double lo = 0;
  double hi = 0;
  bool exact = false;
  bool defined = true;
};

struct Baseline {
  // scenario name -> metric name -> value
  std::map<std::string, std::map<std::string, BaselineMetric>> metrics;
  std::string schema;  // the report's "schema" string, e.g. "agentsim-report/1"
  // scenario name -> the sessions its value rests on (the report's "sessions_run").
  std::map<std::string, std::uint64_t> sessions_run;
  // scenario name -> what it ran with ("strategy.max_attempts" -> "3", "environment.x" -> ...).
  std::map<std::string, std::map<std::string, std::string>> settings;
  // The confidence of the recorded intervals: the report's "report_confidence" (0.95 when the
  // report predates --confidence).
  double confidence = sim::kDefaultReportConfidence;
};

// The deepest nesting of a baseline document (a report written by render_json is about 6 levels
// deep). A deeper document is refused as soon as the parser reaches the first level too deep.
inline constexpr int kMaxBaselineDepth = 64;

// Reads a JSON report written by render_json. Accepts any document whose "schema" is
// kReportSchema ("agentsim-report/1") — later writers of the same major version only add fields,
// which are ignored. Returns nullopt and sets `error` to one sentence naming the problem:
//   "not JSON: <parser message>", "not a valid JSON report: <message>" (a number no double
//   holds, "1e400"),
//   "nested deeper than 64 levels: not an agentsim report",
//   "the top level is not an object",
//   "missing \"schema\"", "unsupported schema \"agentsim-report/2\" (expected agentsim-report/1)",
//   "missing or invalid \"scenarios\"", "scenario 3: missing \"name\"",
//   "scenario \"x\": metric \"ghost_rate\": missing \"estimate\"", "duplicate scenario \"x\"".
// `error` is left unchanged on success.
std::optional<Baseline> parse_baseline(std::string_view json_text, std::string& error);

// A metric of a scenario that got worse beyond statistical noise.
struct Regression {
  std::string scenario;
  std::string metric;
  BaselineMetric before;
  sim::MetricValue after;   // evaluated at 95 %, as the baseline was
  std::string explanation;  // one sentence for people, with both values and their intervals
};

// The metrics of `result` that regressed against `baseline`, in the order of result's scenarios
// and then of the scenario's metrics (sim::metrics(), or sim::center_metrics() for a center
// scenario: scenario_metrics()). Each metric is evaluated on the scenario's Summary (or
// CenterSummary) at 95 %, the confidence the JSON report records. A metric regressed when:
//   - with an interval: the 95 % intervals no longer overlap, in the bad direction of
//     sim::MetricInfo::better — Lower is better: now.lo > before.hi; Higher is better:
//     now.hi < before.lo. (Two intervals that overlap are within noise of each other: no verdict.)
//   - exact (a count, a maximum; either side exact): only the defect counters gate
//     (unaccepted_events, sends_after_teardown, budget_exceeded_sessions; for centers also
//     bucket_violations, budget_exceeded_shifts): the value is strictly worse, compared only
//     when both runs simulated the same number of sessions or shifts (a count or a maximum grows
//     with the sample; a baseline without "sessions_run" is taken to match). Other counts and
//     maxima move with sampling noise and are not compared.
// Skipped, never a regression: a value undefined on either side; exact metrics of runs of
// different sizes; a scenario or metric present on only one side (baseline_notes lists all of
// those). Scenarios are matched by name.
std::vector<Regression> find_regressions(const sim::SuiteResult& result, const Baseline& baseline);

// What find_regressions could not compare, one sentence each, in a fixed order: scenarios of the
// run missing from the baseline, scenarios of the baseline missing from the run; then per
// scenario: exact metrics skipped because the runs differ in size, metrics missing on one side,
// metrics defined on one side only (e.g. ghost quantiles when one side had no ghosts), and
// baseline metrics unknown to this agentsim or of the other kind of scenario. Empty
// when everything was compared.
std::vector<std::string> baseline_notes(const sim::SuiteResult& result, const Baseline& baseline);

// The whole comparison every report carries (sim::BaselineCheck): the regressions (each naming
// what changed in its scenario), what is on one side only (`missing`: scenarios of either side,
// metrics of the run missing from the baseline, baseline metrics this run does not have), what is
// on both sides but was not compared and why, the scenario settings that differ, and how many
// metrics and scenarios were compared. With `allow_missing` false (the default of `agentsim run`)
// a mismatch or a comparison of nothing fails the gate (BaselineCheck::failed).
sim::BaselineCheck compare_with_baseline(const sim::SuiteResult& result, const Baseline& baseline,
                                         const std::string& file, bool allow_missing);

}  // namespace agentsim::reports
