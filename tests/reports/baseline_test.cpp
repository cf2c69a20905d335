#include "agentsim/reports/baseline.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "agentsim/reports/json_report.h"
#include "agentsim/reports/terminal_report.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using testing::sample_suite;

// The baseline read from the sample suite's own report (a copy, for a test to change).
Baseline sample_baseline() {
  static const std::optional<Baseline> parsed = [] {
    std::string error;
    std::optional<Baseline> b = parse_baseline(render_json(sample_suite()), error);
    EXPECT_TRUE(b.has_value()) << error;
    return b;
  }();
  return parsed.value_or(Baseline{});
}

const std::string& advice() { return sample_suite().scenarios[1].scenario.name; }

std::string parse_error(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_baseline(text, error).has_value()) << text;
  return error;
}

TEST(Baseline, ReadsBackEveryMetricOfTheReportItWasWrittenFrom) {
  const Baseline b = sample_baseline();
  EXPECT_EQ(b.schema, "agentsim-report/1");
  ASSERT_EQ(b.metrics.size(), sample_suite().scenarios.size());
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    const auto& metrics = b.metrics.at(r.scenario.name);
    EXPECT_EQ(b.sessions_run.at(r.scenario.name), r.sessions_run);
    ASSERT_EQ(metrics.size(), sim::metrics().size());
    for (const sim::MetricInfo& m : sim::metrics()) {
      const sim::MetricValue now = sim::evaluate_metric(r.summary, m.name, 0.95);
      const BaselineMetric& was = metrics.at(std::string(m.name));
      EXPECT_EQ(was.defined, now.defined) << m.name;
      EXPECT_EQ(was.exact, now.exact) << m.name;
      EXPECT_EQ(was.estimate, now.estimate) << m.name << ": shortest round-trip numbers read back exactly";
      EXPECT_EQ(was.lo, now.interval.lo) << m.name;
      EXPECT_EQ(was.hi, now.interval.hi) << m.name << ": null reads back as +infinity";
    }
  }
  EXPECT_TRUE(std::isinf(b.metrics.at(sample_suite().scenarios[2].scenario.name).at("ghost_seconds.p99").hi));
}

TEST(Baseline, ARunComparedWithItsOwnReportHasNoRegressionAndNothingToNote) {
  const Baseline b = sample_baseline();
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
  EXPECT_TRUE(baseline_notes(sample_suite(), b).empty());
}

TEST(Baseline, RejectsTextThatIsNotJson) {
  const std::string error = parse_error("{\"schema\": ");
  EXPECT_EQ(error.rfind("not JSON: ", 0), 0u) << error;
}

TEST(Baseline, RejectsAnotherSchemaOrNoneNamingWhatItFound) {
  EXPECT_EQ(parse_error(R"({"schema": "agentsim-report/2", "scenarios": []})"),
            "unsupported schema \"agentsim-report/2\" (expected agentsim-report/1)");
  EXPECT_EQ(parse_error(R"({"scenarios": []})").rfind("missing \"schema\"", 0), 0u);
  EXPECT_EQ(parse_error(R"([1, 2])"), "the top level is not an object");
}

TEST(Baseline, RejectsMissingFieldsNamingTheScenarioAndMetric) {
  EXPECT_EQ(parse_error(R"({"schema": "agentsim-report/1"})").rfind("missing or invalid \"scenarios\"", 0),
            0u);
  EXPECT_EQ(parse_error(R"({"schema": "agentsim-report/1", "scenarios": [{"metrics": {}}]})"),
            "scenario 1: missing \"name\"");
  EXPECT_EQ(parse_error(R"({"schema": "agentsim-report/1", "scenarios": [{"name": "a"}]})"),
            "scenario \"a\": missing \"metrics\"");
  EXPECT_EQ(parse_error(R"({"schema": "agentsim-report/1", "scenarios": [{"name": "a", "metrics":
              {"ghost_rate": {"estimate": 0.1, "lo": 0, "hi": 0.2, "exact": false}}}]})"),
            "scenario \"a\": metric \"ghost_rate\": missing \"defined\"");
  EXPECT_EQ(parse_error(R"({"schema": "agentsim-report/1", "scenarios": [{"name": "a", "metrics": {}},
              {"name": "a", "metrics": {}}]})"),
            "duplicate scenario \"a\"");
}

// Found while writing fuzz/baseline_fuzzer (by reading the reader for recursion, then confirmed
// through the harness; the input is longer than the fuzzer makes): a value nested ~60,000 levels
// deep in a scenario's strategy parameters overflowed the stack where the settings are printed
// (agentsim run --baseline died of SIGSEGV, exit 139, instead of exiting 2). Any document deeper
// than kMaxBaselineDepth is refused now, wherever the depth is.
TEST(Baseline, RefusesADocumentNestedDeeperThanTheLimitInsteadOfOverflowingTheStack) {
  const auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  const std::string deep_parameter = R"({"schema": "agentsim-report/1", "scenarios": [{"name": "a", "metrics": {},
      "strategy": {"kind": "none", "parameters": {"p": )" + nested(1000000) + "}}}]}";
  EXPECT_EQ(parse_error(deep_parameter), "nested deeper than 64 levels: not an agentsim report");
  EXPECT_EQ(parse_error(nested(1000000)), "nested deeper than 64 levels: not an agentsim report");
  // The limit counts every collection, the top level included: 64 levels are read, 65 are not.
  const auto at_depth = [&](std::size_t levels) {
    return R"({"schema": "agentsim-report/1", "scenarios": [{"name": "a", "metrics": {}, "x": )" +
           nested(levels - 3) + "}]}";
  };
  std::string error;
  EXPECT_TRUE(parse_baseline(at_depth(kMaxBaselineDepth), error).has_value()) << error;
  EXPECT_EQ(parse_error(at_depth(kMaxBaselineDepth + 1)), "nested deeper than 64 levels: not an agentsim report");
}

// Found by fuzz/baseline_fuzzer too (fuzz/corpus/baseline/regression-number-overflow.json), as it
// was fixed on main: a number beyond a double is valid JSON that nlohmann refuses with
// out_of_range, not parse_error, so it escaped parse_baseline and `agentsim run --baseline`
// exited 4 ("internal error"), not 2 (tests/app/user_errors_test.cpp checks the exit code).
TEST(Baseline, RefusesANumberBeyondADoubleAsInvalidInsteadOfThrowing) {
  for (const char* number : {"1e400", "-1e616", "18446744073709551616e300"}) {
    const std::string text =
        std::string(R"({"schema": "agentsim-report/1", "scenarios": [], "x": )") + number + "}";
    std::string error;
    std::optional<Baseline> b;
    EXPECT_NO_THROW(b = parse_baseline(text, error)) << number;
    EXPECT_FALSE(b.has_value()) << number;
    EXPECT_EQ(error.rfind("not a valid JSON report: ", 0), 0u) << error;
    EXPECT_NE(error.find("number overflow"), std::string::npos) << error;
  }
}

TEST(Baseline, LeavesTheErrorUntouchedAndIgnoresUnknownFieldsOnSuccess) {
  std::string error = "untouched";
  const auto b =
      parse_baseline(R"({"schema": "agentsim-report/1", "future_field": 1, "scenarios": [{"name": "a",
      "metrics": {"ghost_rate": {"estimate": 0.1, "lo": null, "hi": 0.2, "exact": false, "defined": true,
      "new": 3}}}]})",
                     error);
  ASSERT_TRUE(b.has_value()) << error;
  EXPECT_EQ(error, "untouched");
  EXPECT_TRUE(std::isinf(b->metrics.at("a").at("ghost_rate").lo));
}

TEST(Baseline, FlagsALowerIsBetterMetricWhoseIntervalNowLiesWhollyAboveTheBaselines) {
  Baseline b = sample_baseline();
  b.metrics.at(advice()).at("ghost_rate") = {0.20, 0.18, 0.22, false, true};
  const std::vector<Regression> found = find_regressions(sample_suite(), b);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].scenario, advice());
  EXPECT_EQ(found[0].metric, "ghost_rate");
  EXPECT_EQ(found[0].before.hi, 0.22);
  EXPECT_GT(found[0].after.interval.lo, 0.22);
  EXPECT_NE(found[0].explanation.find("ghost_rate rose from 20.00% [18.00%, 22.00%] to "), std::string::npos)
      << found[0].explanation;
  // The value now, then the confidence of both intervals (not the other way round).
  EXPECT_NE(found[0].explanation.find(fmt::format("to {}: the 95% intervals no longer overlap",
                                                  format_metric_value("ghost_rate", found[0].after))),
            std::string::npos)
      << found[0].explanation;
}

TEST(Baseline, DoesNotFlagAWorseEstimateWhoseIntervalStillOverlapsTheBaselines) {
  Baseline b = sample_baseline();
  const sim::MetricValue now = sim::evaluate_metric(sample_suite().scenarios[1].summary, "ghost_rate", 0.95);
  // A better baseline estimate, but its interval reaches the current one: within noise.
  b.metrics.at(advice()).at("ghost_rate") = {now.estimate - 0.02, now.estimate - 0.04, now.interval.lo, false,
                                             true};
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
}

TEST(Baseline, FlagsAHigherIsBetterMetricWhoseIntervalNowLiesWhollyBelowTheBaselines) {
  Baseline b = sample_baseline();
  b.metrics.at(advice()).at("offline_rate") = {0.9, 0.85, 0.95, false, true};
  const std::vector<Regression> found = find_regressions(sample_suite(), b);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].metric, "offline_rate");
  EXPECT_NE(found[0].explanation.find("offline_rate fell from"), std::string::npos) << found[0].explanation;
  EXPECT_NE(found[0].explanation.find("higher is better"), std::string::npos);
}

TEST(Baseline, NeverFlagsAnImprovement) {
  Baseline b = sample_baseline();
  b.metrics.at(advice()).at("ghost_rate") = {0.95, 0.94, 0.96, false, true};  // lower is better: now lower
  b.metrics.at(advice()).at("offline_rate") = {0.01, 0.005, 0.02, false,
                                               true};  // higher is better: now higher
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
}

TEST(Baseline, FlagsADefectCounterThatIsStrictlyWorseAndNotOneThatIsEqual) {
  Baseline b = sample_baseline();
  BaselineMetric& unaccepted = b.metrics.at(advice()).at("unaccepted_events");
  ASSERT_TRUE(unaccepted.exact);
  unaccepted.estimate -= 1;  // the baseline had one fewer unaccepted event than the run has now
  const std::vector<Regression> found = find_regressions(sample_suite(), b);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].metric, "unaccepted_events");
  EXPECT_NE(found[0].explanation.find("exact values; baseline 3000 sessions, now 3000"), std::string::npos)
      << found[0].explanation;
  unaccepted.estimate += 1;
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
}

TEST(Baseline, DoesNotGateOnSampledCountsOrMaximaWhichMoveWithNoise) {
  Baseline b = sample_baseline();
  b.metrics.at(advice()).at("ghost_seconds.max").estimate -= 0.5;
  b.metrics.at(advice()).at("ghost_sessions").estimate -= 1;
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
}

TEST(Baseline, ComparesExactMetricsOnlyBetweenRunsOfTheSameSize) {
  Baseline b = sample_baseline();
  b.metrics.at(advice()).at("unaccepted_events").estimate -= 1;  // a smaller count...
  b.sessions_run.at(advice()) = 1500;                            // ...of a smaller run
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
  EXPECT_EQ(baseline_notes(sample_suite(), b),
            std::vector<std::string>{"scenario \"" + advice() +
                                     "\": exact metrics (counts, maxima) not compared: baseline 1500 "
                                     "sessions, now 3000"});
  b.sessions_run.erase(advice());  // a baseline that does not say: taken to be the same size
  ASSERT_EQ(find_regressions(sample_suite(), b).size(), 1u);
  EXPECT_EQ(find_regressions(sample_suite(), b)[0].metric, "unaccepted_events");
}

TEST(Baseline, SkipsValuesUndefinedOnEitherSideAndNotesThoseDefinedOnOneSideOnly) {
  Baseline b = sample_baseline();
  const std::string& v2 = sample_suite().scenarios[3].scenario.name;
  b.metrics.at(v2).at("ghost_seconds.p95") = {0.001, 0.0, 0.002, false, true};  // now undefined: no ghosts
  b.metrics.at(advice()).at("ghost_rate") = {0.0, 0.0, 0.0, false, false};      // undefined in the baseline
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
  const std::vector<std::string> notes = baseline_notes(sample_suite(), b);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0],
            "scenario \"" + advice() + "\": metric ghost_rate is undefined in the baseline: not compared");
  EXPECT_EQ(notes[1],
            "scenario \"" + v2 + "\": metric ghost_seconds.p95 is undefined in this run: not compared");
}

TEST(Baseline, NotesScenariosAndMetricsPresentOnOneSideOnlyAndDoesNotCompareThem) {
  Baseline b = sample_baseline();
  b.metrics.erase(sample_suite().scenarios[0].scenario.name);
  b.metrics["retired_scenario"]["ghost_rate"] = {0.5, 0.4, 0.6, false, true};
  b.metrics.at(advice()).erase("api_calls_per_close");
  b.metrics.at(advice())["metric_of_the_future"] = {1, 1, 1, true, true};
  EXPECT_TRUE(find_regressions(sample_suite(), b).empty());
  EXPECT_EQ(
      baseline_notes(sample_suite(), b),
      (std::vector<std::string>{
          "scenario \"none_default\" is not in the baseline: not compared",
          "scenario \"retired_scenario\" of the baseline did not run: not compared",
          "scenario \"" + advice() + "\": metric api_calls_per_close is not in the baseline: not compared",
          "scenario \"" + advice() +
              "\": baseline metric metric_of_the_future is unknown to this agentsim: "
              "not compared"}));
}

}  // namespace
}  // namespace agentsim::reports
