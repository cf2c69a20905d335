// `agentsim simulate --format json` (#13 item 13): the Monte Carlo figures for scripts, in the
// schema of `agentsim run`'s report.json, with the strategy's parameters typed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "agentsim/sim/strategy.h"
#include "test_support.h"

namespace agentsim {
namespace {

using testing::run_agentsim;

nlohmann::json simulate_json(const std::string& args, int* exit_code = nullptr) {
  const auto r = run_agentsim("simulate --format json " + args + " 2>/dev/null");
  if (exit_code != nullptr) *exit_code = r.exit_code;
  EXPECT_EQ(r.exit_code, 0) << r.output;
  return nlohmann::json::parse(r.output);
}

TEST(SimulateJson, IsAReportWithOneScenarioWhoseFiguresAreTheTextTablesAndWhoseParametersAreTyped) {
  const nlohmann::json doc =
      simulate_json("--strategy beforeunload_retry --sessions 3000 --seed 9 --param max_attempts=4 --param base_ms=150");
  EXPECT_EQ(doc["schema"], "agentsim-report/1");
  EXPECT_EQ(doc["exit_code"], 0);
  ASSERT_EQ(doc["scenarios"].size(), 1u);
  const nlohmann::json& s = doc["scenarios"][0];
  EXPECT_EQ(s["sessions_run"], 3000);
  EXPECT_EQ(s["seed"], 9);
  EXPECT_EQ(s["strategy"]["kind"], "beforeunload_retry");
  // Typed: numbers as integers, choices as strings, booleans as booleans; text kept beside.
  const nlohmann::json& values = s["strategy"]["values"];
  EXPECT_TRUE(values["max_attempts"].is_number_integer());
  EXPECT_EQ(values["max_attempts"], 4);
  EXPECT_EQ(values["base_ms"], 150);
  EXPECT_EQ(values["backoff"], "exponential");
  EXPECT_EQ(values["enqueue_next_state"], false);
  EXPECT_EQ(s["strategy"]["parameters"]["max_attempts"], "4");
  EXPECT_TRUE(s["metrics"]["ghost_rate"]["estimate"].is_number());
  // The reproduce command says --format json, so it reproduces this very output.
  EXPECT_NE(doc["command"].get<std::string>().find("--format json"), std::string::npos);

  // The text table of the same run shows the same ghost rate.
  const auto text = run_agentsim("simulate --strategy beforeunload_retry --sessions 3000 --seed 9 "
                                 "--param max_attempts=4 --param base_ms=150");
  ASSERT_EQ(text.exit_code, 0);
  const double rate = s["metrics"]["ghost_rate"]["estimate"].get<double>();
  EXPECT_NE(text.output.find(fmt::format("{:.2f}%", 100 * rate)), std::string::npos) << text.output;
}

TEST(SimulateJson, EveryParameterOfEveryStrategyHasTheTypeItsUnitSays) {
  for (const sim::StrategyKind kind : sim::all_strategy_kinds()) {
    const std::string name(sim::to_string(kind));
    SCOPED_TRACE(name);
    const nlohmann::json doc = simulate_json("--sessions 20 --strategy " + name);
    const nlohmann::json& values = doc["scenarios"][0]["strategy"]["values"];
    const auto& params = sim::strategy_parameters(kind);
    ASSERT_EQ(values.size(), params.size());
    for (const sim::StrategyParameter& p : params) {
      const nlohmann::json& v = values[std::string(p.name)];
      switch (sim::parameter_type(p)) {
        case sim::ParameterType::Boolean: EXPECT_TRUE(v.is_boolean()) << p.name; break;
        case sim::ParameterType::Choice: EXPECT_TRUE(v.is_string()) << p.name; break;
        case sim::ParameterType::Number: EXPECT_TRUE(v.is_number()) << p.name << " = " << v.dump(); break;
      }
    }
  }
}

TEST(SimulateJson, ACenterRunHasTheCenterMetricsAndIsByteIdenticalOnAnyThreadCount) {
  const auto one = run_agentsim("simulate --center --shifts 3 --format json --threads 1");
  const auto two = run_agentsim("simulate --center --shifts 3 --format json --threads 2");
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(one.output, two.output);
  const nlohmann::json doc = nlohmann::json::parse(one.output);
  const nlohmann::json& s = doc["scenarios"][0];
  EXPECT_EQ(s["sessions_run"], 3);
  EXPECT_TRUE(s["metrics"].contains("ghost_agent_minutes"));
  EXPECT_TRUE(s["metrics"].contains("spurious_offline_rate"));
}

TEST(SimulateJson, ATimelineIsTextOnlyAndAnUnknownFormatIsAUsageError) {
  const auto trace = run_agentsim("simulate --format json --trace 3");
  EXPECT_EQ(trace.exit_code, 2) << trace.output;
  EXPECT_NE(trace.output.find("--trace prints a timeline"), std::string::npos) << trace.output;
  for (const char* bad : {"''", "csv", "JSON"}) {
    const auto r = run_agentsim(std::string("simulate --format ") + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.output;
  }
}

}  // namespace
}  // namespace agentsim
