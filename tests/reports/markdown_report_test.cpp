#include "agentsim/reports/markdown_report.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "agentsim/reports/terminal_report.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

using testing::sample_suite;

const std::string& sample_md() {
  static const std::string md = render_markdown(sample_suite());
  return md;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Cell separators of a table row: '|' not escaped by a backslash.
std::size_t separators(const std::string& row) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') {
      ++i;  // the escaped character
      continue;
    }
    n += row[i] == '|' ? 1 : 0;
  }
  return n;
}

TEST(MarkdownReport, OpensWithAHeadingGivingTheOverallStatusAndTheTotals) {
  const std::vector<std::string> l = lines(sample_md());
  ASSERT_GE(l.size(), 3u);
  EXPECT_EQ(l[0], "## ❌ agentsim suite sample: FAIL");
  EXPECT_EQ(l[2],
            "**4 scenarios** (1 PASS, 2 FAIL, 1 INCONCLUSIVE) · **12 expectations** (5 PASS, 2 FAIL, "
            "3 INCONCLUSIVE, 1 XFAIL, 1 XPASS)");
}

TEST(MarkdownReport, EveryTableRowHasAsManyCellsAsItsHeaderDespitePipesInTheText) {
  std::size_t header = 0;
  std::size_t rows = 0;
  for (const std::string& line : lines(sample_md())) {
    if (line.empty() || line[0] != '|') {
      header = 0;
      continue;
    }
    if (header == 0) {
      header = separators(line);
      continue;
    }
    EXPECT_EQ(separators(line), header) << line;
    ++rows;
  }
  // 4 scenarios + 7 expectations not passed + the close-kind table (a row per scenario), plus the
  // three separator rows.
  EXPECT_EQ(rows, 4u + 7u + 4u + 3u);
}

TEST(MarkdownReport, ListsEveryScenarioWithItsStatusSessionsAndKeyMetrics) {
  for (const sim::ScenarioResult& r : sample_suite().scenarios) {
    const std::string ghost =
        markdown_cell(format_metric_value("ghost_rate", sim::evaluate_metric(r.summary, "ghost_rate", 0.95)));
    const std::string row =
        fmt::format("{} | {} | {} | {} | {} |", status_word(r.status()), markdown_cell(r.scenario.name),
                    markdown_cell(sim::to_string(r.scenario.session.strategy.kind)), r.sessions_run, ghost);
    EXPECT_NE(sample_md().find(row), std::string::npos) << row;
  }
  EXPECT_NE(sample_md().find("| ✅ PASS | none\\_default |"), std::string::npos);
  EXPECT_NE(sample_md().find("| ⚠️ INCONCLUSIVE | ccp\\_v2 logout button |"), std::string::npos);
}

TEST(MarkdownReport, TabulatesEveryExpectationNotPassedAndNoPassedOne) {
  const std::string& md = sample_md();
  const std::size_t table = md.find("### Expectations not passed");
  ASSERT_NE(table, std::string::npos);
  const std::string rest = md.substr(table);
  EXPECT_NE(rest.find("| ☑️ XFAIL | none\\_default | ghost\\_rate &lt;= 0.05 @95% |"), std::string::npos);
  EXPECT_NE(rest.find("| ❗ XPASS |"), std::string::npos);
  EXPECT_NE(rest.find("| ❌ FAIL |"), std::string::npos);
  EXPECT_NE(rest.find("| ⚠️ INCONCLUSIVE |"), std::string::npos);
  EXPECT_EQ(rest.find("✅"), std::string::npos);
  EXPECT_NE(rest.find("contacts still ring on ghosts (suites/sample.yaml:21)"), std::string::npos);
}

TEST(MarkdownReport, SaysEveryExpectationPassedWhenNoneIsLeft) {
  sim::SuiteResult green;
  green.name = "green";
  green.scenarios = {sample_suite().scenarios[0]};
  auto& e = green.scenarios[0].expectations;
  e.erase(e.begin() + 1);  // the expected failure
  const std::string md = render_markdown(green);
  EXPECT_EQ(md.rfind("## ✅ agentsim suite green: PASS\n", 0), 0u) << md;
  EXPECT_NE(md.find("Every expectation passed."), std::string::npos);
  EXPECT_EQ(md.find("### Expectations not passed"), std::string::npos);
}

TEST(MarkdownReport, EndsWithTheReproduceCommandInAFenceTheCommandCannotClose) {
  const std::string tail = "Reproduce:\n\n```\n" + sample_suite().command + "\n```\n";
  ASSERT_GE(sample_md().size(), tail.size());
  EXPECT_EQ(sample_md().substr(sample_md().size() - tail.size()), tail);
  sim::SuiteResult odd;
  odd.command = "agentsim run --note '```'";
  EXPECT_NE(render_markdown(odd).find("````\nagentsim run --note '```'\n````\n"), std::string::npos);
}

TEST(MarkdownCell, EscapesPipesMarkdownPunctuationAndHtmlAndFlattensLineBreaks) {
  EXPECT_EQ(markdown_cell("a|b"), "a\\|b");
  EXPECT_EQ(markdown_cell("ghost_rate *x* [l](u) `c` ~s~ \\"),
            "ghost\\_rate \\*x\\* \\[l\\](u) \\`c\\` \\~s\\~ \\\\");
  EXPECT_EQ(markdown_cell("<b>&amp;</b>"), "&lt;b&gt;&amp;amp;&lt;/b&gt;");
  EXPECT_EQ(markdown_cell("two\nlines\r\x01"), "two lines  ");
  EXPECT_EQ(markdown_cell("∞ — é"), "∞ — é");
}

TEST(MarkdownReport, IsIdenticalForIdenticalResults) {
  EXPECT_EQ(sample_md(), render_markdown(testing::sample_suite_rerun()));
}

}  // namespace
}  // namespace agentsim::reports
