// GoogleTest helpers for a team's own tests of a logout strategy (agentsim::testing,
// docs/library.md). A test reads like the claim it checks:
//
//   const auto s = agentsim::testing::scenario_from_file("checkout.yaml");
//   EXPECT_GHOST_RATE_BELOW(s, 0.02);
//   EXPECT_METRIC_BELOW(s, "missed_per_1000_closes", 5.0);
//   AGENTSIM_PROPERTY(no_ghost_after_covered_close, s);
//
// Every verdict is statistical, never a bare point estimate: EXPECT_METRIC_BELOW judges
// "metric < bound" exactly as `agentsim run` judges that expectation in a scenario file — the
// scenario's seed, its first batch of sessions and sequential sampling up to its max_sessions,
// the metric's confidence interval (Wilson for a rate) against the bound — and a failure prints
// the estimate, the interval, the sessions, the seed and the command that reproduces it.
// AGENTSIM_PROPERTY runs the search of `agentsim fuzz` (agentsim/search/fuzz.h) with a fixed seed
// and a fixed number of cases (no wall clock), and a failure prints the shrunk counterexample as
// `agentsim fuzz` prints it. Same test, same seed: same verdict on every machine and thread count.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "agentsim/sim/scenario.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::testing {

// --- Scenarios ---------------------------------------------------------------------------------

// A scenario file (or text) that cannot be loaded: what() holds every error of the loader, each
// "file:line:column: error: ..." with its did-you-mean hint. The helpers below throw it, so a test
// with a bad scenario fails with the loader's message (gtest reports the exception).
class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The scenario `name` of a YAML text (the scenario format, docs/scenario-format.md), loaded as if
// read from `display_name` (error locations and the reproduce command name it). `name` may be empty
// when the text holds one scenario. Throws ScenarioError.
sim::Scenario scenario_from_yaml(std::string_view yaml, const std::string& display_name = "<yaml>",
                                 std::string_view name = {});

// The scenario `name` of a scenario file (empty: the file's only scenario). Throws ScenarioError.
sim::Scenario scenario_from_file(const std::string& path, std::string_view name = {});

// One strategy under the default environment: the scenario `strategy: <strategy>` (a name from
// `agentsim list`, with its default parameters). Throws ScenarioError, with a did-you-mean for a
// misspelt name.
sim::Scenario scenario_for_strategy(std::string_view strategy);

// --- Metrics -----------------------------------------------------------------------------------

// What the helpers run. The defaults are the scenario's own (its seed, first batch, maximum).
struct RunSettings {
  std::uint64_t seed = 0;  // 0: the scenario's seed
  int threads = 0;         // 0: all cores (the verdict does not depend on it)
  double confidence = 0.95;  // of the interval judged; REQUIRES sim::kMinConfidence..kMaxConfidence
};

// The verdict of "`metric` `op` `bound` @confidence" on `scenario`, with the message a failure
// prints. `ok` is true only for a pass: a fail, an inconclusive verdict after the scenario's
// max_sessions, an unknown metric or an invalid scenario are not ok.
struct MetricVerdict {
  bool ok = false;
  std::string message;
  sim::ScenarioResult result;  // the run (empty when the check could not run)
};
MetricVerdict judge_metric(const sim::Scenario& scenario, std::string_view metric, sim::Comparison op,
                           double bound, const RunSettings& settings = {});

// The predicate-formatters behind the macros (gtest's EXPECT_PRED_FORMAT*).
::testing::AssertionResult MetricBelow(const char* scenario_expr, const char* metric_expr,
                                       const char* bound_expr, const sim::Scenario& scenario,
                                       std::string_view metric, double bound);
::testing::AssertionResult GhostRateBelow(const char* scenario_expr, const char* bound_expr,
                                          const sim::Scenario& scenario, double bound);

// --- Properties --------------------------------------------------------------------------------

// What AGENTSIM_PROPERTY searches: a single-agent scenario, or a strategy under the default
// environment (scenario_for_strategy). Converts implicitly from either.
struct Subject {
  Subject(sim::Scenario s);                 // NOLINT(google-explicit-constructor)
  Subject(const sim::StrategyConfig& c);    // NOLINT(google-explicit-constructor)
  Subject(const char* strategy_name);       // NOLINT(google-explicit-constructor)
  Subject(const std::string& strategy_name);  // NOLINT(google-explicit-constructor)
  sim::Scenario scenario;
};

// The search of `agentsim fuzz --property <property> --cases <cases> --seed <seed>`.
// Limit: cases at most kMaxPropertyCases.
inline constexpr int kMaxPropertyCases = 1000000;
struct SearchSettings {
  int cases = 1000;        // per property, as `agentsim fuzz`
  std::uint64_t seed = 1;  // rapidcheck's seed, as `agentsim fuzz --seed`
  bool shrink = true;
};

// The verdict of the search: ok when no counterexample was found in `cases` cases. Not ok — with
// the reason — when it found one (the message holds its shrunk text, as `agentsim fuzz` prints it,
// and the command that reproduces the search), when the property is unknown (did-you-mean), when
// the strategy's claim does not make the property or the scenario lies outside the claim (it
// could not fail: not a pass), or for a center scenario (the search runs one agent).
struct PropertyVerdict {
  bool ok = false;
  bool found = false;  // a counterexample
  std::string message;
};
PropertyVerdict judge_property(std::string_view property, const Subject& subject,
                               const SearchSettings& settings = {});

::testing::AssertionResult PropertyHolds(const char* property_expr, const char* subject_expr,
                                         std::string_view property, const Subject& subject);

}  // namespace agentsim::testing

// EXPECT_METRIC_BELOW(scenario, "metric", bound): the metric's interval lies wholly below `bound`
// (the expectation `metric < bound` of a scenario file, at 95 %). ASSERT_ stops the test.
#define EXPECT_METRIC_BELOW(scenario, metric, bound) \
  EXPECT_PRED_FORMAT3(::agentsim::testing::MetricBelow, scenario, metric, bound)
#define ASSERT_METRIC_BELOW(scenario, metric, bound) \
  ASSERT_PRED_FORMAT3(::agentsim::testing::MetricBelow, scenario, metric, bound)

// EXPECT_GHOST_RATE_BELOW(scenario, bound): EXPECT_METRIC_BELOW(scenario, "ghost_rate", bound).
#define EXPECT_GHOST_RATE_BELOW(scenario, bound) \
  EXPECT_PRED_FORMAT2(::agentsim::testing::GhostRateBelow, scenario, bound)
#define ASSERT_GHOST_RATE_BELOW(scenario, bound) \
  ASSERT_PRED_FORMAT2(::agentsim::testing::GhostRateBelow, scenario, bound)

// AGENTSIM_PROPERTY(property_name, scenario_or_strategy): `agentsim fuzz` finds no counterexample
// to the property (a name from `agentsim fuzz --property`, written bare:
// no_ghost_after_covered_close) in 1000 cases from seed 1. A failure is non-fatal (as EXPECT_);
// ASSERT_AGENTSIM_PROPERTY stops the test. Other settings: judge_property.
#define AGENTSIM_PROPERTY(property, subject) \
  EXPECT_PRED_FORMAT2(::agentsim::testing::PropertyHolds, #property, subject)
#define ASSERT_AGENTSIM_PROPERTY(property, subject) \
  ASSERT_PRED_FORMAT2(::agentsim::testing::PropertyHolds, #property, subject)
