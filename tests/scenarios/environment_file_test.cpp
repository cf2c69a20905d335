// `environment_file:` (scenarios/src/environment_file.h): a scenario includes the environment
// parameters `agentsim conform` fitted; the scenario's own `environment:` wins; reports list them
// as measured from the log.
#include <gtest/gtest.h>

#include <filesystem>

#include "agentsim/reports/terminal_report.h"
#include "scenario_fixtures.h"
#include "test_support.h"

namespace agentsim::scenarios {
namespace {

namespace fs = std::filesystem;
using agentsim::testing::TempDir;
using testing::write_file;

const char* kEnvironmentFile =
    "measured_from: \"stream.jsonl\"\n"
    "environment:\n"
    "  acw_duration_ms: 45000\n"
    "  answer_delay_median_ms: 4000\n"
    "  contact_arrival_rate_per_min: 0.75\n";

TEST(EnvironmentFile, ItsValuesOverrideTheDefaultsAndTheScenariosEnvironmentOverridesThem) {
  TempDir dir("env-file");
  fs::create_directories(dir.path() / "fitted");
  write_file(dir.path() / "fitted" / "environment.yaml", kEnvironmentFile);
  write_file(dir.path() / "s.yaml",
             "name: s\nstrategy: none\nenvironment_file: fitted/environment.yaml\n"
             "environment:\n  answer_delay_median_ms: 2500\n");
  const LoadResult r = load_scenario_file((dir.path() / "s.yaml").string());
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  const sim::Scenario& s = r.scenarios.at(0);
  EXPECT_EQ(s.session.env.acw_duration_ms, 45000);
  EXPECT_EQ(s.session.env.contact_arrival_rate_per_min, 0.75);
  EXPECT_EQ(s.session.env.answer_delay_median_ms, 2500);  // the scenario's own value
  // Measured: what the file set and the scenario did not.
  ASSERT_EQ(s.measured.size(), 2u);
  EXPECT_EQ(s.measured[0], (std::pair<std::string, std::string>("acw_duration_ms", "stream.jsonl")));
  EXPECT_EQ(s.measured[1].first, "contact_arrival_rate_per_min");
}

TEST(EnvironmentFile, ReportsListMeasuredParametersAsMeasuredNotAssumed) {
  TempDir dir("env-file-report");
  write_file(dir.path() / "environment.yaml", kEnvironmentFile);
  write_file(dir.path() / "s.yaml", "name: s\nstrategy: none\nenvironment_file: environment.yaml\n");
  const LoadResult r = load_scenario_file((dir.path() / "s.yaml").string());
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  const auto assumed = reports::assumed_parameters(r.scenarios[0]);
  const auto all = reports::assumed_parameters(r.scenarios[0].session.env);
  EXPECT_EQ(all.size(), assumed.size() + 3);  // acw, answer delay median, contact rate: all [A]
  for (const auto& a : assumed) EXPECT_NE(a.parameter->name, "acw_duration_ms");
}

TEST(EnvironmentFile, ACenterScenarioSkipsTheSingleAgentContactRate) {
  TempDir dir("env-file-center");
  write_file(dir.path() / "environment.yaml", kEnvironmentFile);
  write_file(dir.path() / "s.yaml",
             "name: s\nstrategy: none\nenvironment_file: environment.yaml\ncenter: {agents: 5}\nsessions: 2\n"
             "max_sessions: 2\n");
  const LoadResult r = load_scenario_file((dir.path() / "s.yaml").string());
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(r.scenarios[0].session.env.contact_arrival_rate_per_min, sim::EnvironmentParams{}.contact_arrival_rate_per_min);
  EXPECT_EQ(r.scenarios[0].session.env.acw_duration_ms, 45000);
}

TEST(EnvironmentFile, ErrorsNameTheEnvironmentFilesLineAndColumn) {
  TempDir dir("env-file-errors");
  write_file(dir.path() / "environment.yaml",
             "environment:\n  acw_duration_ms: -5\n  talk_time_medain_ms: 1\n  ring_timeout_ms: \"20000\"\n");
  write_file(dir.path() / "s.yaml", "name: s\nenvironment_file: environment.yaml\n");
  const LoadResult r = load_scenario_file((dir.path() / "s.yaml").string());
  ASSERT_EQ(r.errors.size(), 3u) << testing::all_errors(r);
  const std::string env = (dir.path() / "environment.yaml").string();
  EXPECT_EQ(r.errors[0].format().rfind(env + ":2:20: error: environment.acw_duration_ms: -5 is outside", 0), 0u)
      << r.errors[0].format();
  EXPECT_EQ(r.errors[1].format().rfind(env + ":3:3: error: unknown environment parameter 'talk_time_medain_ms'", 0), 0u)
      << r.errors[1].format();
  EXPECT_EQ(r.errors[2].where.line, 4);
  EXPECT_TRUE(r.scenarios.empty());
}

TEST(EnvironmentFile, AMissingFileIsAnErrorAtTheKey) {
  TempDir dir("env-file-missing");
  write_file(dir.path() / "s.yaml", "name: s\nenvironment_file: nowhere.yaml\n");
  const LoadResult r = load_scenario_file((dir.path() / "s.yaml").string());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].where.line, 2);
  EXPECT_EQ(r.errors[0].where.column, 19);
  EXPECT_NE(r.errors[0].message.find("no such file"), std::string::npos);
}

TEST(EnvironmentFile, ADirectoryOrDeviceIsNotRead) {
  TempDir dir("env-file-device");
  write_file(dir.path() / "s.yaml", "name: s\nenvironment_file: /dev/zero\n");
  const LoadResult r = load_scenario_file((dir.path() / "s.yaml").string());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("not a regular file"), std::string::npos);
}

}  // namespace
}  // namespace agentsim::scenarios
