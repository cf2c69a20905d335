// The exact word encodings of the Monte Carlo accumulators (agentsim run --shard writes them,
// agentsim merge reads them): decode(encode(s)) == s for real summaries, merging decoded slices
// equals one run over their union, and words no summary encodes are refused. And the rounds of
// sequential sampling, which shards split, are what run_scenario walks.
#include <gtest/gtest.h>

#include <string>

#include "agentsim/sim/center.h"
#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/suite.h"

namespace agentsim::sim {
namespace {

// The default single-agent spec under a strategy that leaves ghosts of many lengths, so every
// group of the encoding (counters, sums, moments, closes by kind, the histogram) holds values.
SessionSpec realistic_spec() {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  return spec;
}

Summary summary_of(std::uint64_t first, std::uint64_t sessions) {
  MonteCarloOptions mc;
  mc.seed = 17;
  mc.first_session = first;
  mc.sessions = sessions;
  mc.threads = 1;
  return run_monte_carlo(realistic_spec(), mc);
}

TEST(TallyWords, ASummaryDecodesToAnEqualSummaryAndSlicesMergeIntoTheRunOverTheirUnion) {
  const Summary whole = summary_of(0, 3000);
  ASSERT_GT(whole.ghost_sessions, 0u);
  ASSERT_GT(whole.ghost_durations.count(), 10u);
  Summary decoded;
  std::string error;
  ASSERT_TRUE(decode_words(encode_words(whole), decoded, error)) << error;
  EXPECT_TRUE(decoded == whole);

  Summary merged;
  for (const auto& [first, count] : {std::pair<std::uint64_t, std::uint64_t>{0, 1000}, {1000, 1}, {1001, 1999}}) {
    Summary part;
    ASSERT_TRUE(decode_words(encode_words(summary_of(first, count)), part, error)) << error;
    merged.merge(part);
  }
  EXPECT_TRUE(merged == whole);
  EXPECT_EQ(encode_words(merged), encode_words(whole));
}

TEST(TallyWords, AnEmptySummaryRoundTrips) {
  Summary empty, decoded;
  std::string error;
  ASSERT_TRUE(decode_words(encode_words(empty), decoded, error)) << error;
  EXPECT_TRUE(decoded == empty);
}

TEST(TallyWords, EveryCutAndAnExtraWordAreRefused) {
  const Words words = encode_words(summary_of(0, 500));
  std::string error;
  for (std::size_t n = 0; n < words.size(); ++n) {
    Summary s;
    const Words cut(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(decode_words(cut, s, error)) << "cut to " << n << " of " << words.size() << " words";
  }
  Words longer = words;
  longer.push_back(0);
  Summary s;
  EXPECT_FALSE(decode_words(longer, s, error));
  EXPECT_NE(error.find("1 words more than its layout"), std::string::npos) << error;
}

TEST(TallyWords, WordsNoSummaryEncodesAreRefusedSayingWhy) {
  const Summary real = summary_of(0, 500);
  const Words words = encode_words(real);
  std::string error;
  Summary s;
  // sessions is word 0, ghost_sessions word 2.
  Words more_ghosts = words;
  more_ghosts[2] = words[0] + 1;
  EXPECT_FALSE(decode_words(more_ghosts, s, error));
  EXPECT_NE(error.find("contradict"), std::string::npos) << error;

  // The histogram is last: count, min, max, sum (2 words), buckets k, then k (index, count) pairs.
  Words h;
  real.ghost_durations.encode(h);
  ASSERT_GE(h.size(), 10u);
  const std::size_t at = words.size() - h.size();
  const auto refused = [&](Words w, const char* why) {
    Summary out;
    std::string e;
    EXPECT_FALSE(decode_words(w, out, e)) << why;
    EXPECT_NE(e.find(why), std::string::npos) << e;
  };
  Words swapped = words;  // the first two buckets out of order
  std::swap(swapped[at + 6], swapped[at + 8]);
  std::swap(swapped[at + 7], swapped[at + 9]);
  refused(swapped, "out of order");
  Words wrong_count = words;  // a bucket count that no longer adds up
  wrong_count[at + 7] += 1;
  refused(wrong_count, "do not add up");
  Words min_outside = words;  // the minimum moved out of the first bucket
  min_outside[at + 1] = min_outside[at + 2];
  refused(min_outside, "outside its first or last bucket");
}

CenterSpec small_center() {
  CenterSpec c;
  c.agents = 20;
  c.shift_ms = 3'600'000;
  c.contact_rate_per_min = 2;
  return c;
}

TEST(TallyWords, ACenterSummaryDecodesToAnEqualOneAndShardsOfShiftsMergeIntoTheWholeRun) {
  const SessionSpec session = realistic_spec();
  const CenterSpec center = small_center();
  ASSERT_TRUE(center.validate().empty());
  const CenterSummary whole = run_center_monte_carlo(session, center, 5, 3, 1, 0);
  ASSERT_EQ(whole.shifts, 5u);
  ASSERT_GT(whole.contacts_arrived, 0u);
  CenterSummary decoded;
  std::string error;
  ASSERT_TRUE(decode_words(encode_words(whole), decoded, error)) << error;
  EXPECT_TRUE(decoded == whole);

  CenterSummary merged;
  for (const auto& [first, count] : {std::pair<std::uint64_t, std::uint64_t>{0, 2}, {2, 0}, {2, 3}}) {
    CenterSummary part;
    ASSERT_TRUE(decode_words(encode_words(run_center_monte_carlo(session, center, count, 3, 1, first)), part, error))
        << error;
    merged.merge(part);
  }
  EXPECT_TRUE(merged == whole);

  Words cut = encode_words(whole);
  cut.pop_back();
  EXPECT_FALSE(decode_words(cut, decoded, error));
  Words one_shift_more = encode_words(whole);
  one_shift_more[0] += 1;  // shifts, without its per-shift pairs
  EXPECT_FALSE(decode_words(one_shift_more, decoded, error));
  EXPECT_NE(error.find("contradict"), std::string::npos) << error;
}

TEST(SamplingRounds, DoubleFromTheFirstBatchToTheLimitAndTileIt) {
  Scenario s;
  s.sessions = 500;
  s.max_sessions = 4000;
  RunOptions o;
  const std::vector<SamplingRound> rounds = sampling_rounds(s, o);
  const std::vector<SamplingRound> expected = {{0, 500}, {500, 500}, {1000, 1000}, {2000, 2000}};
  EXPECT_EQ(rounds, expected);
  // A limit that is not a doubling: the last round takes what is left.
  s.max_sessions = 3000;
  const std::vector<SamplingRound> capped = {{0, 500}, {500, 500}, {1000, 1000}, {2000, 1000}};
  EXPECT_EQ(sampling_rounds(s, o), capped);
  // --sessions above max_sessions: one round.
  o.sessions_override = 5000;
  const std::vector<SamplingRound> one = {{0, 5000}};
  EXPECT_EQ(sampling_rounds(s, o), one);
}

TEST(SamplingRounds, RunScenarioRunsThemInOrderAndStopsAtTheFirstThatDecides) {
  Scenario s;
  s.session = realistic_spec();
  s.sessions = 400;
  s.max_sessions = 3200;
  s.seed = 4;
  // Always met (a rate is at most 1): decided after the first round. (More rounds:
  // tests/app/shard_merge_test.cpp, on a scenario whose rate sits on its bound.)
  Expectation e;
  e.metric = "ghost_rate";
  e.op = Comparison::LessEqual;
  e.bound = 1.0;
  s.expectations = {e};
  RunOptions o;
  o.threads = 1;
  std::vector<std::size_t> asked;
  o.supply = [&](std::size_t round) -> std::optional<Tally> {
    asked.push_back(round);
    return std::nullopt;
  };
  const ScenarioResult decided = run_scenario(s, o);
  EXPECT_EQ(asked, std::vector<std::size_t>{0});
  EXPECT_EQ(decided.sessions_run, 400u);
  // A supplied tally is used as is: the run's result is the supplied one.
  Tally given;
  MonteCarloOptions mc;
  mc.seed = 4;
  mc.sessions = 400;
  mc.threads = 1;
  given.summary = run_monte_carlo(s.session, mc);
  o.supply = [&](std::size_t) -> std::optional<Tally> { return given; };
  EXPECT_TRUE(run_scenario(s, o).summary == decided.summary);
}

}  // namespace
}  // namespace agentsim::sim
