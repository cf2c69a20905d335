#include "agentsim/sim/environment.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "agentsim/sim/session.h"

namespace agentsim::sim {
namespace {

TEST(Environment, TheDefaultsAreValid) { EXPECT_TRUE(validate(EnvironmentParams{}).empty()); }

TEST(Environment, EveryParameterHasAUniqueNameAUnitADescriptionAndASource) {
  std::set<std::string_view> names;
  for (const EnvironmentParameter& p : environment_parameters()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_FALSE(p.unit.empty()) << p.name;
    EXPECT_FALSE(p.description.empty()) << p.name;
    EXPECT_FALSE(p.source.empty()) << p.name;
    EXPECT_LE(p.min_value, default_value(p)) << p.name;
    EXPECT_GE(p.max_value, default_value(p)) << p.name;
    EXPECT_EQ(find_environment_parameter(p.name), &p);
  }
  EXPECT_EQ(find_environment_parameter("no_such_parameter"), nullptr);
}

TEST(Environment, DurationsCarryMsInTheirNameAndProbabilitiesProb) {
  for (const EnvironmentParameter& p : environment_parameters()) {
    const std::string name(p.name);
    if (p.unit == "ms") {
      EXPECT_NE(name.find("_ms"), std::string::npos) << name;
    }
    if (p.unit == "probability") {
      EXPECT_NE(name.find("_prob"), std::string::npos) << name;
    }
  }
}

TEST(Environment, ValidationRejectsAProbabilityOutsideZeroToOne) {
  EnvironmentParams e;
  e.dialog_stay_prob = 1.5;
  const auto errors = validate(e);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("dialog_stay_prob:", 0), 0u) << errors[0];
}

TEST(Environment, ValidationRejectsANegativeDurationAndANaN) {
  EnvironmentParams e;
  e.reload_reopen_ms = -1;
  e.api_timeout_ms = std::nan("");
  EXPECT_EQ(validate(e).size(), 2u);
}

TEST(Environment, ValidationRejectsAMinAboveItsMaxAndAMedianAboveItsP99) {
  EnvironmentParams e;
  e.unload_window_reload_min_ms = 900;
  e.unload_window_reload_max_ms = 600;
  e.talk_time_median_ms = 10;
  e.talk_time_p99_ms = 5;
  EXPECT_EQ(validate(e).size(), 2u);
}

TEST(Environment, ValidationRejectsOutcomeProbabilitiesSummingAboveOne) {
  EnvironmentParams e;
  e.api_5xx_prob = 0.6;
  e.api_429_prob = 0.6;
  EXPECT_EQ(validate(e).size(), 1u);
}

TEST(Environment, ValidationRejectsAllCloseWeightsZero) {
  EnvironmentParams e;
  for (const EnvironmentParameter& p : environment_parameters()) {
    if (p.name.rfind("close_weight_", 0) == 0) e.*p.field = 0;
  }
  EXPECT_EQ(validate(e).size(), 1u);
}

TEST(Environment, ASessionSpecReportsStrategyErrorsWithTheirPrefix) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry.max_attempts = 0;
  const auto errors = spec.validate();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("strategy.max_attempts", 0), 0u) << errors[0];
}

TEST(Strategy, SetParameterRejectsUnknownNamesAndBadValues) {
  StrategyConfig c = default_config(StrategyKind::BeforeunloadRetry);
  EXPECT_TRUE(set_parameter(c, "max_atempts", "3").has_value());
  EXPECT_TRUE(set_parameter(c, "max_attempts", "three").has_value());
  EXPECT_TRUE(set_parameter(c, "jitter", "some").has_value());
  EXPECT_TRUE(set_parameter(c, "transport", "beacon").has_value()) << "retry has no transport";
  EXPECT_FALSE(set_parameter(c, "max_attempts", "5").has_value());
  EXPECT_EQ(c.retry.max_attempts, 5);
  EXPECT_EQ(parameter_value(c, "max_attempts"), "5");
}

TEST(RetryPolicy, ExponentialBackoffDoublesUpToTheCap) {
  RetryPolicy p{6, Backoff::Exponential, 100, 500, Jitter::None, 0, 0};
  EXPECT_EQ(p.max_delay_us(2), 100000);
  EXPECT_EQ(p.max_delay_us(3), 200000);
  EXPECT_EQ(p.max_delay_us(4), 400000);
  EXPECT_EQ(p.max_delay_us(5), 500000);
  EXPECT_EQ(p.max_delay_us(60), 500000);
}

TEST(RetryPolicy, JitterStaysWithinItsDocumentedRange) {
  Rng rng(1);
  RetryPolicy full{3, Backoff::Constant, 200, 200, Jitter::Full, 0, 0};
  RetryPolicy equal{3, Backoff::Constant, 200, 200, Jitter::Equal, 0, 0};
  for (int i = 0; i < 1000; ++i) {
    const auto f = full.delay_us(2, rng);
    EXPECT_GE(f, 0);
    EXPECT_LE(f, 200000);
    const auto e = equal.delay_us(2, rng);
    EXPECT_GE(e, 100000);
    EXPECT_LE(e, 200000);
  }
}

}  // namespace
}  // namespace agentsim::sim
