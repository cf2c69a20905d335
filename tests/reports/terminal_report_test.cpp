#include "agentsim/reports/terminal_report.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using testing::sample_suite;

// The line of `text` that contains `needle` (empty when none does).
std::string line_with(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) return {};
  const std::size_t begin = text.rfind('\n', at) + 1;  // npos + 1 == 0
  return text.substr(begin, text.find('\n', at) - begin);
}

TEST(TerminalReport, ShowsEveryScenarioWithItsStatusSessionsAndSamplingRounds) {
  const std::string out = render_terminal(sample_suite(), false, false);
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    EXPECT_NE(out.find(r.scenario.name.substr(0, 12)), std::string::npos) << r.scenario.name;
  }
  EXPECT_EQ(line_with(out, "none_default —").rfind("PASS ", 0), 0u);
  EXPECT_NE(line_with(out, "none_default —").find("2,000 sessions in 1 sampling round, seed 7"),
            std::string::npos);
  EXPECT_EQ(line_with(out, "beforeunload_setstate (AWS advice) —").rfind("FAIL ", 0), 0u);
  EXPECT_EQ(line_with(out, "ccp_v2 logout button —").rfind("INCONCLUSIVE ", 0), 0u);
}

TEST(TerminalReport, GivesEachExpectationItsStatusWordEstimateIntervalAndBound) {
  const std::string out = render_terminal(sample_suite(), false, false);
  const std::string xfail = line_with(out, "ghost_rate <= 0.05 @95%");
  EXPECT_NE(xfail.find("XFAIL"), std::string::npos) << xfail;
  EXPECT_NE(xfail.find("bound 5.00%"), std::string::npos) << xfail;
  EXPECT_NE(line_with(out, "missed_per_1000_closes <= 1 @95%").find("FAIL"), std::string::npos);
  EXPECT_NE(line_with(out, "ghost_rate <= 0.99 @95%").find("XPASS"), std::string::npos);
  EXPECT_NE(line_with(out, "spurious_offline_rate <=").find("INCONCLUSIVE"), std::string::npos);
  const std::string pass = line_with(out, "ghost_rate <= 0.9 @95%");
  const sim::ExpectationResult& e = sample_suite().scenarios[0].expectations[0];
  EXPECT_NE(pass.find("PASS"), std::string::npos);
  EXPECT_NE(pass.find(format_metric_value("ghost_rate", e.value)), std::string::npos) << pass;
  EXPECT_NE(line_with(out, "unaccepted_events <= 0").find("0 (exact)"), std::string::npos);
}

TEST(TerminalReport, ExplainsExpectedFailuresAndUnexpectedPassesWithTheirNotes) {
  const std::string out = render_terminal(sample_suite(), false, false);
  EXPECT_NE(out.find("failed as expected: CCPv1 does nothing on close"), std::string::npos);
  EXPECT_NE(out.find("passed although expected to fail: we thought this would fail"), std::string::npos);
  EXPECT_NE(out.find("at suites/sample.yaml:21"), std::string::npos)
      << "a failure shows where it was written";
}

TEST(TerminalReport, EndsWithTotalsByStatusAndTheReproduceCommand) {
  const std::string out = render_terminal(sample_suite(), false, false);
  EXPECT_NE(out.find("Totals: FAIL\n"), std::string::npos);
  EXPECT_NE(out.find("  4 scenarios: 1 PASS, 2 FAIL, 1 INCONCLUSIVE, 0 XFAIL, 0 XPASS\n"), std::string::npos);
  EXPECT_NE(out.find("  12 expectations: 5 PASS, 2 FAIL, 3 INCONCLUSIVE, 1 XFAIL, 1 XPASS\n"),
            std::string::npos);
  const std::string last = "Reproduce: " + sample_suite().command + "\n";
  ASSERT_GE(out.size(), last.size());
  EXPECT_EQ(out.substr(out.size() - last.size()), last);
}

TEST(TerminalReport, WritesNoEscapeByteWithoutColourAndColoursStatusWordsWithIt) {
  EXPECT_EQ(render_terminal(sample_suite(), false, true).find('\x1b'), std::string::npos);
  const std::string coloured = render_terminal(sample_suite(), true, false);
  EXPECT_NE(coloured.find("\x1b[32mPASS"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[1;31mFAIL"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[33mINCONCLUSIVE"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[36mXFAIL"), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[1;35mXPASS"), std::string::npos);
}

TEST(TerminalReport, CountsTheAssumedParametersAndListsTheirValuesOnlyWhenVerbose) {
  const std::size_t assumed = assumed_parameters(sim::EnvironmentParams{}).size();
  ASSERT_GT(assumed, 0u);
  const std::string brief = render_terminal(sample_suite(), false, false);
  const std::string verbose = render_terminal(sample_suite(), false, true);
  EXPECT_NE(brief.find(std::to_string(assumed) + " assumed environment parameters in effect"),
            std::string::npos);
  EXPECT_EQ(brief.find("api_5xx_prob="), std::string::npos);
  EXPECT_NE(verbose.find("api_5xx_prob=0.01,"), std::string::npos) << "the default, where not set";
  EXPECT_NE(verbose.find("api_5xx_prob=0.02 (set; default 0.01)"), std::string::npos)
      << "the value in effect";
  EXPECT_NE(verbose.find("(1 changed by the scenario)"), std::string::npos);
}

TEST(TerminalReport, VerboseAddsEveryMetricAndTheStrategyParameters) {
  const std::string verbose = render_terminal(sample_suite(), false, true);
  for (const sim::MetricInfo& m : sim::metrics()) {
    EXPECT_NE(verbose.find("  " + std::string(m.name) + "  "), std::string::npos) << m.name;
  }
  EXPECT_NE(verbose.find("strategy transport = keepalive"), std::string::npos);
  EXPECT_NE(verbose.find("override api_5xx_prob = 0.02"), std::string::npos);
}

TEST(TerminalReport, PrintsControlCharactersFromScenarioFilesAsQuestionMarks) {
  const std::string out = render_terminal(sample_suite(), false, false);
  EXPECT_EQ(out.find('\x01'), std::string::npos);
  EXPECT_NE(out.find("pipe ? control"), std::string::npos);
}

TEST(TerminalReport, IsIdenticalForIdenticalResults) {
  EXPECT_EQ(render_terminal(sample_suite(), true, true),
            render_terminal(testing::sample_suite_rerun(), true, true));
}

TEST(MetricFormatting, WritesProportionsAsPercentagesSecondsWithTheirUnitAndInfinityAsTheSign) {
  sim::MetricValue v;
  v.estimate = 0.4359;
  v.interval = {0.42911, 0.44284};
  EXPECT_EQ(format_metric_value("ghost_rate", v), "43.59% [42.91%, 44.28%]");
  v.estimate = 9.8;
  v.interval = {9.5, std::numeric_limits<double>::infinity()};
  EXPECT_EQ(format_metric_value("ghost_seconds.p99", v), "9.80 s [9.50 s, ∞]");
  v.estimate = 423.94;
  v.interval = {400.04, 447.5};
  EXPECT_EQ(format_metric_value("missed_per_1000_closes", v), "423.9 [400.0, 447.5]");
  EXPECT_EQ(format_metric_number("ghost_rate", 0.00001), "0.001%");
  EXPECT_EQ(format_metric_number("ghost_rate", 0), "0.00%");
}

TEST(MetricFormatting, MarksExactValuesAndUndefinedOnes) {
  sim::MetricValue exact;
  exact.estimate = 3;
  exact.interval = {3, 3};
  exact.exact = true;
  EXPECT_EQ(format_metric_value("unaccepted_events", exact), "3 (exact)");
  sim::MetricValue undefined;
  undefined.defined = false;
  EXPECT_EQ(format_metric_value("ghost_seconds.p50", undefined), "undefined");
}

TEST(StatusWords, AreTheFiveWordsOfTheReportsAndTheirTokens) {
  EXPECT_EQ(status_word(sim::Status::Passed), "PASS");
  EXPECT_EQ(status_word(sim::Status::Failed), "FAIL");
  EXPECT_EQ(status_word(sim::Status::Inconclusive), "INCONCLUSIVE");
  EXPECT_EQ(status_word(sim::Status::ExpectedFailure), "XFAIL");
  EXPECT_EQ(status_word(sim::Status::UnexpectedPass), "XPASS");
  EXPECT_EQ(status_token(sim::Status::ExpectedFailure), "expected_failure");
  EXPECT_EQ(status_token(sim::Status::UnexpectedPass), "unexpected_pass");
}

}  // namespace
}  // namespace agentsim::reports
