// The helpers load scenarios with the project's loader: its errors, with file:line:column and a
// did-you-mean, are the exception's text.
#include <gtest/gtest.h>

#include <functional>

#include "agentsim/testing/gtest.h"

namespace {

namespace at = agentsim::testing;

std::string error_of(const std::function<void()>& load) {
  try {
    load();
  } catch (const at::ScenarioError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ScenarioLoading, a_misspelt_key_names_file_line_column_and_the_key_meant) {
  const std::string e = error_of([] { at::scenario_from_yaml("name: x\nstrategy: none\nclose_knd: crash\n", "t.yaml"); });
  EXPECT_NE(e.find("t.yaml:3:1: error:"), std::string::npos) << e;
  EXPECT_NE(e.find("did you mean 'close_kind'?"), std::string::npos) << e;
}

TEST(ScenarioLoading, a_misspelt_strategy_name_gets_a_did_you_mean) {
  const std::string e = error_of([] { at::scenario_for_strategy("heartbeat_swepper"); });
  EXPECT_NE(e.find("did you mean 'heartbeat_sweeper'?"), std::string::npos) << e;
}

TEST(ScenarioLoading, a_strategy_name_that_is_not_one_token_is_refused_before_it_reaches_the_yaml) {
  const std::string e = error_of([] { at::scenario_for_strategy("none\nclose_kind: crash"); });
  EXPECT_NE(e.find("is not a strategy name"), std::string::npos) << e;
}

TEST(ScenarioLoading, a_file_of_several_scenarios_needs_a_name_and_suggests_the_one_meant) {
  const std::string yaml = "suite: s\nscenarios:\n  - name: alpha\n    strategy: none\n  - name: beta\n    strategy: none\n";
  EXPECT_NE(error_of([&] { at::scenario_from_yaml(yaml, "s.yaml"); }).find("holds 2 scenarios"), std::string::npos);
  EXPECT_NE(error_of([&] { at::scenario_from_yaml(yaml, "s.yaml", "alpah"); }).find("did you mean 'alpha'?"),
            std::string::npos);
  EXPECT_EQ(at::scenario_from_yaml(yaml, "s.yaml", "beta").name, "beta");
}

TEST(ScenarioLoading, a_strategy_scenario_runs_the_strategy_under_the_default_environment) {
  const agentsim::sim::Scenario s = at::scenario_for_strategy("heartbeat_sweeper");
  EXPECT_EQ(s.session.strategy.label(), "heartbeat_sweeper");
  EXPECT_TRUE(s.overrides.empty());
  EXPECT_EQ(s.seed, 1u);
}

}  // namespace
