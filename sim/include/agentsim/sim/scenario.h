// A scenario: a session specification, how many sessions to run, a seed, and expectations with
// honest statistics. Scenario files (scenarios/) load into these; the suite runner (suite.h) runs
// them; the report writers (reports/) print the results.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agentsim/sim/center.h"
#include "agentsim/sim/claim.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/sweep.h"

namespace agentsim::sim {

// Where something was written in a scenario file (1-based; 0 when not from a file).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class Comparison { Less, LessEqual, Greater, GreaterEqual };
std::string_view to_string(Comparison c);  // "<", "<=", ">", ">="

// "metric op bound, at this confidence". The verdict compares the metric's confidence interval
// with the bound: pass when the interval lies inside the allowed side, fail when it lies wholly
// outside, inconclusive when it straddles the bound.
struct Expectation {
  std::string metric;
  Comparison op = Comparison::LessEqual;
  double bound = 0;
  double confidence = 0.95;
  // The suite shows this weakness on purpose: the expectation is meant to fail. A failure then
  // counts as expected (xfail); a pass is unexpected (xpass) and fails the run.
  bool expect_fail = false;
  std::string note;  // why (shown in reports)
  SourceLocation where;

  std::string text() const;  // "ghost_rate <= 0.001 @95%"
};

struct Scenario {
  std::string name;
  std::string description;
  std::vector<std::string> tags;
  SessionSpec session;
  std::string profile_name = "ccp_v1";   // as written (the profile itself is in session)
  std::uint64_t sessions = 20000;        // first batch
  std::uint64_t max_sessions = 320000;   // sequential sampling stops here (>= sessions)
  std::uint64_t seed = 1;
  // Center mode: a whole center over a shift (center.h). `sessions` and `max_sessions` then
  // count shifts, and the expectations bound center metrics (center_metrics()).
  std::optional<CenterSpec> center;
  std::vector<Expectation> expectations;
  // The scenario's `claim:` block: what the search (`agentsim fuzz`, `agentsim check`) takes the
  // strategy to claim, over its default claim (claim.h). Empty when the file has none.
  ClaimOverrides claim;
  SourceLocation claim_where;  // the `claim:` key, when the file has one
  SourceLocation where;
  // Environment parameters and strategy parameters the file set explicitly (name, value as
  // text), for reports and reproduction.
  std::vector<std::pair<std::string, std::string>> overrides;
  // Environment parameters whose value came from an environment file (`environment_file:`,
  // written by `agentsim conform`) and not from the scenario's own `environment:`: (name, what it
  // was measured from, e.g. "stream.jsonl"). Reports list them as measured from it, not [A].
  std::vector<std::pair<std::string, std::string>> measured;
  std::string environment_file;  // as resolved (empty when none)
  // A point of a sweep (the file's `sweep:` block, sweep.h): which one; empty for any other
  // scenario.
  std::optional<SweepPoint> sweep;
};

enum class Verdict { Pass, Fail, Inconclusive };
std::string_view to_string(Verdict v);

// The verdict with the expect_fail mark applied.
enum class Status { Passed, Failed, Inconclusive, ExpectedFailure, UnexpectedPass };
std::string_view to_string(Status s);
bool is_ok(Status s);  // Passed or ExpectedFailure

struct ExpectationResult {
  Expectation expectation;
  MetricValue value;
  Verdict verdict = Verdict::Inconclusive;
  Status status = Status::Inconclusive;
};

// The confidences an interval may be stated at (an expectation's, the report's --confidence):
// below 0.5 an interval says little, above 0.9999 it needs more sessions than a run can draw.
inline constexpr double kMinConfidence = 0.5;
inline constexpr double kMaxConfidence = 0.9999;
// The confidence of a report's own intervals unless --confidence says otherwise.
inline constexpr double kDefaultReportConfidence = 0.95;

struct ScenarioResult {
  Scenario scenario;
  Summary summary;                         // single-agent scenarios
  std::optional<CenterSummary> center;     // center scenarios (then `summary` is empty)
  std::uint64_t sessions_run = 0;          // sessions, or shifts for a center scenario
  int sampling_rounds = 1;  // 1 + how many times an inconclusive verdict drew more sessions
  std::vector<ExpectationResult> expectations;
  // The confidence of the intervals the reports show for every metric (each expectation keeps
  // its own confidence for its verdict).
  double report_confidence = kDefaultReportConfidence;
  Status status() const;   // the worst status of its expectations (Passed when none)
};

// A metric of a scenario that got worse than in the baseline beyond statistical noise.
struct BaselineRegression {
  std::string scenario;
  std::string metric;
  double before_estimate = 0;
  double before_lo = 0;
  double before_hi = 0;
  bool before_exact = false;
  MetricValue after;         // at the confidence of the baseline's intervals
  std::string explanation;   // one sentence: both values, their intervals, what changed
};

// The comparison of a run with a baseline report (`agentsim run --baseline`), which every report
// carries: the gate fails on a regression, on a baseline that compares nothing, and — unless
// `allow_missing` — on one that does not match the run (a scenario or metric on one side only).
struct BaselineCheck {
  std::string file;
  bool allow_missing = false;
  // The confidence of the baseline's intervals (its "report_confidence"); this run's metrics are
  // compared at the same confidence, whatever its own reports show.
  double confidence = kDefaultReportConfidence;
  std::vector<BaselineRegression> regressions;
  std::vector<std::string> missing;       // on one side only: scenarios, metrics
  std::vector<std::string> not_compared;  // present on both sides but not comparable, and why
  std::vector<std::string> changed;       // "scenario: setting: before -> now" (strategy, environment...)
  std::size_t compared_metrics = 0;
  std::size_t compared_scenarios = 0;

  bool compares_nothing() const { return compared_metrics == 0; }
  // The gate fails: a regression, a baseline that compares nothing (whatever allow_missing
  // says: such a gate could never fail), or (strict) a mismatch.
  bool failed() const {
    return !regressions.empty() || compares_nothing() || (!allow_missing && !missing.empty());
  }
};

struct SuiteResult {
  std::string name;            // e.g. "default"
  std::vector<ScenarioResult> scenarios;
  std::uint64_t seed_override = 0;  // 0 = each scenario's own seed
  std::string command;         // the exact command that reproduces this run
  std::optional<BaselineCheck> baseline;  // when run with --baseline
  double report_confidence = kDefaultReportConfidence;  // of every interval the reports show
};

// The verdict of one expectation for a metric value.
Verdict judge(const Expectation& e, const MetricValue& v);
Status apply_mark(const Expectation& e, Verdict v);

}  // namespace agentsim::sim
