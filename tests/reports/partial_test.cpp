// The partial-result codec (reports/partial.h): shard slices tile a round exactly whatever the
// round and the shard count; a partial renders and parses back to what it was; a scenario's
// fingerprint follows everything that decides its tallies.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "agentsim/reports/partial.h"
#include "agentsim/sim/monte_carlo.h"

namespace agentsim::reports {
namespace {

RC_GTEST_PROP(ShardSlice, TheSlicesOfNShardsAreContiguousInShardOrderTileTheRoundAndDifferByAtMostOne, ()) {
  const auto first = *rc::gen::inRange<std::uint64_t>(0, 1'000'000'000);
  const auto count = *rc::gen::oneOf(rc::gen::inRange<std::uint64_t>(0, 20),
                                     rc::gen::inRange<std::uint64_t>(0, sim::kMaxSessions + 1));
  const auto n = *rc::gen::inRange<unsigned>(1, kMaxShards + 1);
  std::uint64_t at = first, smallest = count, largest = 0;
  for (unsigned i = 1; i <= n; ++i) {
    const sim::SamplingRound s = shard_slice({first, count}, i, n);
    RC_ASSERT(s.first == at);
    at += s.count;
    smallest = std::min(smallest, s.count);
    largest = std::max(largest, s.count);
  }
  RC_ASSERT(at == first + count);
  RC_ASSERT(largest - smallest <= 1);
}

TEST(Partial, RendersAndParsesBackToWhatItWas) {
  Partial p;
  p.shard_index = 3;
  p.shard_count = 7;
  p.rounds = kAllRounds;
  p.suite_name = "mine";
  p.run = {{"a.yaml", "dir with space/"}, {"x"}, 9, 1000, 0, 0.9};
  sim::Summary summary;
  PartialScenario s;
  s.name = "x";
  s.fingerprint = "0123456789abcdef";
  s.settings = {{"seed", "9"}, {"strategy", "none"}};
  // A slice must count the sessions it says it ran: an empty Summary counts 0.
  s.slices.push_back({0, {428, 0}, sim::encode_words(summary)});
  p.scenarios.push_back(s);
  std::string error;
  const auto parsed = parse_partial(render_partial(p), error);
  ASSERT_TRUE(parsed) << error;
  EXPECT_EQ(parsed->shard_index, 3u);
  EXPECT_EQ(parsed->shard_count, 7u);
  EXPECT_EQ(parsed->rounds, kAllRounds);
  EXPECT_EQ(parsed->suite_name, "mine");
  EXPECT_TRUE(parsed->run == p.run);
  ASSERT_EQ(parsed->scenarios.size(), 1u);
  EXPECT_EQ(parsed->scenarios[0].name, "x");
  EXPECT_EQ(parsed->scenarios[0].fingerprint, s.fingerprint);
  EXPECT_EQ(parsed->scenarios[0].settings, s.settings);
  ASSERT_EQ(parsed->scenarios[0].slices.size(), 1u);
  EXPECT_TRUE(parsed->scenarios[0].slices[0].slice == s.slices[0].slice);
  EXPECT_EQ(parsed->scenarios[0].slices[0].tally, s.slices[0].tally);
  // A slice that claims sessions its tally does not count is refused.
  p.scenarios[0].slices[0].slice.count = 1;
  EXPECT_FALSE(parse_partial(render_partial(p), error));
  EXPECT_NE(error.find("counts 0 sessions but says it ran 1"), std::string::npos) << error;
}

TEST(Partial, AShardOutsideItsCountIsRefused) {
  Partial p;
  p.shard_index = 8;
  p.shard_count = 7;
  std::string error;
  EXPECT_FALSE(parse_partial(render_partial(p), error));
  EXPECT_NE(error.find("1 <= index <= count"), std::string::npos) << error;
}

TEST(Partial, AScenariosFingerprintFollowsItsSettingsSeedAndSampling) {
  sim::Scenario s;
  s.name = "x";
  sim::RunOptions o;
  const std::string base = scenario_fingerprint(s, o);
  EXPECT_EQ(scenario_fingerprint(s, o), base);
  sim::Scenario retried = s;
  retried.session.strategy = sim::default_config(sim::StrategyKind::BeforeunloadRetry);
  EXPECT_NE(scenario_fingerprint(retried, o), base);
  sim::Scenario environment = s;
  environment.session.env.api_5xx_prob = 0.5;
  EXPECT_NE(scenario_fingerprint(environment, o), base);
  sim::RunOptions seeded = o;
  seeded.seed_override = 99;
  EXPECT_NE(scenario_fingerprint(s, seeded), base);
  sim::RunOptions more = o;
  more.sessions_override = 7;
  EXPECT_NE(scenario_fingerprint(s, more), base);
}

}  // namespace
}  // namespace agentsim::reports
