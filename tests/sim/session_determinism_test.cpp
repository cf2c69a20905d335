#include <gtest/gtest.h>

#include <atomic>

#include "agentsim/sim/monte_carlo.h"

namespace agentsim::sim {
namespace {

SessionSpec busy_spec() {
  // The default environment exercises every close kind, pre-close state and API outcome.
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadConfirm);
  return spec;
}

TEST(Determinism, TheSameSeedGivesIdenticalSummariesOnRepeatedRuns) {
  const SessionSpec spec = busy_spec();
  MonteCarloOptions o;
  o.seed = 42;
  o.sessions = 3000;
  o.threads = 1;
  EXPECT_TRUE(run_monte_carlo(spec, o) == run_monte_carlo(spec, o));
}

TEST(Determinism, SummariesAreIdenticalForAnyThreadCount) {
  const SessionSpec spec = busy_spec();
  MonteCarloOptions o;
  o.seed = 7;
  o.sessions = 40000;  // ten chunks of 4096 or fewer: more chunks than threads
  o.threads = 1;
  const Summary one = run_monte_carlo(spec, o);
  for (int threads : {2, 3, 8}) {
    o.threads = threads;
    EXPECT_TRUE(run_monte_carlo(spec, o) == one) << threads << " threads";
  }
}

TEST(Determinism, AStopFlagThatIsNeverSetChangesNothing) {
  const SessionSpec spec = busy_spec();
  MonteCarloOptions o;
  o.seed = 7;
  o.sessions = 10000;
  o.threads = 2;
  const Summary without = run_monte_carlo(spec, o);
  const std::atomic<bool> never{false};
  o.stop = &never;
  EXPECT_TRUE(run_monte_carlo(spec, o) == without);
}

TEST(Determinism, ASetStopFlagEndsTheRunBeforeAnySession) {
  // The flag a SIGINT sets: the workers read it before each session.
  const std::atomic<bool> stop{true};
  MonteCarloOptions o;
  o.sessions = 100000;
  o.threads = 2;
  o.stop = &stop;
  EXPECT_EQ(run_monte_carlo(busy_spec(), o).sessions, 0u);
}

TEST(Determinism, DifferentSeedsGiveDifferentResults) {
  const SessionSpec spec = busy_spec();
  MonteCarloOptions o;
  o.sessions = 2000;
  o.seed = 1;
  const Summary a = run_monte_carlo(spec, o);
  o.seed = 2;
  EXPECT_FALSE(run_monte_carlo(spec, o) == a);
}

TEST(Determinism, SessionKHasTheSameOutcomeAloneOrInsideABatch) {
  const SessionSpec spec = busy_spec();
  // Inside a batch: run sessions 0..499 in order, as the Monte Carlo runner does.
  std::vector<Outcome> batch;
  for (std::uint64_t k = 0; k < 500; ++k) batch.push_back(run_session(spec, 99, k));
  // Alone, in reverse order, after unrelated sessions of another seed.
  for (std::uint64_t k = 500; k-- > 0;) {
    run_session(spec, 12345, k);
    EXPECT_TRUE(run_session(spec, 99, k) == batch[k]) << "session " << k;
  }
  // And a batch that starts at session k gives session k's outcome.
  Summary alone;
  alone.add(batch[321]);
  MonteCarloOptions o;
  o.seed = 99;
  o.first_session = 321;
  o.sessions = 1;
  EXPECT_TRUE(run_monte_carlo(spec, o) == alone);
}

TEST(Determinism, ATimelineIsIdenticalOnEveryReplay) {
  const SessionSpec spec = busy_spec();
  for (std::uint64_t k = 0; k < 50; ++k) {
    Trace a, b;
    run_session(spec, 5, k, &a);
    run_session(spec, 5, k, &b);
    EXPECT_EQ(format_timeline(a), format_timeline(b));
    // Recording a trace does not change the outcome.
    EXPECT_TRUE(run_session(spec, 5, k, &a) == run_session(spec, 5, k));
  }
}

TEST(Determinism, TheMergeOfSummariesDoesNotDependOnOrder) {
  const SessionSpec spec = busy_spec();
  Summary forward, backward, halves_a, halves_b;
  std::vector<Outcome> outs;
  for (std::uint64_t k = 0; k < 400; ++k) outs.push_back(run_session(spec, 3, k));
  for (const Outcome& o : outs) forward.add(o);
  for (auto it = outs.rbegin(); it != outs.rend(); ++it) backward.add(*it);
  for (std::size_t i = 0; i < outs.size(); ++i) (i % 2 ? halves_a : halves_b).add(outs[i]);
  halves_b.merge(halves_a);
  EXPECT_TRUE(forward == backward);
  EXPECT_TRUE(forward == halves_b);
}

TEST(Determinism, EveryStrategyGivesTheSameSummaryWithTheCompiledOrTheMsmDispatch) {
  // The agent machine's two dispatch modes (model/agent_machine.h) must be interchangeable: every
  // strategy, also with a missed-contact reaction (the backend's PutUserStatus, DismissUserContact)
  // and the profiles' different rules, over the default environment's every close kind.
  for (StrategyKind kind : all_strategy_kinds()) {
    for (const model::PlatformProfile* profile : model::builtin_profiles()) {
      SessionSpec spec;
      spec.profile = *profile;
      spec.strategy = default_config(kind);
      if (kind == StrategyKind::HeartbeatSweeper) {
        spec.strategy.missed_contact = MissedReaction::DismissThenOffline;
      }
      if (kind == StrategyKind::None) spec.strategy.missed_contact = MissedReaction::AutoAvailable;
      ASSERT_TRUE(spec.validate().empty()) << spec.strategy.label();
      MonteCarloOptions o;
      o.seed = 5;
      o.sessions = 1500;
      o.threads = 1;
      const Summary compiled = run_monte_carlo(spec, o);
      spec.model_dispatch = model::DispatchMode::Msm;
      const Summary msm = run_monte_carlo(spec, o);
      EXPECT_EQ(compiled.sessions, o.sessions);
      EXPECT_TRUE(compiled == msm) << spec.strategy.label() << " on " << profile->name;
    }
  }
}

}  // namespace
}  // namespace agentsim::sim
