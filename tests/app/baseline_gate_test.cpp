// The CI gate of `agentsim run --baseline`: a regression fails the run in every report (terminal
// totals, summary.md, report.json, junit.xml, report.html), and a baseline that does not match
// the run or compares nothing fails it too (unless --baseline-allow-missing, for a mismatch).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::run_agentsim;
using testing::TempDir;

void write(const fs::path& p, const std::string& text) { testing::write_text_file(p, text); }
std::string read(const fs::path& p) { return testing::read_text_file(p); }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Two scenarios; `attempts` sets the first one's retries (with half the calls failing, 1 attempt
// leaves far more ghosts than 3 — given a tab-close window long enough for retries, 0.5-1 s,
// not the measured 0-25 ms in which no retry runs).
std::string suite(int attempts, const std::string& second_name = "seed") {
  return "scenarios:\n"
         "  - name: retry\n"
         "    strategy: {name: beforeunload_retry, max_attempts: " + std::to_string(attempts) + "}\n"
         "    environment: {api_5xx_prob: 0.5, unload_window_tab_close_min_ms: 500, "
         "unload_window_tab_close_max_ms: 1000}\n"
         "    sessions: 20000\n    max_sessions: 20000\n"
         "  - name: " + second_name + "\n"
         "    strategy: beforeunload_setstate\n"
         "    sessions: 20000\n    max_sessions: 20000\n";
}

struct Gate {
  testing::CommandResult run;
  fs::path out;
};

// Writes the baseline from suite(3), then runs `text` against it.
Gate run_against_baseline(TempDir& dir, const std::string& text, const std::string& extra = "") {
  write(dir.path() / "base.yaml", suite(3));
  const auto base = run_agentsim("run " + (dir.path() / "base.yaml").string() + " --report-dir " +
                                 (dir.path() / "before").string() + " --format json");
  EXPECT_EQ(base.exit_code, 0) << base.output;
  write(dir.path() / "now.yaml", text);
  Gate g;
  g.out = dir.path() / "after";
  g.run = run_agentsim("run " + (dir.path() / "now.yaml").string() + " --baseline " +
                       (dir.path() / "before" / "report.json").string() + " --report-dir " + g.out.string() + " " +
                       extra);
  return g;
}

TEST(BaselineGate, ARegressionFailsTheRunInEveryReportAndNamesWhatChanged) {
  TempDir dir("gate-regression");
  const Gate g = run_against_baseline(dir, suite(1));
  ASSERT_EQ(g.run.exit_code, 1) << g.run.output;
  EXPECT_NE(g.run.output.find("Totals: FAIL (the baseline gate failed)"), std::string::npos) << g.run.output;
  EXPECT_NE(g.run.output.find("REGRESSION retry / ghost_rate"), std::string::npos) << g.run.output;
  EXPECT_NE(g.run.output.find("strategy.max_attempts: 3 -> 1"), std::string::npos) << g.run.output;

  const nlohmann::json report = nlohmann::json::parse(read(g.out / "report.json"));
  EXPECT_EQ(report.at("exit_code"), 1);
  const auto& b = report.at("baseline");
  EXPECT_EQ(b.at("status"), "failed");
  ASSERT_GE(b.at("regressions").size(), 1u);
  const std::size_t regressions = b.at("regressions").size();
  bool ghost_rate = false;
  for (const auto& r : b.at("regressions")) {
    EXPECT_EQ(r.at("scenario"), "retry") << "the unchanged scenario did not regress";
    ghost_rate = ghost_rate || r.at("metric") == "ghost_rate";
    EXPECT_GT(r.at("after").at("lo").get<double>(), r.at("before").at("hi").get<double>() - 1e9);
  }
  EXPECT_TRUE(ghost_rate);

  const std::string junit = read(g.out / "junit.xml");
  const auto suite_at = junit.find("<testsuite name=\"baseline\"");
  ASSERT_NE(suite_at, std::string::npos) << junit;
  const std::string gate = junit.substr(suite_at, junit.find("</testsuite>", suite_at) - suite_at);
  EXPECT_EQ(count(gate, "<failure "), regressions) << gate;
  EXPECT_NE(gate.find("failures=\"" + std::to_string(regressions) + "\""), std::string::npos) << gate;

  const std::string md = read(g.out / "summary.md");
  EXPECT_NE(md.find("agentsim suite"), std::string::npos);
  EXPECT_NE(md.find(": FAIL"), std::string::npos) << md.substr(0, 300);
  EXPECT_NE(md.find("Baseline gate: FAIL"), std::string::npos) << md;
  EXPECT_NE(md.find("| retry | ghost\\_rate |"), std::string::npos) << md;  // Markdown escapes _

  const std::string html = read(g.out / "report.html");
  EXPECT_NE(html.find("Baseline gate"), std::string::npos);
  EXPECT_NE(html.find("strategy.max_attempts: 3 -&gt; 1"), std::string::npos);

  const std::string table = read(g.out / "table.txt");
  EXPECT_NE(table.find("Totals: FAIL (the baseline gate failed)"), std::string::npos) << table;
}

TEST(BaselineGate, TheSameSuitePassesTheGateAndSaysWhatItCompared) {
  TempDir dir("gate-pass");
  const Gate g = run_against_baseline(dir, suite(3));
  ASSERT_EQ(g.run.exit_code, 0) << g.run.output;
  EXPECT_NE(g.run.output.find("Totals: PASS"), std::string::npos) << g.run.output;
  EXPECT_NE(g.run.output.find("metrics of 2 scenarios compared, 0 regressions"), std::string::npos) << g.run.output;
  const nlohmann::json report = nlohmann::json::parse(read(g.out / "report.json"));
  EXPECT_EQ(report.at("exit_code"), 0);
  EXPECT_EQ(report.at("baseline").at("status"), "passed");
  EXPECT_GT(report.at("baseline").at("compared_metrics").get<int>(), 10);
}

TEST(BaselineGate, ARenamedScenarioIsAMismatchUnlessAllowed) {
  TempDir dir("gate-renamed");
  const Gate strict = run_against_baseline(dir, suite(3, "seed renamed"));
  EXPECT_EQ(strict.run.exit_code, 1) << strict.run.output;
  EXPECT_NE(strict.run.output.find("MISMATCH: scenario \"seed renamed\" is not in the baseline"), std::string::npos)
      << strict.run.output;
  EXPECT_NE(strict.run.output.find("scenario \"seed\" of the baseline did not run"), std::string::npos);
  const std::string junit = read(strict.out / "junit.xml");
  EXPECT_NE(junit.find("baseline mismatch: scenario"), std::string::npos) << junit;

  TempDir dir2("gate-renamed-allowed");
  const Gate allowed = run_against_baseline(dir2, suite(3, "seed renamed"), "--baseline-allow-missing");
  EXPECT_EQ(allowed.run.exit_code, 0) << allowed.run.output;
  EXPECT_NE(allowed.run.output.find("one side only: scenario \"seed renamed\""), std::string::npos)
      << allowed.run.output;
}

TEST(BaselineGate, ABaselineThatComparesNothingFailsTheGateEvenWhenMissingIsAllowed) {
  TempDir dir("gate-empty");
  write(dir.path() / "now.yaml", suite(3));
  write(dir.path() / "empty.json", "{\"schema\": \"agentsim-report/1\", \"scenarios\": []}\n");
  for (const std::string extra : {"", " --baseline-allow-missing"}) {
    const auto r = run_agentsim("run " + (dir.path() / "now.yaml").string() + " --baseline " +
                                (dir.path() / "empty.json").string() + " --format none" + extra);
    EXPECT_EQ(r.exit_code, 1) << extra << "\n" << r.output;
    EXPECT_NE(r.output.find("compares no metric of this run"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Totals: FAIL (the baseline gate failed)"), std::string::npos) << r.output;
  }
}

TEST(BaselineGate, AnotherSuitesReportComparesNothing) {
  TempDir dir("gate-other");
  const auto other = run_agentsim("run --scenario ccp_v2_logout --report-dir " + (dir.path() / "other").string() +
                                  " --format json");
  ASSERT_EQ(other.exit_code, 0) << other.output;
  write(dir.path() / "now.yaml", suite(3));
  const auto r = run_agentsim("run " + (dir.path() / "now.yaml").string() + " --baseline " +
                              (dir.path() / "other" / "report.json").string() + " --format none");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("0 metrics of 0 scenarios compared"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace agentsim
