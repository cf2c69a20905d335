// The terminal report of a suite run: what a person reads after `agentsim run`.
//
// Also the home of the wording every writer for people shares (status words, metric values with
// their units, the assumed environment parameters a result rests on), so the terminal, Markdown,
// JUnit and HTML reports say the same thing the same way.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/environment.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/scenario.h"

namespace agentsim::reports {

// --- Wording shared by the writers ------------------------------------------------------------

// The short word of a status, as printed in every report: "PASS", "FAIL", "INCONCLUSIVE",
// "XFAIL" (failed, as the scenario said it would) and "XPASS" (passed although it was meant to
// fail, which fails the run).
std::string_view status_word(sim::Status s);

// The five statuses in the order every report lists them: PASS, FAIL, INCONCLUSIVE, XFAIL, XPASS.
inline constexpr std::array<sim::Status, 5> kAllStatuses = {
    sim::Status::Passed, sim::Status::Failed, sim::Status::Inconclusive, sim::Status::ExpectedFailure,
    sim::Status::UnexpectedPass};

// How many scenarios (by ScenarioResult::status()) and expectations of a run have each status,
// indexed like kAllStatuses.
struct StatusCounts {
  std::array<std::size_t, kAllStatuses.size()> scenarios{};
  std::array<std::size_t, kAllStatuses.size()> expectations{};
  std::size_t expectation_total = 0;
};
StatusCounts count_statuses(const sim::SuiteResult& result);

// The status of a whole run, as its exit code (sim::suite_exit_code) says: Passed (0),
// Inconclusive (3) or Failed (1).
sim::Status suite_status(const sim::SuiteResult& result);

// A stable snake_case token of a status for machines: "passed", "failed", "inconclusive",
// "expected_failure", "unexpected_pass" (JSON "status" fields, JUnit failure types, CSS classes).
std::string_view status_token(sim::Status s);

// One value of `metric` in its unit, for people: proportions as percentages ("43.59%"), seconds
// with "s" ("41.2 s"), other quantities as plain numbers with up to 4 significant digits ("423.9");
// "∞" (no unit) for +infinity. An unknown metric name prints as a plain number.
std::string format_metric_number(std::string_view metric, double value);

// A metric value with its interval: "43.59% [42.91%, 44.28%]"; an exact metric (a count, a
// maximum) as "0 (exact)"; an undefined value (nothing to measure, e.g. a quantile of no ghosts)
// as "undefined".
std::string format_metric_value(std::string_view metric, const sim::MetricValue& value);

// An environment parameter whose provenance is Assumed (model::Provenance): a number the result
// rests on that nobody documented or measured. `value` is the one in effect in the scenario.
struct AssumedParameter {
  const sim::EnvironmentParameter* parameter = nullptr;  // never null
  double value = 0;
  double default_value = 0;
};

// The Assumed environment parameters of `env`, in the order of sim::environment_parameters().
std::vector<AssumedParameter> assumed_parameters(const sim::EnvironmentParams& env);

// --- The terminal report ----------------------------------------------------------------------

// Renders `result` for a terminal, one block per scenario:
//
//   FAIL   checkout_flow — 8,000 sessions in 2 sampling rounds, seed 7
//         strategy beforeunload_setstate, profile ccp_v1, suites/default.yaml:12
//         status        expectation               estimate and interval
//         PASS          ghost_rate <= 0.5 @95%    43.59% [42.91%, 44.28%]  bound 50.00%
//         XFAIL         ghost_rate <= 0.01 @95%   43.59% [42.91%, 44.28%]  bound 1.00%
//                       failed as expected: the seed's advice leaves ghosts
//         61 assumed environment parameters in effect (0 changed by the scenario); -v lists them
//
// then the totals (scenarios and expectations by status) and the command that reproduces the
// run (SuiteResult::command). Intervals are at each expectation's own confidence.
//
// `color`: wrap status words and headings in ANSI SGR escapes (green PASS, bold red FAIL, bold
// magenta XPASS, yellow INCONCLUSIVE, cyan XFAIL); false writes plain text with no escape byte.
// `verbose`: also list every metric of sim::metrics() at 95 % per scenario, the strategy's
// parameters, and each assumed environment parameter with its value (and its default when the
// scenario changed it). Control characters in text from scenario files print as '?', so a file
// cannot send escape sequences to the terminal. The output ends with a newline.
std::string render_terminal(const sim::SuiteResult& result, bool color, bool verbose);

}  // namespace agentsim::reports
