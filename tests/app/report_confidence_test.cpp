// `agentsim run --confidence`: the confidence of the intervals every report shows (#13 item 12).
// An expectation's verdict keeps its own confidence; the baseline gate compares at the
// confidence the baseline recorded.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::read_text_file;
using testing::run_agentsim;
using testing::TempDir;
using testing::write_text_file;

const char* kScenario =
    "name: seed code\nstrategy: beforeunload_setstate\nsessions: 4000\nseed: 7\n"
    "expect:\n  - ghost_rate <= 0.9\n";

struct ConfidenceRun {
  int exit_code;
  std::string output;
  nlohmann::json report;
  std::string markdown;
};

ConfidenceRun run_at(const TempDir& dir, const std::string& name, const std::string& extra) {
  const fs::path out = dir.path() / name;
  const auto r = run_agentsim("run " + (dir.path() / "s.yaml").string() + " --format json,markdown --report-dir " +
                              out.string() + " " + extra);
  ConfidenceRun run{r.exit_code, r.output, nlohmann::json(), ""};
  if (fs::exists(out / "report.json")) run.report = nlohmann::json::parse(read_text_file(out / "report.json"));
  if (fs::exists(out / "summary.md")) run.markdown = read_text_file(out / "summary.md");
  return run;
}

TEST(ReportConfidence, WidensEveryReportIntervalButNotTheVerdictsAndIsRecordedInTheReproduceCommand) {
  TempDir dir("report-confidence");
  write_text_file(dir.path() / "s.yaml", kScenario);
  const ConfidenceRun at95 = run_at(dir, "a", "");
  const ConfidenceRun at99 = run_at(dir, "b", "--confidence 0.99");
  ASSERT_EQ(at95.exit_code, 0) << at95.output;
  ASSERT_EQ(at99.exit_code, 0) << at99.output;
  EXPECT_EQ(at95.report["report_confidence"].get<double>(), 0.95);
  EXPECT_EQ(at99.report["report_confidence"].get<double>(), 0.99);
  EXPECT_EQ(at99.report["command"].get<std::string>().find("--confidence 0.99") == std::string::npos, false);

  const nlohmann::json& m95 = at95.report["scenarios"][0]["metrics"];
  const nlohmann::json& m99 = at99.report["scenarios"][0]["metrics"];
  for (const char* metric : {"ghost_rate", "missed_per_1000_closes", "ghost_seconds.p95"}) {
    SCOPED_TRACE(metric);
    // The same sessions: the same estimate, a strictly wider interval around it.
    EXPECT_EQ(m95[metric]["estimate"], m99[metric]["estimate"]);
    EXPECT_LT(m99[metric]["lo"].get<double>(), m95[metric]["lo"].get<double>());
    EXPECT_GT(m99[metric]["hi"].get<double>(), m95[metric]["hi"].get<double>());
  }
  // The expectation's interval is at its own confidence (0.95 by default) in both runs.
  const nlohmann::json& e95 = at95.report["scenarios"][0]["expectations"][0];
  const nlohmann::json& e99 = at99.report["scenarios"][0]["expectations"][0];
  EXPECT_EQ(e95["confidence"], e99["confidence"]);
  EXPECT_EQ(e95["lo"], e99["lo"]);
  EXPECT_EQ(e95["hi"], e99["hi"]);
  // The labels say which confidence the intervals are at.
  EXPECT_NE(at95.markdown.find("ghost rate (95% CI)"), std::string::npos) << at95.markdown;
  EXPECT_NE(at99.markdown.find("ghost rate (99% CI)"), std::string::npos) << at99.markdown;
  EXPECT_EQ(at99.markdown.find("95% CI"), std::string::npos) << at99.markdown;
}

TEST(ReportConfidence, OutsideFromHalfTo0_9999OrNotADecimalIsAUsageError) {
  TempDir dir("report-confidence-bad");
  write_text_file(dir.path() / "s.yaml", kScenario);
  for (const char* bad : {"0.4", "1", "0.99999", "nan", "0x1p-1", "95%", ""}) {
    SCOPED_TRACE(bad);
    const ConfidenceRun r = run_at(dir, "out", std::string("--confidence '") + bad + "'");
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find("expected a confidence from 0.5 to 0.9999"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(dir.path() / "out")) << "nothing runs, nothing is written";
  }
}

TEST(ReportConfidence, TheBaselineGateComparesAtTheConfidenceTheBaselineRecorded) {
  TempDir dir("report-confidence-baseline");
  write_text_file(dir.path() / "s.yaml", kScenario);
  ASSERT_EQ(run_at(dir, "before", "--confidence 0.9").exit_code, 0);
  const std::string baseline = (dir.path() / "before" / "report.json").string();
  const ConfidenceRun gated = run_at(dir, "after", "--confidence 0.99 --baseline " + baseline);
  ASSERT_EQ(gated.exit_code, 0) << gated.output;
  EXPECT_EQ(gated.report["baseline"]["confidence"].get<double>(), 0.9);
  EXPECT_EQ(gated.report["report_confidence"].get<double>(), 0.99);
  EXPECT_NE(gated.markdown.find("Baseline gate: PASS"), std::string::npos) << gated.markdown;

  // A regression is judged, and explained, at the baseline's confidence.
  write_text_file(dir.path() / "worse.yaml",
                  "name: seed code\nstrategy: beforeunload_setstate\nsessions: 4000\nseed: 7\n"
                  "environment: {close_weight_crash: 30}\nexpect:\n  - ghost_rate <= 0.9\n");
  const auto worse = run_agentsim("run " + (dir.path() / "worse.yaml").string() + " --format json --report-dir " +
                                  (dir.path() / "worse").string() + " --confidence 0.99 --baseline " + baseline);
  ASSERT_EQ(worse.exit_code, 1) << worse.output;
  const nlohmann::json regressed = nlohmann::json::parse(read_text_file(dir.path() / "worse" / "report.json"));
  ASSERT_FALSE(regressed["baseline"]["regressions"].empty());
  // offline_rate: since the unload window (#12 item 1) almost every handled close has a
  // sub-second ghost, so the seed's ghost_rate is high on both sides and the crashes show in
  // offline_rate.
  const nlohmann::json& first = regressed["baseline"]["regressions"][0];
  EXPECT_EQ(first["metric"], "offline_rate");
  const std::string why = first["explanation"].get<std::string>();
  EXPECT_NE(why.find("]: the 90% intervals no longer overlap"), std::string::npos) << why;
  // "after" is at 90 % like "before": the same interval as a 0.9 report of this run shows.
  const auto at90 = run_agentsim("run " + (dir.path() / "worse.yaml").string() + " --format json --report-dir " +
                                 (dir.path() / "worse90").string() + " --confidence 0.9");
  const nlohmann::json plain = nlohmann::json::parse(read_text_file(dir.path() / "worse90" / "report.json"));
  EXPECT_EQ(first["after"]["lo"], plain["scenarios"][0]["metrics"]["offline_rate"]["lo"]);
  EXPECT_EQ(first["after"]["hi"], plain["scenarios"][0]["metrics"]["offline_rate"]["hi"]);

  // A recorded confidence no report could have is a bad baseline (exit 2), not a silent 95 %.
  nlohmann::json doctored = nlohmann::json::parse(read_text_file(baseline));
  doctored["report_confidence"] = 2;
  write_text_file(dir.path() / "doctored.json", doctored.dump());
  const ConfidenceRun bad = run_at(dir, "bad", "--baseline " + (dir.path() / "doctored.json").string());
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
  EXPECT_NE(bad.output.find("\"report_confidence\" must be a number from 0.5 to 0.9999"), std::string::npos)
      << bad.output;
}

}  // namespace
}  // namespace agentsim
