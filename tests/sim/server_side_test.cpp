// The server side of a strategy, one agent at a time: the heartbeat sweeper, the event-stream
// sweeper, the missed-contact reactions, and their composition with a page-side strategy. Each
// test pins a claim of docs/strategies.md; bounds are derived from the timers in the comments,
// exact schedules (schedule.h) are used where an order of events matters.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "agentsim/sim/schedule.h"
#include "agentsim/sim/session.h"
#include "sim_fixtures.h"

namespace agentsim::sim {
namespace {

using testing::constant_retry;

constexpr std::uint64_t kSeed = 17;
constexpr std::uint64_t kSessions = 100;
constexpr std::int64_t kSecond = 1'000'000;
constexpr std::int64_t kHorizonUs = 3600 * kSecond;  // horizon_after_close_ms default

// An agent who is idle at the close, leaves in the given way and does not come back, with no
// contact arriving (so that no missed contact ends a ghost), APIs that never fail and a
// PutUserStatus that takes exactly 120 ms (it reaches the server after 60 ms).
SessionSpec quiet(StrategyConfig strategy, CloseKind close) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = strategy;
  spec.close_kind = close;
  spec.pre_close = PreClose::Idle;
  EnvironmentParams& e = spec.env;
  e.contact_arrival_rate_per_min = 0;
  e.crash_reopen_prob = 0;
  e.sleep_return_prob = 0;
  e.api_5xx_prob = e.api_429_prob = e.api_timeout_prob = e.api_lost_response_prob = 0;
  e.put_user_status_latency_median_ms = e.put_user_status_latency_p99_ms = 120;
  return spec;
}

StrategyConfig with_server(StrategyKind kind, ServerSide server) {
  StrategyConfig c = default_config(kind);
  c.server = server;
  return c;
}

std::vector<Outcome> run_many(const SessionSpec& spec, std::uint64_t sessions = kSessions) {
  EXPECT_TRUE(spec.validate().empty()) << spec.strategy.label();
  std::vector<Outcome> out;
  SessionRunner runner(spec);
  for (std::uint64_t k = 0; k < sessions; ++k) out.push_back(runner.run(kSeed, k));
  return out;
}

// Every strategy without a server side.
const StrategyKind kClientOnly[] = {StrategyKind::None,
                                    StrategyKind::CcpV2Logout,
                                    StrategyKind::BeforeunloadSetstate,
                                    StrategyKind::BeforeunloadRetry,
                                    StrategyKind::BeforeunloadConfirm,
                                    StrategyKind::PutUserStatusBackend};
const CloseKind kSilentCloses[] = {CloseKind::Crash, CloseKind::OsShutdown, CloseKind::MobileKill};

// ---- the heartbeat sweeper ---------------------------------------------------------------------

TEST(ServerSide, the_heartbeat_sweeper_clears_crash_kill_and_OS_shutdown_ghosts_that_every_page_side_strategy_leaves) {
  // The ghost starts at the close (t = 0). The page's last heartbeat reached the backend at
  // -phase, phase in [0, 30 s): the agent is silent (> 90 s) from some time in (60 s, 90 s]; the
  // sweeper's next pass comes within 15 s; its PutUserStatus(Offline) goes at once (pacer and
  // bucket full) and reaches the server 60 ms later. So 60 s < ghost <= 90 + 15 + 0.06 s.
  constexpr std::int64_t kMin = 60 * kSecond;
  constexpr std::int64_t kMax = 105 * kSecond + 60'000;
  for (CloseKind close : kSilentCloses) {
    for (StrategyKind kind : kClientOnly) {
      for (const Outcome& o : run_many(quiet(default_config(kind), close))) {
        EXPECT_TRUE(o.ghost_at_horizon) << to_string(kind) << " " << to_string(close);
        EXPECT_EQ(o.ghost_us, kHorizonUs) << to_string(kind) << " " << to_string(close);
      }
      const StrategyConfig composed = with_server(kind, ServerSide::HeartbeatSweeper);
      for (const Outcome& o : run_many(quiet(composed, close))) {
        EXPECT_FALSE(o.ghost_at_horizon) << composed.label() << " " << to_string(close);
        EXPECT_GT(o.ghost_us, kMin) << composed.label() << " " << to_string(close);
        EXPECT_LE(o.ghost_us, kMax) << composed.label() << " " << to_string(close);
        EXPECT_TRUE(o.offline_at_end) << composed.label() << " " << to_string(close);
        EXPECT_EQ(o.sweeper_detections, 1u) << composed.label() << " " << to_string(close);
      }
    }
    for (const Outcome& o : run_many(quiet(default_config(StrategyKind::HeartbeatSweeper), close))) {
      EXPECT_FALSE(o.ghost_at_horizon) << to_string(close);
      EXPECT_GT(o.ghost_us, kMin) << to_string(close);
      EXPECT_LE(o.ghost_us, kMax) << to_string(close);
      EXPECT_EQ(o.put_user_status_sent, 1u) << to_string(close);
      EXPECT_EQ(o.setstate_sent, 0u) << "heartbeat_sweeper runs no page code on close";
    }
  }
}

TEST(ServerSide, a_contact_routed_before_the_heartbeat_sweeper_acts_still_rings_on_the_ghost) {
  // A crash at t = 0 with the last heartbeat at 0: silent from 90 s, set Offline at the pass of
  // 105 s. A contact offered at 40 s rings its full 20 s on the ghost meanwhile.
  Schedule s;
  s.close_kind = CloseKind::Crash;
  s.pre_close = PreClose::Idle;
  s.contact_gaps_us = {40 * kSecond};
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::HeartbeatSweeper);
  ASSERT_TRUE(spec.validate().empty());
  ScheduleDraws draws(s);
  const Outcome o = run_session_with(spec, draws);
  EXPECT_EQ(o.contacts_offered_to_ghost, 1u);
  EXPECT_EQ(o.customer_wait_added_us, 20 * kSecond);
  EXPECT_EQ(o.ghost_us, 40 * kSecond) << "routable while away until the contact is offered";
  EXPECT_EQ(o.put_user_status_sent, 1u);
  EXPECT_TRUE(o.offline_at_end);
}

TEST(ServerSide, a_sweeper_with_a_timeout_below_the_heartbeat_interval_sets_working_agents_Offline) {
  // Reloading, or closing one of two CCP tabs, the agent keeps working and the page (or the other
  // tab) keeps beating every 30 s. A 10 s timeout leaves a silent window of ~20 s in every 30 s,
  // longer than the 15 s sweep period: some pass always falls in it.
  for (CloseKind close : {CloseKind::OneOfTwoTabs, CloseKind::Reload}) {
    StrategyConfig c = default_config(StrategyKind::HeartbeatSweeper);
    c.sweeper.silence_timeout_ms = 10000;
    for (const Outcome& o : run_many(quiet(c, close))) {
      EXPECT_FALSE(o.agent_left);
      EXPECT_TRUE(o.spurious_offline) << to_string(close);
      EXPECT_GE(o.sweeper_detections, 1u) << to_string(close);
    }
    // The default 90 s is three heartbeat intervals: a working agent is never silent that long.
    for (const Outcome& o : run_many(quiet(default_config(StrategyKind::HeartbeatSweeper), close))) {
      EXPECT_FALSE(o.spurious_offline) << to_string(close);
      EXPECT_EQ(o.put_user_status_sent, 0u) << to_string(close);
    }
  }
}

TEST(ServerSide, a_late_Offline_does_not_override_an_agent_who_came_back_and_is_Available_again) {
  // The laptop sleeps at t = 0 (last heartbeat at 0, sweeper passes at 0, 15, 30 s ...). Silent
  // (> 90 s) at the pass of 105 s: the first PutUserStatus(Offline) is throttled (answer at
  // 105.05 s) and the sweeper retries 30 s later, at 135.05 s. The agent is back at 120 s: the page
  // beats at once and the heartbeat reaches the backend at 120.06 s.
  StrategyConfig c = default_config(StrategyKind::HeartbeatSweeper);
  c.sweeper.retry = constant_retry(3, 30000);
  Schedule s;
  s.close_kind = CloseKind::Sleep;
  s.pre_close = PreClose::Idle;
  s.sleep_return = true;
  s.sleep_duration_us = 120 * kSecond;
  s.heartbeat_phase_us = 0;
  s.sweep_phase_us = 0;
  s.notify_latency_us = 60'000;
  s.api = {ApiStep{50'000, ApiOutcome::Throttled}};  // then: success after 100 ms
  s.notice_offline_us = 30 * kSecond;

  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = c;
  spec.env.contact_arrival_rate_per_min = 0;
  ASSERT_TRUE(spec.validate().empty());
  {
    ScheduleDraws draws(s);
    const Outcome o = run_session_with(spec, draws);
    EXPECT_EQ(o.ghost_us, 120 * kSecond) << "a ghost while asleep, until the agent came back";
    EXPECT_EQ(o.sweeper_detections, 1u);
    EXPECT_EQ(o.put_user_status_sent, 1u) << "the retry re-checked the silence and was not sent";
    EXPECT_FALSE(o.spurious_offline);
    EXPECT_FALSE(o.offline_at_end);
  }
  // Without the re-check the retry goes and knocks the working agent off until they notice (30 s).
  spec.strategy.sweeper.recheck_before_send = false;
  {
    ScheduleDraws draws(s);
    const Outcome o = run_session_with(spec, draws);
    EXPECT_EQ(o.ghost_us, 120 * kSecond);
    EXPECT_EQ(o.put_user_status_sent, 2u);
    EXPECT_TRUE(o.spurious_offline);
    EXPECT_EQ(o.spurious_offline_us, 30 * kSecond) << "from 135.1 s until the agent notices";
  }
}

// ---- the event-stream sweeper --------------------------------------------------------------------

TEST(ServerSide, a_closed_CCP_stays_a_ghost_under_the_event_stream_sweeper_because_the_stream_keeps_publishing) {
  // Closing the CCP is not a logout: the platform keeps publishing HEART_BEAT every 120 s, so the
  // stream is never silent for the default 300 s.
  for (CloseKind close : {CloseKind::TabClose, CloseKind::Crash, CloseKind::OsShutdown}) {
    for (const Outcome& o : run_many(quiet(default_config(StrategyKind::EventStreamSweeper), close))) {
      EXPECT_TRUE(o.ghost_at_horizon) << to_string(close);
      EXPECT_EQ(o.sweeper_detections, 0u) << to_string(close);
      EXPECT_EQ(o.put_user_status_sent, 0u) << to_string(close);
    }
  }
}

TEST(ServerSide, an_event_stream_sweeper_with_a_timeout_below_its_120_s_heartbeat_sets_idle_working_agents_Offline) {
  // An idle agent publishes nothing but a HEART_BEAT every 120 s: with a 60 s timeout the stream
  // is "silent" for 60 s of every 120, four sweep periods long.
  for (CloseKind close : {CloseKind::OneOfTwoTabs, CloseKind::Reload}) {
    StrategyConfig c = default_config(StrategyKind::EventStreamSweeper);
    c.sweeper.silence_timeout_ms = 60000;
    for (const Outcome& o : run_many(quiet(c, close))) {
      EXPECT_TRUE(o.spurious_offline) << to_string(close);
    }
    for (const Outcome& o : run_many(quiet(default_config(StrategyKind::EventStreamSweeper), close))) {
      EXPECT_FALSE(o.spurious_offline) << to_string(close);
    }
  }
}

TEST(ServerSide, after_a_logout_the_event_stream_sweeper_clears_the_ghost_only_once_the_stream_stops_an_hour_later) {
  // CCPv1: Log out leaves the agent Available, a ghost from the teardown (logout, 2 s, then an
  // unload budget of 0.5-1 s). The logout is the stream's last record (t = 0); it then publishes a
  // HEART_BEAT every 120 s for an hour, the last at 3600 s; silent (> 300 s) from 3900 s, the next
  // pass within 15 s, the call applied 60 ms later.
  SessionSpec spec = quiet(default_config(StrategyKind::EventStreamSweeper), CloseKind::LogoutButton);
  spec.profile = model::ccp_v1();
  spec.env.horizon_after_close_ms = 2 * 3600000.0;
  for (const Outcome& o : run_many(spec)) {
    EXPECT_FALSE(o.ghost_at_horizon);
    EXPECT_GT(o.ghost_us, 3897 * kSecond);
    EXPECT_LE(o.ghost_us, 3915 * kSecond + 60'000 - 2'500'000);
    EXPECT_TRUE(o.offline_at_end);
  }
}

TEST(ServerSide, the_event_stream_sweeper_keeps_watching_an_agent_who_came_back) {
  // Asleep at t = 0 (the stream's last record then; passes at 0, 15, 30 s ...): with a 60 s
  // timeout the sweeper sets the agent Offline at the pass of 75 s. Back at 600 s, the agent
  // notices the Offline 30 s later and chooses Available (a record at 630 s); an idle agent's
  // stream is silent again (> 60 s) at the pass of 705 s, and the sweeper must see it.
  StrategyConfig c = default_config(StrategyKind::EventStreamSweeper);
  c.sweeper.silence_timeout_ms = 60000;
  Schedule s;
  s.close_kind = CloseKind::Sleep;
  s.pre_close = PreClose::Idle;
  s.sleep_return = true;
  s.sleep_duration_us = 600 * kSecond;
  s.notice_offline_us = 30 * kSecond;
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = c;
  ASSERT_TRUE(spec.validate().empty());
  ScheduleDraws draws(s);
  const Outcome o = run_session_with(spec, draws);
  EXPECT_EQ(o.ghost_us, 75 * kSecond + 50'000);
  // Then every 105 s (Offline at t + 0.05 s, Available at t + 30.05 s, silent past t + 90.05 s,
  // the pass at t + 105 s): 705, 810, ... 3540 s before the one-hour horizon — 28 passes after the
  // return, 29 in all.
  EXPECT_EQ(o.sweeper_detections, 29u) << "the sweeper must watch the agent after the return";
}

// ---- composition ----------------------------------------------------------------------------------

TEST(ServerSide, beforeunload_setstate_with_a_heartbeat_sweeper_counts_both_sides_calls_and_clears_what_the_client_leaves) {
  // A tab closed in after-contact work: the seed's setState (no enqueueNextState) is refused, the
  // agent is a ghost once ACW ends; the sweeper sets them Offline.
  SessionSpec client = quiet(default_config(StrategyKind::BeforeunloadSetstate), CloseKind::TabClose);
  client.pre_close = PreClose::Acw;
  for (const Outcome& o : run_many(client)) {
    EXPECT_EQ(o.setstate_sent, 1u);
    EXPECT_EQ(o.put_user_status_sent, 0u);
    EXPECT_TRUE(o.ghost_at_horizon);
  }
  SessionSpec composed = client;
  composed.strategy.server = ServerSide::HeartbeatSweeper;
  for (const Outcome& o : run_many(composed)) {
    EXPECT_EQ(o.setstate_sent, 1u);
    EXPECT_EQ(o.put_user_status_sent, 1u);
    EXPECT_FALSE(o.ghost_at_horizon);
    EXPECT_TRUE(o.offline_at_end);
  }
  // And the crash ghost, where the client side sends nothing at all.
  composed.close_kind = CloseKind::Crash;
  composed.pre_close = PreClose::Idle;
  for (const Outcome& o : run_many(composed)) {
    EXPECT_EQ(o.setstate_sent, 0u);
    EXPECT_EQ(o.put_user_status_sent, 1u);
    EXPECT_FALSE(o.ghost_at_horizon);
  }
}

// ---- missed-contact reactions ------------------------------------------------------------------------

// A tab closed while idle (teardown at 1 s); contacts are offered after each gap while the agent
// is routable (the first gap starts at t = 0, before the close); every API call succeeds after
// 100 ms (it reaches the server after 50 ms); the backend reacts 2 s after a missed contact.
Outcome run_missed(MissedReaction reaction, std::vector<std::int64_t> gaps) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::None);
  spec.strategy.missed_contact = reaction;
  EXPECT_TRUE(spec.validate().empty());
  Schedule s;
  s.close_kind = CloseKind::TabClose;
  s.pre_close = PreClose::Idle;
  s.unload_budget_us = kSecond;
  s.contact_gaps_us = std::move(gaps);
  ScheduleDraws draws(s);
  return run_session_with(spec, draws);
}

TEST(ServerSide, the_auto_Available_after_missed_anti_pattern_keeps_a_ghost_ringing_contacts_out) {
  const std::vector<std::int64_t> gaps(10, 30 * kSecond);
  // No reaction: the ghost (routable while away) lasts from the teardown at 1 s until the first
  // contact is offered at 30 s; it rings out at 50 s, and Missed is not routable: the ghost ends.
  const Outcome none = run_missed(MissedReaction::None, gaps);
  EXPECT_EQ(none.contacts_offered_to_ghost, 1u);
  EXPECT_EQ(none.ghost_us, 29 * kSecond);
  EXPECT_FALSE(none.ghost_at_horizon);
  EXPECT_FALSE(none.offline_at_end);
  // set_offline: the same single missed contact, and the agent ends Offline (from 52.05 s).
  const Outcome off = run_missed(MissedReaction::SetOffline, gaps);
  EXPECT_EQ(off.contacts_offered_to_ghost, 1u);
  EXPECT_EQ(off.ghost_us, 29 * kSecond);
  EXPECT_FALSE(off.ghost_at_horizon);
  EXPECT_TRUE(off.offline_at_end);
  EXPECT_EQ(off.put_user_status_sent, 1u);
  // auto_available: each missed contact makes the ghost routable again, so every contact of the
  // schedule rings the full 20 s on it, and it is still a ghost at the horizon. Routable from
  // 1 s to 30 s, then from each reaction (52.05 s, ...) until the next offer 30 s later, and
  // after the tenth from 52.05 + 9 x 52.05 s = 520.5 s to the horizon.
  const Outcome anti = run_missed(MissedReaction::AutoAvailable, gaps);
  EXPECT_EQ(anti.ghost_us, 29 * kSecond + 9 * 30 * kSecond + (kHorizonUs - 520'500'000));
  EXPECT_EQ(anti.contacts_offered_to_ghost, 10u);
  EXPECT_EQ(anti.contacts_missed_on_ghost, 10u);
  EXPECT_EQ(anti.customer_wait_added_us, 10 * 20 * kSecond);
  EXPECT_EQ(anti.put_user_status_sent, 10u);
  EXPECT_TRUE(anti.ghost_at_horizon);
  EXPECT_FALSE(anti.offline_at_end);
}

TEST(ServerSide, dismiss_then_offline_takes_two_calls_and_leaves_a_routable_window_between_them) {
  // A ghost from 1 s until the contact is offered at 30 s; missed at 50 s; at 52 s
  // DismissUserContact (applied at 52.05 s: the agent is routable again), its answer at 52.1 s,
  // then PutUserStatus(Offline), applied at 52.15 s: a second, 100 ms ghost window.
  const Outcome o = run_missed(MissedReaction::DismissThenOffline, {30 * kSecond});
  EXPECT_EQ(o.dismiss_sent, 1u);
  EXPECT_EQ(o.put_user_status_sent, 1u);
  EXPECT_EQ(o.ghost_us, 29 * kSecond + 100'000);
  EXPECT_TRUE(o.offline_at_end);
  EXPECT_EQ(o.contacts_offered_to_ghost, 1u);
  // A contact routed 20 ms into that window rings on the ghost.
  const Outcome hit = run_missed(MissedReaction::DismissThenOffline, {30 * kSecond, 20'000});
  EXPECT_EQ(hit.contacts_offered_to_ghost, 2u);
  EXPECT_EQ(hit.contacts_missed_on_ghost, 2u);
}

}  // namespace
}  // namespace agentsim::sim
