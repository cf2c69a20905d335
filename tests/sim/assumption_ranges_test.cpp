// Issue 16 item 2: every assumed or inferred environment parameter has a documented range for
// `agentsim sensitivity` (or a stated reason it is not perturbed), inside its valid bounds and
// holding its default; moving one end of an ordered pair moves its partner only when it must.
#include <gtest/gtest.h>

#include <string>

#include "agentsim/sim/scenario.h"
#include "agentsim/sim/sensitivity.h"

namespace agentsim::sim {
namespace {

TEST(AssumptionRanges, CoverEveryAssumedAndInferredParameterInRegistryOrder) {
  std::vector<std::string> expected;
  for (const EnvironmentParameter& p : environment_parameters()) {
    if (p.provenance == model::Provenance::Assumed || p.provenance == model::Provenance::Inferred) {
      expected.emplace_back(p.name);
    }
  }
  std::vector<std::string> listed;
  for (const AssumptionRange& r : assumption_ranges()) listed.emplace_back(r.name);
  EXPECT_EQ(listed, expected);
}

TEST(AssumptionRanges, HoldTheDefaultInsideTheValidBoundsWithAReason) {
  for (const AssumptionRange& r : assumption_ranges()) {
    SCOPED_TRACE(std::string(r.name));
    EXPECT_FALSE(r.why.empty());
    if (r.excluded) continue;
    const EnvironmentParameter* p = find_environment_parameter(r.name);
    ASSERT_NE(p, nullptr);
    EXPECT_LT(r.low, r.high);
    EXPECT_GE(r.low, p->min_value);
    EXPECT_LE(r.high, p->max_value);
    EXPECT_LE(r.low, default_value(*p));
    EXPECT_GE(r.high, default_value(*p));
  }
}

TEST(AssumptionRanges, EachEndLeavesTheDefaultEnvironmentValid) {
  Scenario s;
  for (const AssumptionRange& r : assumption_ranges()) {
    if (r.excluded) continue;
    EXPECT_TRUE(check_perturbation(s, {std::string(r.name), r.low, r.high}).empty()) << r.name;
  }
}

TEST(SetWithPartner, MovesThePartnerOnlyWhenThePairWouldBreak) {
  EnvironmentParams env;
  env.dialog_decision_median_ms = 1500;
  env.dialog_decision_p99_ms = 10000;
  EXPECT_EQ(set_with_partner(env, "dialog_decision_median_ms", 5000), "");
  EXPECT_EQ(env.dialog_decision_p99_ms, 10000);
  EXPECT_EQ(set_with_partner(env, "dialog_decision_median_ms", 20000), "dialog_decision_p99_ms");
  EXPECT_EQ(env.dialog_decision_p99_ms, 20000);
  EXPECT_EQ(set_with_partner(env, "dialog_decision_p99_ms", 3000), "dialog_decision_median_ms");
  EXPECT_EQ(env.dialog_decision_median_ms, 3000);
  env.unload_window_browser_quit_max_ms = 10;
  EXPECT_EQ(set_with_partner(env, "unload_window_browser_quit_min_ms", 12), "unload_window_browser_quit_max_ms");
  EXPECT_EQ(env.unload_window_browser_quit_max_ms, 12);
  EXPECT_TRUE(validate(env).empty());
  EXPECT_EQ(set_with_partner(env, "beacon_blocked_prob", 0.5), "");  // no pair
}

TEST(CheckPerturbation, RefusesAnUnknownNameAndAnEndOutsideTheBounds) {
  Scenario s;
  EXPECT_FALSE(check_perturbation(s, {"no_such_parameter", 0, 1}).empty());
  EXPECT_FALSE(check_perturbation(s, {"beacon_blocked_prob", 0, 1.5}).empty());
  EXPECT_FALSE(check_perturbation(s, {"beacon_blocked_prob", 0.5, 0.1}).empty());
  EXPECT_TRUE(check_perturbation(s, {"beacon_blocked_prob", 0, 1}).empty());
}

}  // namespace
}  // namespace agentsim::sim
