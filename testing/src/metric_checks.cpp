// EXPECT_METRIC_BELOW and friends: one expectation, judged by the scenario runner (sim/suite.h).
#include <fmt/format.h>

#include <filesystem>

#include "agentsim/reports/terminal_report.h"
#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/center.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/suite.h"
#include "agentsim/testing/gtest.h"

namespace agentsim::testing {

namespace {

const sim::MetricInfo* scenario_metric_info(const sim::Scenario& s, std::string_view metric) {
  return s.center ? sim::find_center_metric(metric) : sim::find_metric(metric);
}

std::string unknown_metric(const sim::Scenario& s, std::string_view metric) {
  std::vector<std::string> names;
  for (const sim::MetricInfo& m : s.center ? sim::center_metrics() : sim::metrics()) names.emplace_back(m.name);
  const std::string hint = scenarios::suggest_name(metric, names);
  std::string text = fmt::format("unknown metric '{}' for {} scenario '{}'", sim::echo(metric),
                                 s.center ? "a center" : "a single-agent", s.name);
  if (!hint.empty()) text += fmt::format(" ({})", hint);
  return text + "; the metrics are in docs/scenario-format.md";
}

std::string_view interval_kind(sim::MetricKind k) {
  switch (k) {
    case sim::MetricKind::Proportion: return "Wilson interval";
    case sim::MetricKind::Quantile: return "order-statistic interval";
    case sim::MetricKind::Mean: return "normal interval";
    case sim::MetricKind::Maximum:
    case sim::MetricKind::Count: return "exact value";
  }
  return "interval";
}

// The command that runs the same scenario, seed and sessions. The expectation is the test's, so
// the command says where it goes: with it as the scenario's only expectation, `agentsim run`
// draws the same sessions and gives this verdict.
std::string reproduce_text(const sim::Scenario& s, const sim::Expectation& e, std::uint64_t seed) {
  const std::string expect = fmt::format("expect: [\"{} {} {}\"]", e.metric, sim::to_string(e.op), e.bound);
  const std::string seed_flag = seed == s.seed ? "" : fmt::format(" --seed {}", seed);
  std::error_code ec;
  if (!s.where.file.empty() && std::filesystem::is_regular_file(s.where.file, ec)) {
    const std::string file = std::filesystem::absolute(s.where.file, ec).string();
    return fmt::format("agentsim run {} --scenario '{}'{} -v   (the same verdict with `{}` as the "
                       "scenario's only expectation)", file, s.name, seed_flag, expect);
  }
  return fmt::format("write the scenario's YAML (from {}) to FILE with `{}` as its only expectation, "
                     "then: agentsim run FILE --scenario '{}'{}",
                     s.where.file.empty() ? "the test" : s.where.file, expect, s.name, seed_flag);
}

std::string verdict_text(const sim::Scenario& s, const sim::ExpectationResult& r,
                         const sim::ScenarioResult& run, std::uint64_t seed, sim::MetricKind kind) {
  const sim::Expectation& e = r.expectation;
  std::string head;
  switch (r.verdict) {
    case sim::Verdict::Pass: head = "PASS"; break;
    case sim::Verdict::Fail: head = "FAIL: the interval lies wholly on the wrong side of the bound"; break;
    case sim::Verdict::Inconclusive:
      head = fmt::format("INCONCLUSIVE after the scenario's max_sessions ({}): the interval straddles "
                         "the bound (raise max_sessions, or the bound is too close to the rate)",
                         sim::thousands(s.max_sessions));
      break;
  }
  return fmt::format(
      "{} on scenario '{}' ({}:{}): {}\n"
      "  estimate and {} at {}: {}, bound {}\n"
      "  {} {} in {} sampling round{}, seed {}, strategy {}\n"
      "  judged as `agentsim run` judges the expectation `{}`\n"
      "  reproduce: {}",
      e.text(), s.name, s.where.file, s.where.line, head, interval_kind(kind),
      reports::confidence_label(e.confidence), reports::format_metric_value(e.metric, r.value),
      reports::format_metric_number(e.metric, e.bound), sim::thousands(run.sessions_run),
      s.center ? "shifts" : "sessions", run.sampling_rounds, run.sampling_rounds == 1 ? "" : "s", seed,
      s.session.strategy.label(), e.text(), reproduce_text(s, e, seed));
}

}  // namespace

MetricVerdict judge_metric(const sim::Scenario& scenario, std::string_view metric, sim::Comparison op,
                           double bound, const RunSettings& settings) {
  MetricVerdict v;
  const sim::MetricInfo* info = scenario_metric_info(scenario, metric);
  if (info == nullptr) {
    v.message = unknown_metric(scenario, metric);
    return v;
  }
  if (!(settings.confidence >= sim::kMinConfidence && settings.confidence <= sim::kMaxConfidence)) {
    v.message = fmt::format("confidence {} is outside [{}, {}]", settings.confidence, sim::kMinConfidence,
                            sim::kMaxConfidence);
    return v;
  }
  if (const std::vector<std::string> problems = scenario.session.validate(); !problems.empty()) {
    v.message = fmt::format("scenario '{}' is not valid: {}", scenario.name, problems.front());
    return v;
  }
  sim::Scenario judged = scenario;
  sim::Expectation e;
  e.metric = std::string(metric);
  e.op = op;
  e.bound = bound;
  e.confidence = settings.confidence;
  judged.expectations = {e};
  sim::RunOptions options;
  options.seed_override = settings.seed;
  options.threads = settings.threads;
  v.result = sim::run_scenario(judged, options);
  const std::uint64_t seed = settings.seed == 0 ? scenario.seed : settings.seed;
  const sim::ExpectationResult& r = v.result.expectations.front();
  v.ok = r.verdict == sim::Verdict::Pass;
  v.message = verdict_text(scenario, r, v.result, seed, info->kind);
  return v;
}

::testing::AssertionResult MetricBelow(const char* scenario_expr, const char* metric_expr, const char* bound_expr,
                                       const sim::Scenario& scenario, std::string_view metric, double bound) {
  const MetricVerdict v = judge_metric(scenario, metric, sim::Comparison::Less, bound);
  if (v.ok) return ::testing::AssertionSuccess() << v.message;
  return ::testing::AssertionFailure() << "Expected " << metric_expr << " of " << scenario_expr << " below "
                                       << bound_expr << ":\n  " << v.message;
}

::testing::AssertionResult GhostRateBelow(const char* scenario_expr, const char* bound_expr,
                                          const sim::Scenario& scenario, double bound) {
  return MetricBelow(scenario_expr, "\"ghost_rate\"", bound_expr, scenario, "ghost_rate", bound);
}

}  // namespace agentsim::testing
