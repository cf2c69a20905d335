// The terminal report of a suite run: what a person reads after `agentsim run`.
//
// Also the home of the wording every writer for people shares (status words, metric values with
// their units, the assumed environment parameters a result rests on), so the terminal, Markdown,
// JUnit and HTML reports say the same thing the same way.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agentsim/sim/environment.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/scenario.h"
#include "agentsim/sim/strategy.h"

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

// "baseline FILE: 412 metrics of 27 scenarios compared, 1 regression, 2 on one side only (a
// mismatch)" — one line, for every report's summary of the baseline gate.
std::string baseline_summary(const sim::BaselineCheck& baseline);

// "1,234,567": an integer with thousands separators (sim::thousands, which messages use too).
std::string thousands(std::uint64_t n);

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
// The same for a scenario: without the parameters its environment file measured
// (sim::Scenario::measured), which reports list as measured from that log instead.
std::vector<AssumedParameter> assumed_parameters(const sim::Scenario& s);

// --- Scenarios of either kind: single agent or a whole center (sim/center.h) -----------------------

// The metrics a scenario's figures and expectations use: sim::center_metrics() for a center
// scenario (Scenario::center set), sim::metrics() otherwise.
const std::vector<sim::MetricInfo>& scenario_metrics(const sim::ScenarioResult& r);

// A metric of the scenario at `confidence`, evaluated on the summary of its kind (the
// CenterSummary of a center scenario, the Summary otherwise). An unknown name is undefined.
sim::MetricValue scenario_metric(const sim::ScenarioResult& r, std::string_view metric, double confidence);
// The same at the confidence of the report's intervals (ScenarioResult::report_confidence).
sim::MetricValue scenario_metric(const sim::ScenarioResult& r, std::string_view metric);

// One close kind of a single-agent scenario: how many sessions ended that way, how many of them
// left a ghost, and that share with its Wilson interval at the report's confidence.
struct CloseKindRow {
  std::string_view kind;  // sim::CloseKindInfo::name, e.g. "tab_close"
  std::uint64_t closes = 0;
  std::uint64_t ghosts = 0;
  sim::MetricValue ghost_rate;
};

// The close kinds that occurred in a single-agent scenario, in the order of sim::close_kinds();
// empty for a center scenario (its shifts do not record the kind of each close).
std::vector<CloseKindRow> close_kind_breakdown(const sim::ScenarioResult& r);

// "95%", "99%", "99.9%": a confidence as the reports label their intervals.
std::string confidence_label(double confidence);

// The description of a metric of either kind (sim::find_metric, then sim::find_center_metric);
// nullptr when neither knows the name.
const sim::MetricInfo* find_any_metric(std::string_view name);

// A center metric as people read it: "ghost agent-minutes per shift", "customer wait, p95",
// "time to clear the last ghost after a burst"; any other name is returned unchanged.
std::string_view center_metric_label(std::string_view metric);

// A center specification in one line: "5 agents, 10 min shift, 2 contacts/min, closes uniform
// over the shift, 60 min after the shift" (incoming agents, the burst's start and spread, and a
// warm-up when they apply).
std::string center_spec_text(const sim::CenterSpec& spec);

// The strategy's settings people need beside its label (StrategyConfig::label()): every
// parameter of sim::strategy_parameters() that the configuration actually reads
// (sim::parameter_applies), server-side ones included, as (name, value as text).
std::vector<std::pair<std::string, std::string>> strategy_settings(const sim::StrategyConfig& config);

// The API traffic and server-side counters of a single-agent Summary that are non-zero, as
// (label, count): "setState sent", "PutUserStatus sent", "backend notifications",
// "DismissUserContact sent", "heartbeats sent", "sweeper detections", "throttled".
std::vector<std::pair<std::string, std::uint64_t>> traffic_counters(const sim::Summary& summary);

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
// The strategy is named by its label (StrategyConfig::label(): "beforeunload_setstate +
// heartbeat_sweeper"); a strategy with a server side or a missed-contact reaction adds a line
// "server side: silence_timeout_ms=90000, ..." with the server-side settings in effect. A center
// scenario counts shifts instead of sessions, adds a line "center: <center_spec_text>" and, after
// its expectations, "center figures at 95% over N shifts:" with every center metric by its label
// (center_metric_label) and interval; it prints no single-agent figure.
//
// then the totals (scenarios and expectations by status) and the command that reproduces the
// run (SuiteResult::command). Intervals are at each expectation's own confidence.
//
// `color`: wrap status words and headings in ANSI SGR escapes (green PASS, bold red FAIL, bold
// magenta XPASS, yellow INCONCLUSIVE, cyan XFAIL); false writes plain text with no escape byte.
// `verbose`: also list every metric of the scenario (sim::metrics(), or sim::center_metrics() for
// a center scenario) at 95 % by name, the strategy's parameters that apply (strategy_settings),
// the center parameters, the API traffic (traffic_counters, or the center's totals), and each assumed environment parameter with its value (and its default when the
// scenario changed it). Control characters in text from scenario files print as '?', so a file
// cannot send escape sequences to the terminal. The output ends with a newline.
std::string render_terminal(const sim::SuiteResult& result, bool color, bool verbose);

// How much the terminal report says:
//   Failures   only the scenarios with an expectation not met (failed, inconclusive, passed
//              although expected to fail), each with its intervals, and the failed baseline gate
//              — what `agentsim run -q` prints, so a red CI log says why;
//   Summary    one line per scenario whose expectations were all met (or failed as expected),
//              the details for the others (`agentsim run`'s default);
//   Details    every scenario with its expectations (render_terminal(result, color, false));
//   Everything every scenario with every metric, the settings and the assumptions (-v).
// Every level ends with the totals and the reproduce command.
enum class TerminalDetail { Failures, Summary, Details, Everything };
std::string render_terminal(const sim::SuiteResult& result, bool color, TerminalDetail detail);

}  // namespace agentsim::reports
