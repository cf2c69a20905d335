// The per-close-kind breakdown (#13 item 11): which way of closing left the ghosts, in the
// terminal (for a scenario shown in detail) and in Markdown, from the same rows.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <numeric>
#include <string>

#include "agentsim/reports/markdown_report.h"
#include "agentsim/reports/terminal_report.h"
#include "agentsim/sim/close_kind.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using testing::center_suite;
using testing::sample_suite;

TEST(CloseKindBreakdown, HasOneRowPerKindThatOccurredWithTheSummarysCountsAndAWilsonInterval) {
  const sim::ScenarioResult& r = sample_suite().scenarios[1];
  const std::vector<CloseKindRow> rows = close_kind_breakdown(r);
  std::size_t occurred = 0;
  for (const std::uint64_t n : r.summary.closes_by_kind) occurred += n > 0 ? 1 : 0;
  ASSERT_EQ(rows.size(), occurred);
  ASSERT_GE(rows.size(), 3u) << "the sample scenario draws several close kinds";
  std::uint64_t closes = 0, ghosts = 0;
  for (const CloseKindRow& row : rows) {
    SCOPED_TRACE(std::string(row.kind));
    const auto kind = static_cast<std::size_t>(sim::parse_close_kind(row.kind).value());
    EXPECT_EQ(row.closes, r.summary.closes_by_kind[kind]);
    EXPECT_EQ(row.ghosts, r.summary.ghosts_by_kind[kind]);
    const sim::Interval wilson = sim::Proportion{row.ghosts, row.closes}.wilson(r.report_confidence);
    EXPECT_DOUBLE_EQ(row.ghost_rate.estimate, static_cast<double>(row.ghosts) / static_cast<double>(row.closes));
    EXPECT_DOUBLE_EQ(row.ghost_rate.interval.lo, wilson.lo);
    EXPECT_DOUBLE_EQ(row.ghost_rate.interval.hi, wilson.hi);
    closes += row.closes;
    ghosts += row.ghosts;
  }
  EXPECT_EQ(closes, r.summary.sessions);
  EXPECT_EQ(ghosts, r.summary.ghost_sessions);
  EXPECT_TRUE(close_kind_breakdown(center_suite().scenarios[1]).empty()) << "a center scenario";
}

TEST(CloseKindBreakdown, TheTerminalShowsItForAFailedScenarioAndNotForAOneLinePass) {
  const std::string out = render_terminal(sample_suite(), false, TerminalDetail::Summary);
  // [1] failed: its block has the breakdown, a row per kind with the counts.
  const sim::ScenarioResult& failed = sample_suite().scenarios[1];
  const std::size_t block = out.find(failed.scenario.name);
  ASSERT_NE(block, std::string::npos);
  const std::size_t heading = out.find("ghost rate by close kind at 95%:", block);
  ASSERT_NE(heading, std::string::npos) << out;
  for (const CloseKindRow& row : close_kind_breakdown(failed)) {
    const std::string cells = fmt::format("{} closes", thousands(row.closes));
    const std::size_t line = out.find("  " + std::string(row.kind) + " ", heading);
    ASSERT_NE(line, std::string::npos) << row.kind;
    const std::string text = out.substr(line, out.find('\n', line) - line);
    EXPECT_NE(text.find(cells), std::string::npos) << text;
    EXPECT_NE(text.find(fmt::format("{} ghosts", thousands(row.ghosts))), std::string::npos) << text;
    EXPECT_NE(text.find(format_metric_value("ghost_rate", row.ghost_rate)), std::string::npos) << text;
  }
  // -q prints the failures with it; a passing scenario on one line has none.
  EXPECT_NE(render_terminal(sample_suite(), false, TerminalDetail::Failures).find("ghost rate by close kind"),
            std::string::npos);
  sim::SuiteResult passing;
  passing.scenarios.push_back(sample_suite().scenarios[0]);
  passing.scenarios[0].expectations.clear();
  EXPECT_EQ(render_terminal(passing, false, TerminalDetail::Summary).find("by close kind"), std::string::npos);
}

TEST(CloseKindBreakdown, MarkdownHasAFoldedTableWithAColumnPerKindThatOccurredAndTheCounts) {
  const std::string md = render_markdown(sample_suite());
  const std::size_t at = md.find("<details><summary>Ghost rate by close kind");
  ASSERT_NE(at, std::string::npos) << md;
  const std::string table = md.substr(at, md.find("</details>", at) - at);
  const sim::ScenarioResult& r = sample_suite().scenarios[1];
  for (const CloseKindRow& row : close_kind_breakdown(r)) {
    EXPECT_NE(table.find(markdown_cell(row.kind)), std::string::npos) << row.kind;
    EXPECT_NE(table.find(fmt::format("{} ({} / {})", format_metric_number("ghost_rate", row.ghost_rate.estimate),
                                     thousands(row.ghosts), thousands(row.closes))),
              std::string::npos)
        << row.kind << "\n"
        << table;
  }
  // Failures come first: the table of expectations not passed is above it.
  EXPECT_LT(md.find("### Expectations not passed"), at);
}

}  // namespace
}  // namespace agentsim::reports
