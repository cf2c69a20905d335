// AGENTSIM_PROPERTY: `agentsim fuzz` with a fixed seed and case count, failing with the shrunk
// counterexample `agentsim fuzz` prints; never a pass on a property that could not fail.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "agentsim/testing/gtest.h"
#include "test_support.h"

namespace {

namespace at = agentsim::testing;

TEST(AgentsimProperty, passes_on_a_strategy_the_search_cannot_break_within_its_claim) {
  AGENTSIM_PROPERTY(no_ghost_after_covered_close, "heartbeat_sweeper");
  ASSERT_AGENTSIM_PROPERTY(no_ghost_after_covered_close, "ccp_v2_logout");
}

TEST(AgentsimProperty, fails_on_the_seeds_code_with_the_shrunk_counterexample) {
  EXPECT_NONFATAL_FAILURE(AGENTSIM_PROPERTY(no_ghost_after_covered_close, "beforeunload_setstate"),
                          "PROPERTY VIOLATED: no_ghost_after_covered_close");
  EXPECT_NONFATAL_FAILURE(AGENTSIM_PROPERTY(no_ghost_after_covered_close, "beforeunload_setstate"),
                          "found after 1 passing cases; shrunk; counterexample");
  EXPECT_NONFATAL_FAILURE(AGENTSIM_PROPERTY(no_ghost_after_covered_close, "beforeunload_setstate"),
                          "--property no_ghost_after_covered_close --cases 1000 --seed 1 --reproduce 'reproduce=");
  EXPECT_FATAL_FAILURE(ASSERT_AGENTSIM_PROPERTY(no_ghost_after_covered_close, "beforeunload_setstate"),
                       "timeline:");
}

TEST(AgentsimProperty, its_counterexample_is_the_text_agentsim_fuzz_prints) {
  agentsim::testing::TempDir dir("property-fuzz-text");
  const std::filesystem::path file = dir.path() / "seed.yaml";
  agentsim::testing::write_text_file(file, "name: seed\nstrategy: beforeunload_setstate\n");
  const at::PropertyVerdict v = at::judge_property("no_ghost_after_covered_close", at::scenario_from_file(file.string()));
  ASSERT_TRUE(v.found) << v.message;
  const agentsim::testing::CommandResult cli = agentsim::testing::run_agentsim(
      "fuzz " + file.string() + " --property no_ghost_after_covered_close --out " + (dir.path() / "ce.yaml").string());
  ASSERT_EQ(cli.exit_code, 1) << cli.output;
  // The CLI adds the time it took to "found after ..."; everything from the schedule on is equal.
  const std::string from = "counterexample (";
  const std::string until = "\nreplay scenario written";
  const std::string cli_text = cli.output.substr(cli.output.find(from), cli.output.find(until) - cli.output.find(from));
  const std::string helper_text = v.message.substr(v.message.find(from), v.message.find("\nreproduce the search") - v.message.find(from));
  EXPECT_EQ(helper_text, cli_text);
  EXPECT_NE(v.message.find("agentsim fuzz " + std::filesystem::absolute(file).string() + " --scenario 'seed'"),
            std::string::npos) << v.message;
}

TEST(AgentsimProperty, a_property_the_environment_puts_outside_the_claim_is_a_failure_not_a_pass) {
  // beforeunload_retry claims closes with at least a 500 ms unload window; the environment's is
  // at most 25 ms, so no schedule lies within the claim: the property could not fail.
  EXPECT_NONFATAL_FAILURE(AGENTSIM_PROPERTY(no_ghost_after_covered_close, "beforeunload_retry"),
                          "is not applicable to scenario 'beforeunload_retry'");
}

TEST(AgentsimProperty, a_property_the_claim_does_not_make_is_a_failure_not_a_pass) {
  EXPECT_NONFATAL_FAILURE(AGENTSIM_PROPERTY(no_spurious_offline, "beforeunload_setstate"),
                          "it could not fail, so it is not a pass");
}

TEST(AgentsimProperty, an_unknown_property_fails_with_a_did_you_mean) {
  EXPECT_NONFATAL_FAILURE(AGENTSIM_PROPERTY(no_ghost_after_covered_clse, "heartbeat_sweeper"),
                          "unknown property 'no_ghost_after_covered_clse' (did you mean 'no_ghost_after_covered_close'?)");
}

TEST(AgentsimProperty, a_center_scenario_is_refused_with_the_reason) {
  static const auto s = at::scenario_from_yaml(
      "name: c\nstrategy: heartbeat_sweeper\ncenter: {agents: 5}\n", "c.yaml");
  EXPECT_NONFATAL_FAILURE(AGENTSIM_PROPERTY(no_ghost_after_covered_close, s), "is a center scenario");
}

TEST(AgentsimProperty, the_same_seed_gives_the_same_message) {
  const at::PropertyVerdict a = at::judge_property("no_ghost_after_covered_close", "put_user_status_backend");
  const at::PropertyVerdict b = at::judge_property("no_ghost_after_covered_close", "put_user_status_backend");
  EXPECT_TRUE(a.found);
  EXPECT_EQ(a.message, b.message);
}

}  // namespace
