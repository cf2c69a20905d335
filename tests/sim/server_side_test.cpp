// The server side of a strategy, one agent at a time: the heartbeat sweeper, the event-stream
// sweeper, the missed-contact reactions, and their composition with a page-side strategy. Each
// test pins a claim of docs/strategies.md; bounds are derived from the timers in the comments,
// exact schedules (schedule.h) are used where an order of events matters.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
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
// Sleep or network loss with no return, too: no page event fires and the heartbeats stop.
const CloseKind kSilentCloses[] = {CloseKind::Crash, CloseKind::OsShutdown, CloseKind::MobileKill,
                                   CloseKind::Sleep};

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

// An idle agent's laptop sleeps at t = 0 for `sleep_us` and the agent comes back: last heartbeat
// at 0, sweeper passes at 0, 15, 30 s ..., heartbeats take 60 ms to reach the backend, and the
// agent notices an unwanted Offline 30 s after seeing it. The API answers are the caller's.
Schedule sleep_schedule(std::int64_t sleep_us) {
  Schedule s;
  s.close_kind = CloseKind::Sleep;
  s.pre_close = PreClose::Idle;
  s.sleep_return = true;
  s.sleep_duration_us = sleep_us;
  s.heartbeat_phase_us = 0;
  s.sweep_phase_us = 0;
  s.notify_latency_us = 60'000;
  s.notice_offline_us = 30 * kSecond;
  return s;
}

// A spec for a scheduled session of `strategy` on a custom Streams CCP with no contact arriving.
SessionSpec without_contacts(StrategyConfig strategy) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = strategy;
  spec.env.contact_arrival_rate_per_min = 0;
  return spec;
}

TEST(ServerSide, a_late_Offline_does_not_override_an_agent_who_came_back_and_is_Available_again) {
  // The laptop sleeps at t = 0 (last heartbeat at 0, sweeper passes at 0, 15, 30 s ...). Silent
  // (> 90 s) at the pass of 105 s: the first PutUserStatus(Offline) is throttled (answer at
  // 105.05 s) and the sweeper retries 30 s later, at 135.05 s. The agent is back at 120 s: the page
  // beats at once and the heartbeat reaches the backend at 120.06 s.
  StrategyConfig c = default_config(StrategyKind::HeartbeatSweeper);
  c.sweeper.retry = constant_retry(3, 30000);
  Schedule s = sleep_schedule(120 * kSecond);
  s.api = {ApiStep{50'000, ApiOutcome::Throttled}};  // then: success after 100 ms

  SessionSpec spec = without_contacts(c);
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

TEST(ServerSide, a_retried_Offline_whose_first_attempt_landed_does_not_knock_off_an_agent_who_came_back_and_chose_Available) {
  // The laptop sleeps at t = 0 (last heartbeat at 0, passes at 0, 15, 30 s ...): silent (> 90 s)
  // at the pass of 105 s. The sweeper's first PutUserStatus(Offline) IS applied — but the backend
  // sees a failure: its answer is lost (sent 105 s, applied 105.05 s, failure seen 105.1 s), or the
  // call is slow (5 s) and the sweeper gives up on it after 1 s (sent 105 s, given up 106 s,
  // applied 107.5 s). Either way it retries 60 s later (165.1 s, 166 s). Meanwhile the agent is
  // back at 120 s: the page beats at once (at the backend 120.06 s), the agent sees the Offline
  // and 30 s later, at 150 s, chooses Available again. The retry must not undo that choice.
  struct Case {
    const char* what;
    ApiStep first;
    double per_attempt_timeout_ms;
    std::int64_t offline_applied_us;
    std::int64_t retry_due_us;
  };
  const Case cases[] = {
      {"answer lost", ApiStep{100'000, ApiOutcome::LostResponse}, 0, 105'050'000, 165'100'000},
      {"attempt timed out", ApiStep{5'000'000, ApiOutcome::Success}, 1000, 107'500'000, 166'000'000},
  };
  for (const Case& k : cases) {
    StrategyConfig c = default_config(StrategyKind::HeartbeatSweeper);
    c.sweeper.retry = constant_retry(3, 60000);
    c.sweeper.retry.per_attempt_timeout_ms = k.per_attempt_timeout_ms;
    Schedule s = sleep_schedule(120 * kSecond);
    s.api = {k.first};  // a second attempt, if sent, succeeds after 100 ms
    SessionSpec spec = without_contacts(c);
    ASSERT_TRUE(spec.validate().empty());
    {
      ScheduleDraws draws(s);
      Trace trace;
      const Outcome o = run_session_with(spec, draws, &trace);
      const std::string timeline = format_timeline(trace);
      EXPECT_EQ(testing::times_applied(trace, "PutUserStatus(Offline)", "server"),
                std::vector<std::int64_t>{k.offline_applied_us})
          << k.what << ": the first attempt landed, and only it\n" << timeline;
      EXPECT_EQ(testing::times_applied(trace, "ChooseStatus(Available)", "agent").back(),
                150 * kSecond)
          << k.what << ": the agent came back and chose Available\n" << timeline;
      EXPECT_EQ(o.api_failures_seen, 1u) << k.what << ": the backend saw the first attempt fail";
      EXPECT_EQ(o.put_user_status_sent, 1u) << k.what << ": the re-check stopped the retry\n"
                                            << timeline;
      EXPECT_EQ(o.sweeper_detections, 1u) << k.what;
      EXPECT_EQ(o.ghost_us, k.offline_applied_us) << k.what;
      // Offline on the return (120 s) until they chose Available (150 s), and never after.
      EXPECT_EQ(o.spurious_offline_us, 30 * kSecond) << k.what << "\n" << timeline;
      EXPECT_FALSE(o.offline_at_end) << k.what;
    }
    // Without the re-check the retry goes and sets the agent Offline a second time, after they
    // chose Available: 100 ms after it is due it is applied, and the agent needs another 30 s.
    spec.strategy.sweeper.recheck_before_send = false;
    {
      ScheduleDraws draws(s);
      Trace trace;
      const Outcome o = run_session_with(spec, draws, &trace);
      EXPECT_EQ(testing::times_applied(trace, "PutUserStatus(Offline)", "server"),
                (std::vector<std::int64_t>{k.offline_applied_us, k.retry_due_us + 50'000}))
          << k.what << "\n" << format_timeline(trace);
      EXPECT_EQ(o.put_user_status_sent, 2u) << k.what;
      EXPECT_EQ(o.spurious_offline_us, 60 * kSecond) << k.what;
      EXPECT_FALSE(o.offline_at_end) << k.what;
    }
  }
}

TEST(ServerSide, an_Offline_already_in_flight_when_the_agent_comes_back_still_lands_and_the_agent_must_choose_Available_again) {
  // Asleep at t = 0 (last heartbeat at 0, passes every 15 s from 0): silent at the pass of 105 s,
  // whose PutUserStatus(Offline) reaches the server at 105.05 s. An agent back at 105.02 s is too
  // late: the call is on its way and the backend cannot recall it (their heartbeat reaches the
  // backend only at 105.08 s). The Offline lands on a working agent, who notices it 30 s later.
  Schedule s = sleep_schedule(105'020'000);
  const SessionSpec spec = without_contacts(default_config(StrategyKind::HeartbeatSweeper));
  ASSERT_TRUE(spec.validate().empty());
  ASSERT_TRUE(spec.strategy.sweeper.recheck_before_send);
  {
    ScheduleDraws draws(s);
    Trace trace;
    const Outcome o = run_session_with(spec, draws, &trace);
    EXPECT_EQ(testing::times_applied(trace, "PutUserStatus(Offline)", "server"),
              std::vector<std::int64_t>{105'050'000})
        << format_timeline(trace);
    EXPECT_EQ(o.ghost_us, 105'020'000) << "a ghost until the return";
    EXPECT_EQ(o.put_user_status_sent, 1u);
    EXPECT_TRUE(o.spurious_offline);
    EXPECT_EQ(o.spurious_offline_us, 30 * kSecond) << "from 105.05 s until the agent notices";
    EXPECT_FALSE(o.offline_at_end);
  }
  // Back 0.1 s earlier (104.92 s), the heartbeat reaches the backend at 104.98 s, before the pass:
  // no call is sent at all.
  s.sleep_duration_us = 104'920'000;
  {
    ScheduleDraws draws(s);
    const Outcome o = run_session_with(spec, draws);
    EXPECT_EQ(o.put_user_status_sent, 0u);
    EXPECT_EQ(o.sweeper_detections, 0u);
    EXPECT_FALSE(o.spurious_offline);
    EXPECT_EQ(o.ghost_us, 104'920'000);
  }
}

TEST(ServerSide, the_heartbeat_sweeper_sets_an_agent_whose_laptop_slept_past_the_timeout_Offline_and_they_come_back_to_an_unwanted_Offline) {
  // Sleep or network loss stops the heartbeats exactly like leaving: the sweeper cannot tell an
  // agent who will be back from one who is gone. Asleep at t = 0 with the last heartbeat at
  // -phase, phase in [0, 30 s): silent from 60-90 s, set Offline by the next pass, at most
  // 105.06 s. Back at 120 s, every agent finds themselves Offline and needs the (fixed) 30 s to
  // notice and choose Available again.
  SessionSpec spec = quiet(default_config(StrategyKind::HeartbeatSweeper), CloseKind::Sleep);
  spec.env.sleep_return_prob = 1;
  spec.env.notice_offline_median_ms = spec.env.notice_offline_p99_ms = 30000;
  spec.env.sleep_duration_median_ms = spec.env.sleep_duration_p99_ms = 120000;
  for (const Outcome& o : run_many(spec)) {
    EXPECT_EQ(o.sweeper_detections, 1u);
    EXPECT_EQ(o.put_user_status_sent, 1u);
    EXPECT_GT(o.ghost_us, 60 * kSecond);
    EXPECT_LE(o.ghost_us, 105 * kSecond + 60'000);
    EXPECT_TRUE(o.spurious_offline) << "back at work and Offline";
    EXPECT_EQ(o.spurious_offline_us, 30 * kSecond);
    EXPECT_FALSE(o.offline_at_end);
  }
  // A sleep shorter than timeout - interval - latency (90 - 30 - 0.06 s) is never caught: 50 s.
  spec.env.sleep_duration_median_ms = spec.env.sleep_duration_p99_ms = 50000;
  for (const Outcome& o : run_many(spec)) {
    EXPECT_EQ(o.sweeper_detections, 0u);
    EXPECT_EQ(o.put_user_status_sent, 0u);
    EXPECT_FALSE(o.spurious_offline);
    EXPECT_EQ(o.ghost_us, 50 * kSecond) << "a ghost while asleep, ended by the return";
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

TEST(ServerSide, after_a_logout_the_event_stream_sweeper_clears_the_ghost_only_once_the_stream_stops_up_to_an_hour_later) {
  // CCPv1: Log out leaves the agent Available, a ghost from the teardown (logout, 2 s, then the
  // unload window of a tab closed after a logout, 0-25 ms). The logout is the stream's last record
  // (t = 0); it then publishes a HEART_BEAT every 120 s for up to an hour (uniform on [0, 3600 s]
  // [D 10]), the last at most at 3600 s; silent (> 300 s) 300 s after it, the next pass within
  // 15 s, the call applied 60 ms later. (Fact.HeartBeatRecordsContinueUpToAnHourAfterLogoutNotExactlyAnHour
  // checks the spread.)
  SessionSpec spec = quiet(default_config(StrategyKind::EventStreamSweeper), CloseKind::LogoutButton);
  spec.profile = model::ccp_v1();
  spec.env.horizon_after_close_ms = 2 * 3600000.0;
  for (const Outcome& o : run_many(spec)) {
    EXPECT_FALSE(o.ghost_at_horizon);
    EXPECT_GT(o.ghost_us, 297 * kSecond);
    EXPECT_LE(o.ghost_us, 3915 * kSecond + 60'000 - 2'000'000);
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
  // A tab closed on a call: the seed's setState (no enqueueNextState) is refused, the agent is a
  // ghost once the silent call and its ACW end; the sweeper sets them Offline. (It used to be a
  // tab closed in ACW, where the seed's call is no longer refused [C 35].)
  SessionSpec client = quiet(default_config(StrategyKind::BeforeunloadSetstate), CloseKind::TabClose);
  client.pre_close = PreClose::OnCall;
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

TEST(ServerSide, beforeunload_retry_without_enqueue_next_state_is_refused_on_every_attempt_on_a_call_and_only_a_server_side_clears_the_ghost) {
  // A tab closed at t = 0 on a call; an unload window of 1 s; every call is answered after 100 ms (at
  // the server after 50 ms). The retry policy the strategy had by default before the unload window
  // was measured (unjittered here; the new default fits a navigation's window, not a 1 s one): attempts at 0, 0.2 and
  // 0.5 s, each refused because the agent handles a live contact and the seed's setState passes
  // no enqueueNextState; all three refusals are seen before the teardown. The call survives the
  // page [C 52]: silent, it ends when the customer hangs up (20 s after the teardown, at 21 s);
  // ACW (60 s) ends at 81 s, and the agent is Available with no page: a ghost.
  // (In ACW the same setState is not refused since the Corrected 2026-12 rule [C 35]: it closes
  // the contact — Fact.SetStateDuringAfterContactWorkIsNotRefusedItClosesTheContact.)
  Schedule s;
  s.close_kind = CloseKind::TabClose;
  s.pre_close = PreClose::OnCall;
  s.unload_window_us = kSecond;
  s.silent_hangup_us = 20 * kSecond;
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry = RetryPolicy{3, Backoff::Exponential, 100, 400, Jitter::Full, 300, 900};
  ASSERT_FALSE(spec.strategy.enqueue_next_state);
  ASSERT_TRUE(spec.validate().empty());
  {
    ScheduleDraws draws(s);
    Trace trace;
    const Outcome o = run_session_with(spec, draws, &trace);
    EXPECT_EQ(o.setstate_sent, 3u) << format_timeline(trace);
    EXPECT_EQ(o.api_failures_seen, 3u);
    EXPECT_TRUE(testing::times_applied(trace, "SetStateApi(Offline)", "server").empty());
    EXPECT_FALSE(o.offline_at_end);
    EXPECT_TRUE(o.ghost_at_horizon);
    EXPECT_EQ(o.ghost_us, kHorizonUs - 81 * kSecond);
  }
  // With enqueueNextState the first attempt is accepted and the agent ends Offline, no ghost.
  spec.strategy.enqueue_next_state = true;
  {
    ScheduleDraws draws(s);
    const Outcome o = run_session_with(spec, draws);
    EXPECT_EQ(o.setstate_sent, 1u);
    EXPECT_TRUE(o.offline_at_end);
    EXPECT_EQ(o.ghost_us, 0);
  }
  // Without it, a heartbeat sweeper beside it clears the ghost: the page's heartbeats stop at the
  // teardown (1 s; the last one reached the backend at 0), silent past 90 s, Offline at the pass
  // of 105 s (applied 105.05 s) — the ghost from the end of ACW at 81 s.
  spec.strategy.enqueue_next_state = false;
  spec.strategy.server = ServerSide::HeartbeatSweeper;
  ASSERT_TRUE(spec.validate().empty());
  {
    ScheduleDraws draws(s);
    const Outcome o = run_session_with(spec, draws);
    EXPECT_EQ(o.setstate_sent, 3u);
    EXPECT_EQ(o.put_user_status_sent, 1u);
    EXPECT_FALSE(o.ghost_at_horizon);
    EXPECT_TRUE(o.offline_at_end);
    EXPECT_EQ(o.ghost_us, 105'050'000 - 81 * kSecond);
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
  s.unload_window_us = kSecond;
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

TEST(ServerSide, set_offline_sets_a_working_agent_Offline_after_a_single_missed_ring) {
  // The agent keeps working (one of two CCP tabs closed at t = 0, the other stays) and steps away
  // from the desk for a moment: the contact offered at 30 s is answered only after 25 s, so it
  // rings out (20 s) at 50 s. One missed ring is enough: at 52 s the backend's PutUserStatus
  // (Offline) is applied (52.05 s) to an agent who is still at work, Offline until they notice it
  // 30 s later. (A working agent's session stops once it has settled; the heartbeat sweeper beside
  // the reaction, which leaves a working agent alone with its 90 s timeout, keeps the session
  // watched for 150 s.)
  Schedule s;
  s.close_kind = CloseKind::OneOfTwoTabs;
  s.pre_close = PreClose::Idle;
  s.contact_gaps_us = {30 * kSecond};
  s.answer_delay_us = 25 * kSecond;
  s.notice_offline_us = 30 * kSecond;
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = with_server(StrategyKind::None, ServerSide::HeartbeatSweeper);
  spec.strategy.missed_contact = MissedReaction::SetOffline;
  ASSERT_TRUE(spec.validate().empty());
  {
    ScheduleDraws draws(s);
    Trace trace;
    const Outcome o = run_session_with(spec, draws, &trace);
    EXPECT_FALSE(o.agent_left);
    EXPECT_EQ(o.contacts_offered_to_ghost, 0u) << "the agent was there all along";
    EXPECT_EQ(testing::times_applied(trace, "PutUserStatus(Offline)", "server"),
              std::vector<std::int64_t>{52'050'000})
        << format_timeline(trace);
    EXPECT_EQ(o.sweeper_detections, 0u) << "the Offline is the reaction's, not the sweeper's";
    EXPECT_EQ(o.put_user_status_sent, 1u);
    EXPECT_TRUE(o.spurious_offline);
    EXPECT_EQ(o.spurious_offline_us, 30 * kSecond);
    EXPECT_EQ(testing::times_applied(trace, "ChooseStatus(Available)", "agent").back(),
              82'050'000)
        << "the agent noticed and chose Available again";
    EXPECT_FALSE(o.offline_at_end);
  }
  // Without the reaction the same missed ring sets nobody Offline.
  spec.strategy.missed_contact = MissedReaction::None;
  {
    ScheduleDraws draws(s);
    Trace trace;
    const Outcome o = run_session_with(spec, draws, &trace);
    EXPECT_EQ(o.put_user_status_sent, 0u);
    EXPECT_FALSE(o.spurious_offline);
    EXPECT_FALSE(o.offline_at_end);
    EXPECT_EQ(testing::times_applied(trace, "ClearContact", "agent"),
              std::vector<std::int64_t>{55 * kSecond})
        << "the agent clears the missed contact 5 s after it, and is routable again\n"
        << format_timeline(trace);
  }
}

}  // namespace
}  // namespace agentsim::sim
