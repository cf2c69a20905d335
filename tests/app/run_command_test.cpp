// End-to-end tests of `agentsim run`, `validate` and `replay` on the built binary: exit codes,
// messages with file:line:column, and the reports written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::run_agentsim;
using testing::run_command;
using testing::TempDir;

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

const char* kReports[] = {"report.json", "junit.xml", "summary.md", "report.html", "table.txt"};

TEST(RunCommand, WithNoPathItRunsTheBundledSuiteFromAnyDirectoryAndWritesEveryReport) {
  TempDir dir("run-default");
  const auto r = run_command("cd " + dir.path().string() + " && " + AGENTSIM_BINARY +
                             " run --report-dir out");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("bundled default suite"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("Reproduce: agentsim run"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("seed: "), std::string::npos) << r.output;
  for (const char* f : kReports) {
    EXPECT_TRUE(fs::exists(dir.path() / "out" / f)) << f;
  }
  const std::string json = agentsim::testing::read_text_file(dir.path() / "out" / "report.json");
  EXPECT_NE(json.find("\"schema\": \"agentsim-report/1\""), std::string::npos);
  EXPECT_NE(json.find("CCPv2 logout sets Offline"), std::string::npos);
  const std::string junit = agentsim::testing::read_text_file(dir.path() / "out" / "junit.xml");
  EXPECT_NE(junit.find("<testsuites"), std::string::npos);
  // Nothing is left half-written.
  for (const auto& e : fs::directory_iterator(dir.path() / "out")) {
    EXPECT_EQ(e.path().string().find(".partial"), std::string::npos) << e.path();
  }
}

TEST(RunCommand, TheSameSeedGivesByteIdenticalReports) {
  TempDir dir("run-twice");
  const std::string base = std::string(AGENTSIM_BINARY) + " run --quiet --threads ";
  ASSERT_EQ(run_command(base + "1 --report-dir " + (dir.path() / "a").string()).exit_code, 0);
  ASSERT_EQ(run_command(base + "2 --report-dir " + (dir.path() / "b").string()).exit_code, 0);
  EXPECT_EQ(agentsim::testing::read_text_file(dir.path() / "a" / "report.json"), agentsim::testing::read_text_file(dir.path() / "b" / "report.json"));
  EXPECT_EQ(agentsim::testing::read_text_file(dir.path() / "a" / "junit.xml"), agentsim::testing::read_text_file(dir.path() / "b" / "junit.xml"));
}

TEST(RunCommand, AFailedExpectationExitsOneAndNamesTheMeasuredInterval) {
  TempDir dir("run-fail");
  write(dir.path() / "s.yaml",
        "name: seed code\nstrategy: beforeunload_setstate\nsessions: 2000\nexpect:\n  - ghost_rate <= 0.05\n");
  const auto r = run_agentsim("run " + (dir.path() / "s.yaml").string() + " --report-dir " +
                              (dir.path() / "out").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  const std::string junit = agentsim::testing::read_text_file(dir.path() / "out" / "junit.xml");
  EXPECT_NE(junit.find("<failure"), std::string::npos) << junit;
  EXPECT_NE(junit.find("agentsim run"), std::string::npos) << "the reproduce command";
}

TEST(RunCommand, AVerdictUndecidedAtTheSamplingLimitExitsThree) {
  TempDir dir("run-inconclusive");
  write(dir.path() / "s.yaml",
        "name: nobody is ever a ghost\nstrategy: none\npre_close: offline\nsessions: 100\n"
        "max_sessions: 200\nexpect:\n  - ghost_seconds.p95 <= 30\n");
  const auto r = run_agentsim("run " + (dir.path() / "s.yaml").string() + " --format none");
  EXPECT_EQ(r.exit_code, 3) << r.output;
}

TEST(RunCommand, ABadScenarioFileExitsTwoWithFileLineColumnAndWritesNoReport) {
  TempDir dir("run-bad");
  write(dir.path() / "bad.yaml", "name: x\nstrategy: beforeunload_setstate\nexpect:\n  - ghost_rat <= 0.1\n");
  const auto r = run_agentsim("run " + (dir.path() / "bad.yaml").string() + " --report-dir " +
                              (dir.path() / "out").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:4:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ghost_rate"), std::string::npos) << "a suggestion: " << r.output;
  EXPECT_FALSE(fs::exists(dir.path() / "out")) << "no partial report";
}

TEST(RunCommand, AMissingFileIsAUsageError) {
  const auto r = run_agentsim("run /nonexistent/suite.yaml --format none");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/suite.yaml"), std::string::npos) << r.output;
}

TEST(RunCommand, AnUnknownReportFormatIsAUsageError) {
  const auto r = run_agentsim("run --format pdf");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST(RunCommand, TheCommittedBaselineAcceptsTheBundledSuite) {
  const auto r = run_agentsim("run --quiet --format none --baseline " + std::string(AGENTSIM_SOURCE_DIR) +
                              "/reports/baseline-default.json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(RunCommand, ADeliberatelyWorsenedStrategyParameterFailsAgainstTheCommittedBaseline) {
  // The bundled strategies suite with one change: the backend strategy notifies with a beacon,
  // which ad blockers block, instead of a keepalive fetch. (Since #12 item 9 a beacon is lost
  // only when blocked, and almost every close has a sub-second ghost whatever the transport:
  // the blocked beacons show in offline_rate.)
  TempDir dir("run-worse");
  std::string suite = agentsim::testing::read_text_file(std::string(AGENTSIM_SOURCE_DIR) + "/scenarios/default/01-strategies.yaml");
  const std::string from = "      name: put_user_status_backend\n      transport: keepalive\n";
  const auto at = suite.find(from);
  ASSERT_NE(at, std::string::npos);
  suite.replace(at, from.size(), "      name: put_user_status_backend\n      transport: beacon\n");
  write(dir.path() / "01-strategies.yaml", suite);
  const auto r = run_agentsim("run " + (dir.path() / "01-strategies.yaml").string() +
                              " --format none --quiet --baseline " + std::string(AGENTSIM_SOURCE_DIR) +
                              "/reports/baseline-default.json");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("REGRESSION put_user_status_backend (keepalive) / offline_rate"), std::string::npos)
      << r.output;
}

TEST(ValidateCommand, AcceptsTheBundledFilesAndRejectsABadOneWithExitTwo) {
  const auto good = run_agentsim("validate " + std::string(AGENTSIM_SOURCE_DIR) + "/scenarios/default");
  EXPECT_EQ(good.exit_code, 0) << good.output;
  TempDir dir("validate");
  write(dir.path() / "bad.yaml", "name: x\nsessions: zero\n");
  const auto bad = run_agentsim("validate " + (dir.path() / "bad.yaml").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("bad.yaml:2:"), std::string::npos) << bad.output;
}

TEST(ReplayCommand, PrintsTheTimelineOfOneSession) {
  TempDir dir("replay");
  write(dir.path() / "s.yaml",
        "name: one\nstrategy: beforeunload_setstate\nclose_kind: tab_close\npre_close: on_call\n");
  const auto r = run_agentsim("replay " + (dir.path() / "s.yaml").string() + " --session 3");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("SetStateApi(Offline) by server: rejected"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("teardown"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace agentsim
