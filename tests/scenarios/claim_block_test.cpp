// The `claim:` block of a scenario file: every key of sim::claim_fields() read into
// Scenario::claim (ClaimOverrides), validated like every other key, merged from a suite's
// defaults key by key, and refused in a center scenario.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "agentsim/sim/claim_fields.h"
#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

LoadResult load(const std::string& text) { return load_scenario_text(text, "test.yaml"); }

// The one scenario loaded (a copy: the result is often a temporary).
sim::Scenario only(const LoadResult& r) {
  EXPECT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(r.scenarios.size(), 1u);
  return r.scenarios.empty() ? sim::Scenario{} : r.scenarios.front();
}

std::vector<std::string> formatted(const LoadResult& r) {
  std::vector<std::string> out;
  for (const LoadError& e : r.errors) out.push_back(e.format());
  return out;
}

TEST(ClaimBlock, every_key_is_read_into_the_scenarios_overrides) {
  const LoadResult r = load(
      "name: x\n"
      "strategy: beforeunload_retry\n"
      "claim:\n"
      "  close_kinds: [tab_close, crash]\n"
      "  pre_close: [idle, acw]\n"
      "  max_api_failures: 2\n"
      "  max_latency_ms: 250.5\n"
      "  min_unload_window_ms: 600\n"
      "  ghost_bound_ms: 123456.789\n"
      "  max_api_calls: 9\n"
      "  no_spurious_offline: true\n"
      "  no_contact_offered_to_ghost: false\n");
  const sim::Scenario s = only(r);
  const sim::ClaimOverrides& o = s.claim;
  EXPECT_EQ(o.close_kinds, (std::vector<sim::CloseKind>{sim::CloseKind::TabClose,
                                                         sim::CloseKind::Crash}));
  EXPECT_EQ(o.pre_close, (std::vector<sim::PreClose>{sim::PreClose::Idle, sim::PreClose::Acw}));
  EXPECT_EQ(o.max_api_failures, 2);
  EXPECT_EQ(o.max_latency_us, 250500);
  EXPECT_EQ(o.min_unload_window_us, 600000);
  EXPECT_EQ(o.ghost_bound_us, 123456789);
  EXPECT_EQ(o.max_api_calls, 9);
  EXPECT_EQ(o.no_spurious_offline, true);
  EXPECT_EQ(o.no_contact_offered_to_ghost, false);
  EXPECT_EQ(s.claim_where.line, 3);
  EXPECT_EQ(s.claim_where.column, 1);
  EXPECT_EQ(s.claim_where.file, "test.yaml");
  // The claim changes nothing the Monte Carlo runs: it is not among the overrides reports list.
  for (const auto& [name, value] : s.overrides) EXPECT_NE(name.rfind("claim", 0), 0u) << name;
}

TEST(ClaimBlock, a_scenario_without_one_has_no_overrides_and_keys_it_omits_stay_unset) {
  EXPECT_TRUE(only(load("name: x\nstrategy: beforeunload_retry\n")).claim.empty());
  const sim::Scenario s = only(load("name: x\nstrategy: beforeunload_retry\nclaim: {}\n"));
  EXPECT_TRUE(s.claim.empty());
  EXPECT_EQ(s.claim_where.line, 3);
  const sim::ClaimOverrides o =
      only(load("name: x\nstrategy: none\nclaim: {max_api_calls: 0}\n")).claim;
  EXPECT_EQ(o.max_api_calls, 0);
  EXPECT_FALSE(o.close_kinds.has_value());
  EXPECT_FALSE(o.ghost_bound_us.has_value());
}

TEST(ClaimBlock, empty_lists_claim_nothing) {
  const sim::Scenario s =
      only(load("name: x\nstrategy: beforeunload_setstate\n"
                "claim: {close_kinds: [], pre_close: []}\n"));
  ASSERT_TRUE(s.claim.close_kinds.has_value());
  EXPECT_TRUE(s.claim.close_kinds->empty());
  EXPECT_TRUE(sim::apply(sim::default_claim(s.session.strategy), s.claim).covers_nothing());
}

TEST(ClaimBlock, a_top_level_close_kind_stays_valid_beside_it) {
  const sim::Scenario s = only(load(
      "name: x\nstrategy: beforeunload_retry\nclose_kind: tab_close\npre_close: idle\n"
      "claim: {close_kinds: [tab_close, browser_quit]}\n"));
  EXPECT_EQ(s.session.close_kind, sim::CloseKind::TabClose);
  EXPECT_EQ(s.session.pre_close, sim::PreClose::Idle);
  EXPECT_EQ(s.claim.close_kinds->size(), 2u);
}

TEST(ClaimBlock, a_suites_defaults_merge_into_it_key_by_key) {
  const LoadResult r = load(
      "suite: s\n"
      "defaults:\n"
      "  strategy: beforeunload_retry\n"
      "  claim: {ghost_bound_ms: 1000, max_api_calls: 3}\n"
      "scenarios:\n"
      "  - name: inherits\n"
      "  - name: overrides one key\n"
      "    claim: {max_api_calls: 5}\n");
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  ASSERT_EQ(r.scenarios.size(), 2u);
  EXPECT_EQ(r.scenarios[0].claim.ghost_bound_us, 1000000);
  EXPECT_EQ(r.scenarios[0].claim.max_api_calls, 3);
  EXPECT_EQ(r.scenarios[1].claim.ghost_bound_us, 1000000);
  EXPECT_EQ(r.scenarios[1].claim.max_api_calls, 5);
}

TEST(ClaimBlock, every_error_of_a_block_is_reported_at_its_value) {
  const LoadResult r = load(
      "name: x\n"
      "strategy: beforeunload_retry\n"
      "claim:\n"
      "  close_kinds: [tab_clos, tab_close, tab_close]\n"
      "  pre_close: [idle, offline, ofline]\n"
      "  max_api_failures: -1\n"
      "  max_latency_ms: \"100\"\n"
      "  min_unload_window_ms: 60001\n"
      "  max_api_calls: 1.5\n"
      "  no_spurious_offline: yes\n"
      "  no_contact_offered: true\n");
  EXPECT_EQ(formatted(r),
            (std::vector<std::string>{
                "test.yaml:4:17: error: unknown close kind 'tab_clos'\n  hint: did you mean "
                "'tab_close'?",
                "test.yaml:4:38: error: claim.close_kinds: close kind 'tab_close' is listed "
                "twice\n  hint: the first is at line 4; list each once",
                "test.yaml:5:30: error: unknown pre-close state 'ofline'\n  hint: did you mean "
                "'offline'?",
                "test.yaml:6:21: error: claim.max_api_failures: must be at least 0, got -1",
                "test.yaml:7:19: error: claim.max_latency_ms: expected a duration in ms, got the "
                "string \"100\"\n  hint: remove the quotes: a quoted value is a string",
                "test.yaml:8:25: error: claim.min_unload_window_ms: expected a duration between 0 "
                "and 60000 ms, got 60001\n  hint: leave the key out to keep the strategy's default "
                "claim (docs/fuzzing.md)",
                "test.yaml:9:18: error: claim.max_api_calls: expected an integer, got '1.5'",
                "test.yaml:10:24: error: claim.no_spurious_offline: expected a boolean (true or "
                "false), got 'yes'",
                "test.yaml:11:3: error: unknown claim key 'no_contact_offered'\n  hint: did you "
                "mean 'no_contact_offered_to_ghost'?",
            }));
}

TEST(ClaimBlock, a_center_scenario_refuses_it_also_from_defaults) {
  const LoadResult r = load(
      "suite: s\n"
      "defaults:\n"
      "  claim: {ghost_bound_ms: 1000}\n"
      "scenarios:\n"
      "  - name: center\n"
      "    strategy: heartbeat_sweeper\n"
      "    center: {agents: 5}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(formatted(r).front(),
            "test.yaml:3:3: error: claim: not read in a center scenario: fuzz and check search "
            "one agent's session\n  hint: remove `claim:`, or `center:` to search one agent's "
            "session");
}

TEST(ClaimBlock, the_table_has_one_row_per_override_and_covers_every_field) {
  // Every row sets its own ClaimOverrides field: setting them all leaves nothing unset.
  sim::Claim c = sim::default_claim(sim::default_config(sim::StrategyKind::BeforeunloadRetry));
  const sim::ClaimOverrides all = sim::overrides_of(c);
  EXPECT_TRUE(all.close_kinds && all.pre_close && all.max_api_failures && all.max_latency_us &&
              all.min_unload_window_us && all.ghost_bound_us && all.max_api_calls &&
              all.no_spurious_offline && all.no_contact_offered_to_ghost);
  for (const sim::ClaimField& f : sim::claim_fields()) {
    EXPECT_EQ(sim::find_claim_field(f.key), &f) << f.key;
    EXPECT_TRUE(sim::writable(f, c)) << f.key;
  }
  EXPECT_EQ(sim::find_claim_field("max_failures"), nullptr);
}

}  // namespace
}  // namespace agentsim::scenarios
