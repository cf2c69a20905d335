// Each weakness of the seed document's strategies that the fact sheets imply, pinned as a test.
// The environment is the default one unless a test says otherwise; the close kind and what the
// agent was doing are fixed per test.
#include <gtest/gtest.h>

#include "agentsim/sim/monte_carlo.h"
#include "sim_fixtures.h"

namespace agentsim::sim {
namespace {

constexpr std::uint64_t kSessions = 2000;

Summary run(SessionSpec spec, CloseKind close, PreClose pre, std::uint64_t seed = 11) {
  spec.close_kind = close;
  spec.pre_close = pre;
  EXPECT_TRUE(spec.validate().empty());
  MonteCarloOptions o;
  o.seed = seed;
  o.sessions = kSessions;
  return run_monte_carlo(spec, o);
}

SessionSpec with_strategy(StrategyKind kind) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(kind);
  spec.env.crash_reopen_prob = 0;  // the agent does not come back within the horizon
  return spec;
}

const StrategyKind kPageSide[] = {StrategyKind::BeforeunloadSetstate, StrategyKind::BeforeunloadRetry,
                                  StrategyKind::BeforeunloadConfirm};

TEST(SeedWeaknesses, ACrashLeavesEveryBeforeunloadStrategyWithAGhost) {
  for (StrategyKind k : kPageSide) {
    const Summary s = run(with_strategy(k), CloseKind::Crash, PreClose::Idle);
    EXPECT_EQ(s.ghost_sessions, kSessions) << to_string(k);
    EXPECT_EQ(s.setstate_sent, 0u) << to_string(k) << ": no handler runs on a crash";
  }
}

TEST(SeedWeaknesses, AnOsShutdownOrMobileKillLeavesEveryBeforeunloadStrategyWithAGhost) {
  for (StrategyKind k : kPageSide) {
    for (CloseKind c : {CloseKind::OsShutdown, CloseKind::MobileKill}) {
      const Summary s = run(with_strategy(k), c, PreClose::Idle);
      EXPECT_EQ(s.ghost_sessions, kSessions) << to_string(k) << " " << to_string(c);
    }
  }
}

// Corrected 2026-12 [C 35]: a status change in ACW closes the contact; the seed's setState is not
// refused there. The finding "the seed fails in ACW" held only under the old assumption, now the
// non-default profile parameter setstate_rejected_in_acw.
TEST(SeedWeaknesses, BeforeunloadSetstateFailsInAcwOnlyUnderTheOldRefusedInAcwAssumption) {
  SessionSpec spec = with_strategy(StrategyKind::BeforeunloadSetstate);
  spec.env.api_5xx_prob = spec.env.api_429_prob = spec.env.api_timeout_prob =
      spec.env.api_lost_response_prob = 0;  // even when the API never fails
  // ACW lasts up to 30 min, so it never ends in the instant before setState reaches the server.
  spec.env.acw_duration_ms = 1800000;
  spec.env.setstate_latency_median_ms = spec.env.setstate_latency_p99_ms = 200;
  // Every call posted to the Streams worker leaves the machine, even when the page is torn down
  // before the worker hop: this test is about the ACW rule, not the Streams path assumption.
  spec.env.inflight_delivered_prob_streams_worker = 1;
  {
    const Summary s = run(spec, CloseKind::TabClose, PreClose::Acw);
    EXPECT_EQ(s.setstate_sent, kSessions);
    EXPECT_EQ(s.offline_at_end, kSessions) << "a status change in ACW closes the contact";
    EXPECT_EQ(s.ghost_sessions, 0u);
  }
  spec.profile.setstate_rejected_in_acw = true;
  {
    const Summary s = run(spec, CloseKind::TabClose, PreClose::Acw);
    EXPECT_EQ(s.setstate_sent, kSessions);
    EXPECT_EQ(s.offline_at_end, 0u) << "refused in ACW under the old assumption";
    // When ACW ends the agent is Available with no page: every session becomes a ghost.
    EXPECT_EQ(s.ghost_sessions, kSessions);
  }
}

TEST(SeedWeaknesses, BeforeunloadSetstateFailsDuringALiveCallButPutUserStatusDoesNot) {
  SessionSpec seed = with_strategy(StrategyKind::BeforeunloadSetstate);
  SessionSpec backend = with_strategy(StrategyKind::PutUserStatusBackend);
  for (SessionSpec* spec : {&seed, &backend}) {
    spec->env.api_5xx_prob = spec->env.api_429_prob = spec->env.api_timeout_prob =
        spec->env.api_lost_response_prob = 0;
    spec->env.inflight_delivered_prob_keepalive = 1;
  }
  EXPECT_EQ(run(seed, CloseKind::TabClose, PreClose::OnCall).offline_at_end, 0u);
  // PutUserStatus during a contact sets the next status, applied when ACW ends.
  EXPECT_EQ(run(backend, CloseKind::TabClose, PreClose::OnCall).offline_at_end, kSessions);
}

TEST(SeedWeaknesses, AReloadSetsAStillWorkingAgentOffline) {
  for (StrategyKind k : kPageSide) {
    SessionSpec spec = with_strategy(k);
    spec.env.api_5xx_prob = spec.env.api_429_prob = spec.env.api_timeout_prob =
        spec.env.api_lost_response_prob = 0;
    spec.env.dialog_stay_prob = 0;
    const Summary s = run(spec, CloseKind::Reload, PreClose::Idle);
    // setState reaches the server long before the 500-1000 ms teardown (median 75 ms one way);
    // only a tail latency beyond the budget with a cancelled request spares the agent.
    EXPECT_GE(s.spurious_offline_sessions, kSessions * 99 / 100) << to_string(k);
    EXPECT_EQ(s.ghost_sessions, 0u) << to_string(k) << ": a reloading agent is not away";
  }
}

TEST(SeedWeaknesses, ClosingOneOfTwoTabsSetsTheAgentWorkingInTheOtherOffline) {
  SessionSpec spec = with_strategy(StrategyKind::BeforeunloadSetstate);
  spec.env.api_5xx_prob = spec.env.api_429_prob = spec.env.api_timeout_prob =
      spec.env.api_lost_response_prob = 0;
  const Summary s = run(spec, CloseKind::OneOfTwoTabs, PreClose::Idle);
  EXPECT_GE(s.spurious_offline_sessions, kSessions * 99 / 100);
}

TEST(SeedWeaknesses, RetriesScheduledAfterTheUnloadBudgetNeverRun) {
  // 300 ms per attempt, 50 ms backoff, 700 ms budget, every attempt fails: the third attempt is
  // due when the page is torn down. It is dropped, never sent.
  SessionSpec spec = testing::closed_form_spec(StrategyKind::BeforeunloadRetry, 1.0, 300, 700);
  spec.strategy.retry = testing::constant_retry(5, 50);
  const Summary s = run(spec, CloseKind::TabClose, PreClose::Idle);
  EXPECT_EQ(s.setstate_sent, 2 * kSessions);
  EXPECT_EQ(s.retries_dropped_at_teardown, kSessions);
  EXPECT_EQ(s.offline_at_end, 0u);
}

TEST(SeedWeaknesses, NoCallbackRunsAfterTeardownSoALateFailureIsNeverSeenNorRetried) {
  // A 2000 ms round trip against a 500 ms budget: the answer comes after the page is gone.
  SessionSpec spec = testing::closed_form_spec(StrategyKind::BeforeunloadRetry, 1.0, 2000, 500);
  spec.strategy.retry = testing::constant_retry(3, 10);
  const Summary s = run(spec, CloseKind::TabClose, PreClose::Idle);
  EXPECT_EQ(s.setstate_sent, kSessions);  // one attempt each: the failure is never observed
  EXPECT_EQ(s.api_failures_seen, 0u);
  for (std::uint64_t k = 0; k < 20; ++k) {
    Trace trace;
    SessionSpec one = spec;
    one.close_kind = CloseKind::TabClose;
    run_session(one, 11, k, &trace);
    bool torn_down = false;
    for (const TraceEntry& e : trace.entries) {
      if (e.text.rfind("teardown", 0) == 0) torn_down = true;
      if (torn_down) {
        EXPECT_EQ(e.text.find("callback:"), std::string::npos) << e.text;
      }
    }
    EXPECT_TRUE(torn_down);
  }
}

TEST(SeedWeaknesses, TheConfirmDialogIsNeverShownWithoutStickyActivation) {
  SessionSpec spec = with_strategy(StrategyKind::BeforeunloadConfirm);
  spec.env.sticky_activation_prob = 0;
  const Summary s = run(spec, CloseKind::TabClose, PreClose::Idle);
  EXPECT_EQ(s.dialogs_shown, 0u);
  EXPECT_GE(s.setstate_sent, kSessions) << "the call still goes out";
  EXPECT_EQ(s.agents_left, kSessions) << "and the page is torn down: the agent is gone";
}

TEST(SeedWeaknesses, TheConfirmDialogKeepsThePageAliveOnlyIfTheAgentChoosesStay) {
  // Every attempt fails and the retry waits 1 s. With Leave, the page is torn down 700 ms later,
  // before the retry; with Stay, the living page makes all its max_attempts.
  SessionSpec spec = testing::closed_form_spec(StrategyKind::BeforeunloadConfirm, 1.0, 50, 700);
  spec.strategy.retry = testing::constant_retry(3, 1000);
  spec.env.reclose_after_stay_median_ms = spec.env.reclose_after_stay_p99_ms = 60000;
  spec.env.sticky_activation_prob = 1;
  spec.env.dialog_stay_prob = 0;
  const Summary leave = run(spec, CloseKind::TabClose, PreClose::Idle);
  spec.env.dialog_stay_prob = 1;
  const Summary stay = run(spec, CloseKind::TabClose, PreClose::Idle);
  EXPECT_EQ(leave.dialogs_shown, kSessions);
  EXPECT_EQ(leave.setstate_sent, kSessions);
  EXPECT_EQ(leave.retries_dropped_at_teardown, kSessions);
  EXPECT_EQ(stay.setstate_sent, 3 * kSessions);
}

TEST(SeedWeaknesses, CcpV2LogoutSetsOfflineButClosingCcpV2DoesNot) {
  SessionSpec spec = with_strategy(StrategyKind::CcpV2Logout);
  EXPECT_EQ(run(spec, CloseKind::LogoutButton, PreClose::Idle).offline_at_end, kSessions);
  EXPECT_EQ(run(spec, CloseKind::TabClose, PreClose::Idle).offline_at_end, 0u);
  SessionSpec v1 = with_strategy(StrategyKind::None);
  EXPECT_EQ(run(v1, CloseKind::LogoutButton, PreClose::Idle).offline_at_end, 0u)
      << "CCPv1 logout keeps the agent Available";
}

TEST(SeedWeaknesses, ABlockedBeaconLeavesTheBackendStrategyWithAGhost) {
  SessionSpec spec = with_strategy(StrategyKind::PutUserStatusBackend);
  ASSERT_FALSE(set_parameter(spec.strategy, "transport", "beacon").has_value());
  spec.env.beacon_blocked_prob = 1;
  const Summary s = run(spec, CloseKind::TabClose, PreClose::Idle);
  EXPECT_EQ(s.backend_notifies_sent, 0u);
  EXPECT_EQ(s.put_user_status_sent, 0u);
  EXPECT_GT(s.ghost_sessions, kSessions * 9 / 10);
}

TEST(SeedWeaknesses, AGhostStopsBeingRoutedAfterItsFirstMissedContact) {
  SessionSpec spec = with_strategy(StrategyKind::None);
  spec.close_kind = CloseKind::TabClose;
  spec.pre_close = PreClose::Idle;
  std::uint64_t ghosts = 0;
  for (std::uint64_t k = 0; k < kSessions; ++k) {
    const Outcome o = run_session(spec, 11, k);
    if (o.ghost_us > 0) ++ghosts;
    // Missed blocks routing until cleared, and a ghost never clears it: one contact at most.
    EXPECT_LE(o.contacts_offered_to_ghost, 1u) << "session " << k;
    EXPECT_EQ(o.contacts_missed_on_ghost, o.contacts_offered_to_ghost) << "session " << k;
  }
  EXPECT_GT(ghosts, kSessions * 9 / 10);
}

TEST(SeedWeaknesses, EveryModelEventOfEveryStrategyIsAccepted) {
  for (StrategyKind k : all_strategy_kinds()) {
    SessionSpec spec;
    spec.strategy = default_config(k);
    MonteCarloOptions o;
    o.seed = 5;
    o.sessions = 5000;
    const Summary s = run_monte_carlo(spec, o);
    EXPECT_EQ(s.unaccepted_events, 0u) << to_string(k);
    EXPECT_EQ(s.budget_exceeded, 0u) << to_string(k);
  }
}

}  // namespace
}  // namespace agentsim::sim
