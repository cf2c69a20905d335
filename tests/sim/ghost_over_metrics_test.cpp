// The rates of ghosts longer than a duration (ghost_rate_over_30s, _60s, _300s), for one agent's
// sessions and per close across a center (#13 item 11).
#include <gtest/gtest.h>

#include <cstdint>

#include "agentsim/sim/center.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/stats.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::sim {
namespace {

Outcome ghost_for(std::int64_t us) {
  Outcome o;
  o.ghost_us = us;
  return o;
}

TEST(GhostOverMetrics, count_ghosts_strictly_longer_than_each_threshold_and_merge_exactly) {
  Summary whole, first, second;
  const std::int64_t s = 1'000'000;
  const std::int64_t ghosts[] = {0, 30 * s, 30 * s + 1, 60 * s, 60 * s + 1, 300 * s, 300 * s + 1, 5 * s};
  for (std::size_t i = 0; i < std::size(ghosts); ++i) {
    whole.add(ghost_for(ghosts[i]));
    (i % 2 == 0 ? first : second).add(ghost_for(ghosts[i]));
  }
  // > 30 s: 30 s + 1 µs, 60 s, 60 s + 1 µs, 300 s, 300 s + 1 µs; > 60 s: three; > 300 s: one.
  EXPECT_EQ(whole.ghosts_over, (std::array<std::uint64_t, 3>{5, 3, 1}));
  first.merge(second);
  EXPECT_EQ(first, whole);
  EXPECT_EQ(first.ghosts_over, whole.ghosts_over);

  const MetricValue v = evaluate_metric(whole, "ghost_rate_over_60s", 0.95);
  ASSERT_TRUE(v.defined);
  EXPECT_DOUBLE_EQ(v.estimate, 3.0 / 8.0);
  const Interval wilson = (Proportion{3, 8}.wilson(0.95));
  EXPECT_DOUBLE_EQ(v.interval.lo, wilson.lo);
  EXPECT_DOUBLE_EQ(v.interval.hi, wilson.hi);
  EXPECT_DOUBLE_EQ(evaluate_metric(whole, "ghost_rate_over_30s", 0.95).estimate, 5.0 / 8.0);
  EXPECT_DOUBLE_EQ(evaluate_metric(whole, "ghost_rate_over_300s", 0.95).estimate, 1.0 / 8.0);
  EXPECT_FALSE(evaluate_metric(Summary{}, "ghost_rate_over_30s", 0.95).defined);
}

TEST(GhostOverMetrics, the_monte_carlo_counts_agree_with_the_sessions_one_by_one_on_any_thread_count) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::HeartbeatSweeper);
  const std::uint64_t seed = 20261201, n = 3000;
  std::array<std::uint64_t, 3> expected{};
  std::uint64_t ghosts = 0;
  for (std::uint64_t k = 0; k < n; ++k) {
    const Outcome o = run_session(spec, seed, k);
    ghosts += o.ghost_us > 0 ? 1 : 0;
    for (std::size_t i = 0; i < kGhostOverSeconds.size(); ++i) {
      expected[i] += o.ghost_us > kGhostOverSeconds[i] * 1'000'000 ? 1 : 0;
    }
  }
  // The sweeper leaves ghosts of every length, so each threshold splits them (the test says
  // something about each count).
  ASSERT_GT(ghosts, expected[0]);
  ASSERT_GT(expected[0], expected[1]);
  ASSERT_GT(expected[1], expected[2]);
  for (int threads : {1, 2, 7}) {
    const Summary s = run_monte_carlo(spec, {seed, n, 0, threads});
    EXPECT_EQ(s.ghosts_over, expected) << threads << " threads";
    EXPECT_EQ(s.ghost_sessions, ghosts);
  }
}

// A center whose agents never leave a ghost: every shift's rate is 0, so the ratio estimator's
// interval is the point [0, 0]; the pooled Wilson interval keeps an honest upper end.
TEST(GhostOverMetrics, a_center_rate_of_zero_in_every_shift_still_has_an_upper_bound_above_zero) {
  CenterSummary s;
  for (int shift = 0; shift < 4; ++shift) {
    CenterOutcome o;
    o.closes = 50;
    s.add(o);
  }
  for (const char* metric : {"ghost_rate", "ghost_rate_over_30s", "spurious_offline_rate"}) {
    SCOPED_TRACE(metric);
    const MetricValue v = evaluate_center_metric(s, metric, 0.95);
    ASSERT_TRUE(v.defined);
    EXPECT_EQ(v.estimate, 0.0);
    EXPECT_EQ(v.interval.lo, 0.0);
    EXPECT_DOUBLE_EQ(v.interval.hi, (Proportion{0, 200}.wilson(0.95).hi));
  }
  EXPECT_FALSE(evaluate_center_metric(CenterSummary{}, "ghost_rate", 0.95).defined) << "no close";
}

TEST(GhostOverMetrics, a_center_rate_is_ghost_agents_over_closes_with_the_wider_of_the_two_intervals) {
  CenterSummary s;
  // Shifts whose rates differ a lot (0.1 to 0.9): the closes of a shift move together, and the
  // interval over shifts is wider than the pooled Wilson one, which would take them as independent.
  const std::uint32_t ghosts[] = {5, 45, 10, 40, 25};
  for (std::uint32_t g : ghosts) {
    CenterOutcome o;
    o.closes = 50;
    o.ghost_agents = g;
    o.ghost_agents_over = {g, g / 2, 0};
    s.add(o);
  }
  const MetricValue v = evaluate_center_metric(s, "ghost_rate", 0.95);
  EXPECT_DOUBLE_EQ(v.estimate, 125.0 / 250.0);
  const Interval ratio = s.ghost_per_close.interval(0.95);
  const Interval pooled = (Proportion{125, 250}.wilson(0.95));
  ASSERT_LT(ratio.lo, pooled.lo);
  ASSERT_GT(ratio.hi, pooled.hi);
  EXPECT_DOUBLE_EQ(v.interval.lo, ratio.lo);
  EXPECT_DOUBLE_EQ(v.interval.hi, ratio.hi);
  EXPECT_DOUBLE_EQ(evaluate_center_metric(s, "ghost_rate_over_30s", 0.95).estimate, 125.0 / 250.0);
  EXPECT_DOUBLE_EQ(evaluate_center_metric(s, "ghost_rate_over_60s", 0.95).estimate, 61.0 / 250.0);  // 2 + 22 + 5 + 20 + 12
  EXPECT_DOUBLE_EQ(evaluate_center_metric(s, "ghost_rate_over_300s", 0.95).estimate, 0.0);
}

}  // namespace
}  // namespace agentsim::sim
