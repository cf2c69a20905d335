// Good scenario files load into exactly the sim::Scenario they describe: values, defaults, the
// merge of a suite's defaults, locations and the list of overrides.
#include <gtest/gtest.h>

#include "agentsim/model/profile.h"
#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

using testing::changed_environment;
using testing::changed_strategy;
using testing::Pairs;
using testing::source_path;
using testing::Values;

const sim::Scenario& only(const LoadResult& r) {
  EXPECT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(r.scenarios.size(), 1u);
  static const sim::Scenario none;
  return r.scenarios.empty() ? none : r.scenarios.front();
}

TEST(GoodFiles, a_scenario_with_only_a_name_gets_every_default) {
  const std::string path = source_path("tests/scenarios/good/minimal.yaml");
  const LoadResult r = load_scenario_file(path);
  const sim::Scenario& s = only(r);
  EXPECT_EQ(r.suite_name, "minimal");
  EXPECT_EQ(r.suite_description, "");
  EXPECT_EQ(s.name, "defaults everywhere");
  EXPECT_EQ(s.description, "");
  EXPECT_TRUE(s.tags.empty());
  EXPECT_EQ(s.profile_name, "ccp_v1");
  EXPECT_EQ(s.session.profile.name, "ccp_v1");
  EXPECT_EQ(s.session.strategy.kind, sim::StrategyKind::None);
  EXPECT_EQ(s.session.strategy.retry.max_attempts,
            sim::default_config(sim::StrategyKind::None).retry.max_attempts);
  EXPECT_TRUE(changed_environment(s.session.env).empty());
  EXPECT_FALSE(s.session.close_kind.has_value());
  EXPECT_FALSE(s.session.pre_close.has_value());
  EXPECT_EQ(s.sessions, 20000u);
  EXPECT_EQ(s.max_sessions, 320000u);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_TRUE(s.expectations.empty());
  EXPECT_TRUE(s.overrides.empty());
  EXPECT_EQ(s.where.file, path);
  EXPECT_EQ(s.where.line, 1);
  EXPECT_EQ(s.where.column, 1);
}

TEST(GoodFiles, a_scenario_with_every_key_loads_each_value) {
  const std::string path = source_path("tests/scenarios/good/single.yaml");
  const LoadResult r = load_scenario_file(path);
  const sim::Scenario& s = only(r);
  EXPECT_EQ(s.name, "retry under a short unload budget");
  EXPECT_EQ(s.description, "The retry strategy when the browser gives the page half a second.");
  EXPECT_EQ(s.tags, (std::vector<std::string>{"seed", "weakness"}));
  EXPECT_EQ(s.profile_name, "ccp_v2");
  EXPECT_TRUE(s.session.profile.logout_sets_offline);
  EXPECT_TRUE(s.session.profile.page_close_ends_voice_contact);
  EXPECT_EQ(s.session.strategy.kind, sim::StrategyKind::BeforeunloadRetry);
  EXPECT_EQ(
      changed_strategy(s.session.strategy),
      (Pairs{{"enqueue_next_state", "true"}, {"max_attempts", "5"}, {"backoff", "constant"}}));
  EXPECT_EQ(changed_environment(s.session.env), (Values{{"unload_window_tab_close_min_ms", 300},
                                                        {"unload_window_tab_close_max_ms", 500},
                                                        {"api_5xx_prob", 0.02},
                                                        {"horizon_after_close_ms", 600000}}));
  EXPECT_EQ(s.session.close_kind, sim::CloseKind::TabClose);
  EXPECT_EQ(s.session.pre_close, sim::PreClose::Acw);
  EXPECT_EQ(s.sessions, 5000u);
  EXPECT_EQ(s.max_sessions, 80000u);
  EXPECT_EQ(s.seed, 18446744073709551615u);
  EXPECT_EQ(s.overrides, (Pairs{{"environment.unload_window_tab_close_min_ms", "300"},
                                {"environment.unload_window_tab_close_max_ms", "500"},
                                {"environment.api_5xx_prob", "0.02"},
                                {"environment.horizon_after_close_ms", "600000"},
                                {"strategy.max_attempts", "5"},
                                {"strategy.backoff", "constant"},
                                {"strategy.enqueue_next_state", "true"},
                                {"profile_overrides.page_close_ends_voice_contact", "true"}}));
}

TEST(GoodFiles, string_and_mapping_expectations_load_with_their_locations) {
  const std::string path = source_path("tests/scenarios/good/single.yaml");
  const LoadResult r = load_scenario_file(path);
  const sim::Scenario& s = only(r);
  ASSERT_EQ(s.expectations.size(), 4u);
  const sim::Expectation& a = s.expectations[0];
  EXPECT_EQ(a.metric, "ghost_rate");
  EXPECT_EQ(a.op, sim::Comparison::LessEqual);
  EXPECT_EQ(a.bound, 0.001);
  EXPECT_EQ(a.confidence, 0.95);
  EXPECT_FALSE(a.expect_fail);
  EXPECT_EQ(a.where.file, path);
  EXPECT_EQ(a.where.line, 24);
  EXPECT_EQ(a.where.column, 5);
  const sim::Expectation& b = s.expectations[1];
  EXPECT_EQ(b.metric, "ghost_seconds.p95");
  EXPECT_EQ(b.bound, 30);
  EXPECT_DOUBLE_EQ(b.confidence, 0.99);
  EXPECT_EQ(b.where.line, 25);
  const sim::Expectation& c = s.expectations[2];
  EXPECT_EQ(c.metric, "spurious_offline_rate");
  EXPECT_EQ(c.op, sim::Comparison::Less);
  EXPECT_EQ(c.bound, 0.01);
  EXPECT_EQ(c.confidence, 0.9);
  const sim::Expectation& d = s.expectations[3];
  EXPECT_EQ(d.metric, "missed_per_1000_closes");
  EXPECT_EQ(d.op, sim::Comparison::GreaterEqual);
  EXPECT_EQ(d.bound, 1);
  EXPECT_EQ(d.confidence, 0.9);
  EXPECT_TRUE(d.expect_fail);
  EXPECT_EQ(d.note, "why this is expected to fail");
  EXPECT_EQ(d.where.line, 27);
  EXPECT_EQ(d.where.column, 5);
}

class SuiteFile : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = load_scenario_file(source_path("tests/scenarios/good/suite.yaml"));
    ASSERT_TRUE(result_.ok()) << testing::all_errors(result_);
    ASSERT_EQ(result_.scenarios.size(), 4u);
  }
  const sim::Scenario& scenario(int i) const { return result_.scenarios[i]; }
  LoadResult result_;
};

TEST_F(SuiteFile, names_the_suite_and_keeps_the_scenarios_in_file_order) {
  EXPECT_EQ(result_.suite_name, "merging");
  EXPECT_EQ(result_.suite_description, "Defaults merged into scenarios.");
  EXPECT_EQ(scenario(0).name, "inherits everything");
  EXPECT_EQ(scenario(3).name, "the same strategy by name keeps them");
  EXPECT_EQ(scenario(0).where.line, 13);
  EXPECT_EQ(scenario(0).where.column, 5);
  EXPECT_EQ(scenario(1).where.line, 17);
}

TEST_F(SuiteFile, a_scenario_without_keys_of_its_own_takes_every_default) {
  const sim::Scenario& s = scenario(0);
  EXPECT_EQ(s.profile_name, "streams_custom");
  EXPECT_TRUE(s.session.profile.setstate_rejected_in_acw);
  EXPECT_EQ(s.sessions, 1000u);
  EXPECT_EQ(s.max_sessions, 320000u);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.tags, (std::vector<std::string>{"default-tag"}));
  EXPECT_EQ(changed_environment(s.session.env),
            (Values{{"unload_window_tab_close_max_ms", 900}, {"contact_arrival_rate_per_min", 2.0}}));
  EXPECT_EQ(s.session.strategy.kind, sim::StrategyKind::BeforeunloadRetry);
  EXPECT_EQ(changed_strategy(s.session.strategy),
            (Pairs{{"max_attempts", "4"}, {"backoff", "constant"}}));
  EXPECT_EQ(s.overrides, (Pairs{{"environment.contact_arrival_rate_per_min", "2.0"},
                                {"environment.unload_window_tab_close_max_ms", "900"},
                                {"strategy.max_attempts", "4"},
                                {"strategy.backoff", "constant"},
                                {"profile_overrides.setstate_rejected_in_acw", "true"}}));
  ASSERT_EQ(s.expectations.size(), 1u);
}

TEST_F(SuiteFile, the_scenario_wins_and_mappings_merge_key_by_key) {
  const sim::Scenario& s = scenario(1);
  EXPECT_EQ(s.tags, (std::vector<std::string>{"own"}));
  EXPECT_EQ(s.sessions, 500000u);
  EXPECT_EQ(s.max_sessions, 500000u) << "the default max_sessions is at least sessions";
  EXPECT_EQ(changed_environment(s.session.env), (Values{{"unload_window_tab_close_max_ms", 700},
                                                        {"api_429_prob", 0},
                                                        {"contact_arrival_rate_per_min", 2.0},
                                                        {"horizon_after_close_ms", 120000}}));
  EXPECT_EQ(changed_strategy(s.session.strategy),
            (Pairs{{"max_attempts", "2"}, {"backoff", "constant"}}));
  EXPECT_TRUE(s.session.profile.setstate_rejected_in_acw);
  EXPECT_TRUE(s.session.profile.page_close_ends_voice_contact);
  EXPECT_EQ(s.overrides, (Pairs{{"environment.contact_arrival_rate_per_min", "2.0"},
                                {"environment.unload_window_tab_close_max_ms", "700"},
                                {"environment.api_429_prob", "0"},
                                {"environment.horizon_after_close_ms", "120000"},
                                {"strategy.max_attempts", "2"},
                                {"strategy.backoff", "constant"},
                                {"profile_overrides.setstate_rejected_in_acw", "true"},
                                {"profile_overrides.page_close_ends_voice_contact", "true"}}));
}

TEST_F(SuiteFile, another_strategy_does_not_inherit_the_default_strategy_parameters) {
  const sim::Scenario& s = scenario(2);
  EXPECT_EQ(s.session.strategy.kind, sim::StrategyKind::PutUserStatusBackend);
  EXPECT_TRUE(changed_strategy(s.session.strategy).empty());
  EXPECT_EQ(s.profile_name, "ccp_v1");
  EXPECT_FALSE(s.session.profile.logout_sets_offline);
  EXPECT_TRUE(s.session.profile.setstate_rejected_in_acw)
      << "profile overrides merge on their own";
  EXPECT_EQ(s.seed, 0u);
}

TEST_F(SuiteFile, the_same_strategy_named_again_keeps_the_default_parameters) {
  const sim::Scenario& s = scenario(3);
  EXPECT_EQ(changed_strategy(s.session.strategy),
            (Pairs{{"max_attempts", "4"}, {"backoff", "constant"}, {"jitter", "none"}}));
}

}  // namespace
}  // namespace agentsim::scenarios
