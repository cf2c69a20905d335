// Facts of the fact sheet (shared/domain/amazon-connect.md, "Corrected 2026-12") that the
// simulator implements around the model: a call survives the page, a status change in ACW closes
// the contact, HEART_BEATs go on *up to* an hour after a logout, sessions expire, and a Streams
// cancel of a next status is unreliable. Each test is named as the fact's sentence; exact
// schedules (schedule.h) pin the times, statistical tests use fixed seeds and tolerances from a
// confidence interval.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/sim/center.h"
#include "agentsim/sim/schedule.h"
#include "agentsim/sim/session.h"
#include "sim_fixtures.h"

namespace agentsim::sim {
namespace {

using testing::times_applied;

constexpr std::int64_t kSecond = 1'000'000;
constexpr std::int64_t kHorizonUs = 3600 * kSecond;  // horizon_after_close_ms default

// No strategy, a custom Streams CCP, the given close and pre-close state; every API succeeds.
SessionSpec plain(CloseKind close, PreClose pre) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::None);
  spec.close_kind = close;
  spec.pre_close = pre;
  EnvironmentParams& e = spec.env;
  e.contact_arrival_rate_per_min = 0;
  e.crash_reopen_prob = 0;
  e.sleep_return_prob = 0;
  e.api_5xx_prob = e.api_429_prob = e.api_timeout_prob = e.api_lost_response_prob = 0;
  return spec;
}

Schedule on_call_schedule(CloseKind close, PreClose pre) {
  Schedule s;
  s.close_kind = close;
  s.pre_close = pre;
  s.unload_window_us = kSecond;      // teardown at 1 s
  s.talk_time_us = 240 * kSecond;    // the call would go on for 4 minutes
  s.silent_hangup_us = 20 * kSecond; // the customer hears nothing and hangs up 20 s later
  return s;
}

// ---- item 2: the call survives the page ----------------------------------------------------------

TEST(Fact, ClosingThePageDuringAVoiceCallDoesNotEndTheContact) {
  // A tab closed (teardown at 1 s) or a crash (all pages gone at 0) during a connected or held
  // call: the contact stays connected, silent, until the customer hangs up 20 s later; then ACW
  // (60 s by default) and, the agent gone, a ghost until the horizon.
  for (PreClose pre : {PreClose::OnCall, PreClose::OnHold}) {
    for (CloseKind close : {CloseKind::TabClose, CloseKind::Crash}) {
      const SessionSpec spec = plain(close, pre);
      ASSERT_TRUE(spec.validate().empty());
      const Schedule s = on_call_schedule(close, pre);
      const std::int64_t gone = close == CloseKind::TabClose ? kSecond : 0;
      ScheduleDraws draws(s);
      Trace trace;
      const Outcome o = run_session_with(spec, draws, &trace);
      EXPECT_EQ(times_applied(trace, "ContactEnded", "customer"),
                std::vector<std::int64_t>{gone + 20 * kSecond})
          << to_string(pre) << " " << to_string(close) << "\n" << format_timeline(trace);
      EXPECT_EQ(times_applied(trace, "AcwTimeout", "platform"),
                std::vector<std::int64_t>{gone + 80 * kSecond});
      EXPECT_EQ(o.ghost_us, kHorizonUs - (gone + 80 * kSecond));
      EXPECT_EQ(o.silent_call_us, 20 * kSecond) << "the customer's time connected to silence";
    }
  }
}

TEST(Fact, ASilentCallEndsAtItsRemainingTalkTimeWhenThatComesBeforeTheCustomerHangsUp) {
  const SessionSpec spec = plain(CloseKind::TabClose, PreClose::OnCall);
  Schedule s = on_call_schedule(CloseKind::TabClose, PreClose::OnCall);
  s.talk_time_us = 10 * kSecond;
  ScheduleDraws draws(s);
  Trace trace;
  const Outcome o = run_session_with(spec, draws, &trace);
  EXPECT_EQ(times_applied(trace, "ContactEnded", "customer"), std::vector<std::int64_t>{10 * kSecond});
  EXPECT_EQ(o.silent_call_us, 9 * kSecond) << "from the teardown at 1 s to the end of the talk";
}

// When the simulator sees the last page go during a call (the customer's hang-up is then drawn).
std::vector<std::int64_t> silent_call_times(const Trace& trace) {
  std::vector<std::int64_t> out;
  for (const TraceEntry& e : trace.entries) {
    if (e.source == "env" && e.text.rfind("the last CCP page is gone during the call", 0) == 0) {
      out.push_back(e.time_us);
    }
  }
  return out;
}

TEST(Fact, ReloadingThePageDuringAVoiceCallKeepsTheContactButSilencesIt) {
  // The reload's teardown at 1 s removes the last page: the call stays connected (the page is back
  // at 4 s and the agent works on: the session settles there), but its audio is gone, so its end
  // is the customer's hang-up (drawn at 1 s), not the talk time.
  const SessionSpec spec = plain(CloseKind::Reload, PreClose::OnCall);
  const Schedule s = on_call_schedule(CloseKind::Reload, PreClose::OnCall);
  ScheduleDraws draws(s);
  Trace trace;
  const Outcome o = run_session_with(spec, draws, &trace);
  EXPECT_EQ(silent_call_times(trace), std::vector<std::int64_t>{kSecond}) << format_timeline(trace);
  EXPECT_TRUE(times_applied(trace, "PageDestroyed", "browser").size() == 1u);
  EXPECT_TRUE(times_applied(trace, "ContactEnded", "customer").empty()) << "not at the teardown";
  EXPECT_EQ(o.ghost_us, 0);
  EXPECT_EQ(o.silent_call_us, 20 * kSecond) << "counted although the session settles first";
}

TEST(Fact, ClosingOneOfTwoTabsDuringAVoiceCallKeepsTheCall) {
  // The other tab is still open: the last page did not go, nothing is silenced.
  const SessionSpec spec = plain(CloseKind::OneOfTwoTabs, PreClose::OnCall);
  const Schedule s = on_call_schedule(CloseKind::OneOfTwoTabs, PreClose::OnCall);
  ScheduleDraws draws(s);
  Trace trace;
  run_session_with(spec, draws, &trace);
  EXPECT_EQ(times_applied(trace, "PageDestroyed", "browser").size(), 1u) << format_timeline(trace);
  EXPECT_TRUE(silent_call_times(trace).empty());
  EXPECT_TRUE(times_applied(trace, "ContactEnded", "customer").empty());
}

TEST(Fact, TheOldRuleThatThePageCarriesTheAgentLegAwayIsANamedNonDefaultAssumption) {
  // page_close_ends_voice_contact on: the teardown at 1 s moves the call to ACW at once; no
  // customer hangs up; the ghost starts when ACW ends at 61 s.
  SessionSpec spec = plain(CloseKind::TabClose, PreClose::OnCall);
  EXPECT_FALSE(spec.profile.page_close_ends_voice_contact);
  spec.profile.page_close_ends_voice_contact = true;
  const Schedule s = on_call_schedule(CloseKind::TabClose, PreClose::OnCall);
  ScheduleDraws draws(s);
  Trace trace;
  const Outcome o = run_session_with(spec, draws, &trace);
  EXPECT_TRUE(times_applied(trace, "ContactEnded", "customer").empty()) << format_timeline(trace);
  EXPECT_EQ(o.ghost_us, kHorizonUs - 61 * kSecond);
  EXPECT_EQ(o.silent_call_us, 0);
}

// ---- item 3: setState in ACW ------------------------------------------------------------------------

TEST(Fact, SetStateDuringAfterContactWorkIsNotRefusedItClosesTheContact) {
  // The seed's beforeunload setState(Offline), without enqueueNextState, from a tab closed in ACW:
  // it reaches the server at 50 ms, closes the contact and sets Offline — no ghost. Under the old
  // assumption (refused in ACW) the agent is a ghost from the end of ACW (30 s left) on.
  SessionSpec spec = plain(CloseKind::TabClose, PreClose::Acw);
  spec.strategy = default_config(StrategyKind::BeforeunloadSetstate);
  ASSERT_TRUE(spec.validate().empty());
  Schedule s;
  s.close_kind = CloseKind::TabClose;
  s.pre_close = PreClose::Acw;
  s.acw_remaining_us = 30 * kSecond;
  s.unload_window_us = kSecond;
  {
    ScheduleDraws draws(s);
    Trace trace;
    const Outcome o = run_session_with(spec, draws, &trace);
    EXPECT_EQ(times_applied(trace, "SetStateApi(Offline)", "server"), std::vector<std::int64_t>{50'000})
        << format_timeline(trace);
    EXPECT_TRUE(o.offline_at_end);
    EXPECT_EQ(o.ghost_us, 0);
  }
  spec.profile.setstate_rejected_in_acw = true;
  {
    ScheduleDraws draws(s);
    const Outcome o = run_session_with(spec, draws);
    EXPECT_FALSE(o.offline_at_end);
    EXPECT_EQ(o.ghost_us, kHorizonUs - 30 * kSecond);
  }
}

// ---- item 5: HEART_BEAT after logout ----------------------------------------------------------------

// CCPv1: Log out (t = 0, the stream's last record) leaves the agent Available; the tab closes 2 s
// later and is torn down within the unload budget (0.5-1 s): a ghost from then. The stream
// publishes a HEART_BEAT every 120 s for A after the logout; the sweeper sees silence (> 300 s)
// 300 s after the last one, acts at its next pass (within 15 s), and the Offline lands 60 ms later.
SessionSpec logout_spec() {
  SessionSpec spec = plain(CloseKind::LogoutButton, PreClose::Idle);
  spec.profile = model::ccp_v1();
  spec.strategy = default_config(StrategyKind::EventStreamSweeper);
  spec.env.put_user_status_latency_median_ms = spec.env.put_user_status_latency_p99_ms = 120;
  spec.env.horizon_after_close_ms = 2 * 3600000.0;
  return spec;
}

TEST(Fact, HeartBeatRecordsContinueUpToAnHourAfterLogoutNotExactlyAnHour) {
  // A uniform on [0, 3600 s]: the last HEART_BEAT at 120 * floor(A / 120), whose mean is
  // 120 * 14.5 = 1740 s and standard deviation 120 * sqrt((30^2 - 1) / 12) = 1038.6 s. The ghost
  // is last beat + 300 s + pass (mean 7.5 s) + 0.06 s - teardown (mean 2.75 s): mean 2044.8 s.
  // With exactly an hour (the old rule) every ghost would be about 3897-3913 s.
  const SessionSpec spec = logout_spec();
  ASSERT_TRUE(spec.validate().empty());
  SessionRunner runner(spec);
  constexpr int kN = 400;
  double sum = 0;
  int early = 0;
  for (int k = 0; k < kN; ++k) {
    const Outcome o = runner.run(23, static_cast<std::uint64_t>(k));
    ASSERT_FALSE(o.ghost_at_horizon);
    const double ghost_s = static_cast<double>(o.ghost_us) / kSecond;
    sum += ghost_s;
    if (ghost_s < 1800) ++early;
  }
  const double mean = sum / kN;
  const double sd = 120 * std::sqrt((30.0 * 30.0 - 1) / 12);
  const double tolerance = 4.5 * sd / std::sqrt(static_cast<double>(kN));  // p ~ 7e-6 two-sided
  EXPECT_NEAR(mean, 2044.8, tolerance);
  EXPECT_GT(early, kN / 4) << "HEART_BEATs end before the hour in about half the logouts";
}

TEST(Fact, NoHeartBeatIsPublishedLaterThanTheMaximumAfterLogout) {
  // Random draws with a 30-minute maximum: every ghost ends by 1800 + 300 + 15 + 0.06 - 2.5 s.
  SessionSpec spec = logout_spec();
  spec.env.event_stream_after_logout_max_ms = 1800000;
  ASSERT_TRUE(spec.validate().empty());
  SessionRunner runner(spec);
  for (std::uint64_t k = 0; k < 200; ++k) {
    const Outcome o = runner.run(29, k);
    ASSERT_FALSE(o.ghost_at_horizon);
    EXPECT_LE(o.ghost_us, 2115 * kSecond + 60'000 - 2'500'000) << k;
  }
  // A schedule asking for 3 hours is held to the maximum (here the default hour): the last
  // HEART_BEAT at 3600 s, the Offline at the pass after 3900 s.
  spec.env.event_stream_after_logout_max_ms = 3600000;
  Schedule s;
  s.close_kind = CloseKind::LogoutButton;
  s.pre_close = PreClose::Idle;
  s.unload_window_us = kSecond;
  s.event_stream_after_logout_us = 3 * 3600 * kSecond;
  ScheduleDraws draws(s);
  const Outcome o = run_session_with(spec, draws);
  EXPECT_FALSE(o.ghost_at_horizon);
  EXPECT_GT(o.ghost_us, 3897 * kSecond);
  EXPECT_LE(o.ghost_us, 3915 * kSecond + 60'000 - 3 * kSecond);
}

// ---- item 6: sessions expire -----------------------------------------------------------------------

TEST(SessionFact, ASessionExpiresAfter12HoursAndLeavesTheStatusUntouched) {
  // Logged in 11.5 h before the close: the session expires 30 minutes after it. The agent, gone
  // (tab closed), stays Available: a ghost to the horizon, not Offline.
  SessionSpec spec = plain(CloseKind::TabClose, PreClose::Idle);
  spec.env.session_age_at_close_ms = 11.5 * 3600000;
  ASSERT_TRUE(spec.validate().empty());
  Schedule s;
  s.close_kind = CloseKind::TabClose;
  s.unload_window_us = kSecond;
  ScheduleDraws draws(s);
  Trace trace;
  const Outcome o = run_session_with(spec, draws, &trace);
  EXPECT_EQ(times_applied(trace, "SessionExpired", "platform"), std::vector<std::int64_t>{1800 * kSecond})
      << format_timeline(trace);
  EXPECT_FALSE(o.offline_at_end);
  EXPECT_TRUE(o.ghost_at_horizon);
  EXPECT_EQ(o.ghost_us, kHorizonUs - kSecond);
}

TEST(SessionFact, BeforeTwelveHoursNoSessionExpires) {
  // The default age (8 h) puts the expiry 4 h after the close: not within the 1 h horizon.
  const SessionSpec spec = plain(CloseKind::TabClose, PreClose::Idle);
  Schedule s;
  s.close_kind = CloseKind::TabClose;
  ScheduleDraws draws(s);
  Trace trace;
  run_session_with(spec, draws, &trace);
  EXPECT_TRUE(times_applied(trace, "SessionExpired", "platform").empty());
}

TEST(SessionFact, AfterASessionExpiresTheEventStreamStopsAndItsSweeperClearsTheGhost) {
  // A closed CCP is no logout: the stream keeps publishing. The expiry at 1800 s is one: with the
  // HEART_BEATs stopping at once (scheduled 0), the sweeper sees silence past 2100 s and sets the
  // agent Offline at its next pass (within 15 s, +60 ms); the ghost began at the teardown (1 s).
  SessionSpec spec = plain(CloseKind::TabClose, PreClose::Idle);
  spec.strategy = default_config(StrategyKind::EventStreamSweeper);
  spec.env.session_age_at_close_ms = 11.5 * 3600000;
  spec.env.put_user_status_latency_median_ms = spec.env.put_user_status_latency_p99_ms = 120;
  ASSERT_TRUE(spec.validate().empty());
  Schedule s;
  s.close_kind = CloseKind::TabClose;
  s.unload_window_us = kSecond;
  s.event_stream_after_logout_us = 0;
  ScheduleDraws draws(s);
  const Outcome o = run_session_with(spec, draws);
  EXPECT_FALSE(o.ghost_at_horizon);
  EXPECT_TRUE(o.offline_at_end);
  EXPECT_GT(o.ghost_us, 2099 * kSecond);
  EXPECT_LE(o.ghost_us, 2115 * kSecond + 100'000);
}

TEST(SessionFact, WithAnInactivityLimitASessionWithoutARunningCcpPageExpires) {
  // session_inactivity_logout_ms = 10 min: the page is gone at 1 s, the session expires at 601 s.
  SessionSpec spec = plain(CloseKind::TabClose, PreClose::Idle);
  spec.env.session_inactivity_logout_ms = 600000;
  ASSERT_TRUE(spec.validate().empty());
  Schedule s;
  s.close_kind = CloseKind::TabClose;
  s.unload_window_us = kSecond;
  {
    ScheduleDraws draws(s);
    Trace trace;
    run_session_with(spec, draws, &trace);
    EXPECT_EQ(times_applied(trace, "SessionExpired", "platform"), std::vector<std::int64_t>{601 * kSecond})
        << format_timeline(trace);
  }
  // Off by default.
  spec.env.session_inactivity_logout_ms = 0;
  {
    ScheduleDraws draws(s);
    Trace trace;
    run_session_with(spec, draws, &trace);
    EXPECT_TRUE(times_applied(trace, "SessionExpired", "platform").empty());
  }
}

TEST(SessionFact, APageRunningAgainBeforeTheInactivityLimitKeepsTheSession) {
  // A reload: the page is gone from 1 s to 4 s, far less than the 10-minute limit.
  SessionSpec spec = plain(CloseKind::Reload, PreClose::Idle);
  spec.env.session_inactivity_logout_ms = 600000;
  Schedule s;
  s.close_kind = CloseKind::Reload;
  s.unload_window_us = kSecond;
  ScheduleDraws draws(s);
  Trace trace;
  run_session_with(spec, draws, &trace);
  EXPECT_TRUE(times_applied(trace, "SessionExpired", "platform").empty()) << format_timeline(trace);
}

TEST(SessionFact, AnAgentBackAtAFrozenPageAfterTheInactivityExpiryLogsInAgain) {
  // The laptop sleeps at 0 (the page frozen: no script runs) for 900 s; the limit is 300 s: the
  // session expires at 300 s; back at 900 s the agent logs in again, Available as before.
  SessionSpec spec = plain(CloseKind::Sleep, PreClose::Idle);
  spec.env.session_inactivity_logout_ms = 300000;
  spec.env.sleep_return_prob = 1;
  ASSERT_TRUE(spec.validate().empty());
  Schedule s;
  s.close_kind = CloseKind::Sleep;
  s.sleep_return = true;
  s.sleep_duration_us = 900 * kSecond;
  ScheduleDraws draws(s);
  Trace trace;
  const Outcome o = run_session_with(spec, draws, &trace);
  EXPECT_EQ(times_applied(trace, "SessionExpired", "platform"), std::vector<std::int64_t>{300 * kSecond})
      << format_timeline(trace);
  EXPECT_EQ(times_applied(trace, "Login", "agent"), (std::vector<std::int64_t>{0, 900 * kSecond}));
  EXPECT_FALSE(o.offline_at_end);
}

// ---- item 8: cancelling a next status through Streams ---------------------------------------------

// The canary's setState(Available, enqueueNextState) from a tab closed on a call takes 400 s (it
// reaches the server at 200 s). Meanwhile a heartbeat sweeper, the page's heartbeats stopped at
// the teardown (1 s), sets the agent Offline at its pass of 105 s: on a live call, a next status.
// The customer of the silent call hangs up at 1001 s; ACW ends at 1061 s and applies what is
// pending then.
SessionSpec cancel_spec() {
  SessionSpec spec = plain(CloseKind::TabClose, PreClose::OnCall);
  spec.strategy = default_config(StrategyKind::CanaryBroken);
  spec.strategy.enqueue_next_state = true;
  spec.strategy.server = ServerSide::HeartbeatSweeper;
  return spec;
}

Schedule cancel_schedule(bool cancel_fails) {
  Schedule s = on_call_schedule(CloseKind::TabClose, PreClose::OnCall);
  s.talk_time_us = 1800 * kSecond;
  s.silent_hangup_us = 1000 * kSecond;
  s.api = {ApiStep{400 * kSecond, ApiOutcome::Success}};
  s.cancel_next_status_fails = cancel_fails;
  return s;
}

TEST(Fact, CancellingANextStatusByChoosingAvailableThroughStreamsIsUnreliable) {
  const SessionSpec spec = cancel_spec();
  ASSERT_TRUE(spec.validate().empty()) << spec.validate().front();
  {
    // The cancel fails: refused, the next status Offline stays and applies after ACW.
    const Schedule s = cancel_schedule(true);
    ScheduleDraws draws(s);
    Trace trace;
    const Outcome o = run_session_with(spec, draws, &trace);
    EXPECT_EQ(times_applied(trace, "PutUserStatus(Offline)", "server").size(), 1u)
        << format_timeline(trace);
    bool refused = false;
    for (const TraceEntry& e : trace.entries) {
      refused |= e.time_us == 200 * kSecond &&
                 e.text.rfind("SetStateApi(Available, enqueue) by server: rejected", 0) == 0;
    }
    EXPECT_TRUE(refused) << format_timeline(trace);
    EXPECT_TRUE(o.offline_at_end);
  }
  {
    // The cancel works: the next status is gone, and after ACW the agent is Available — a ghost.
    const Schedule s = cancel_schedule(false);
    ScheduleDraws draws(s);
    Trace trace;
    const Outcome o = run_session_with(spec, draws, &trace);
    EXPECT_EQ(times_applied(trace, "SetStateApi(Available, enqueue)", "server"),
              std::vector<std::int64_t>{200 * kSecond})
        << format_timeline(trace);
    EXPECT_FALSE(o.offline_at_end);
    EXPECT_TRUE(o.ghost_at_horizon);
  }
}

TEST(Fact, TheStreamsCancelFailsWithItsNamedProbability) {
  // Random draws: the share of refused cancels estimates streams_cancel_next_status_fail_prob
  // (0.5 by default); 400 sessions, binomial standard error 0.025, tolerance 4.5 of them.
  SessionSpec spec = cancel_spec();
  spec.env.setstate_latency_median_ms = spec.env.setstate_latency_p99_ms = 400000;
  spec.env.talk_time_median_ms = spec.env.talk_time_p99_ms = 1800000;
  spec.env.customer_hangup_after_silence_median_ms = 1000000;
  spec.env.customer_hangup_after_silence_p99_ms = 1000000;
  spec.env.inflight_delivered_prob_streams_worker = 1;
  spec.env.heartbeat_loss_prob = 0;
  spec.env.put_user_status_latency_median_ms = spec.env.put_user_status_latency_p99_ms = 120;
  ASSERT_TRUE(spec.validate().empty());
  for (double p : {0.5, 0.0}) {
    spec.env.streams_cancel_next_status_fail_prob = p;
    SessionRunner runner(spec);
    constexpr int kN = 400;
    int offline = 0;
    for (int k = 0; k < kN; ++k) {
      if (runner.run(31, static_cast<std::uint64_t>(k)).offline_at_end) ++offline;
    }
    const double share = static_cast<double>(offline) / kN;
    EXPECT_NEAR(share, p, p > 0 ? 4.5 * std::sqrt(p * (1 - p) / kN) : 0.0) << p;
  }
}

}  // namespace
}  // namespace agentsim::sim

namespace agentsim::sim {
namespace {

TEST(SessionFact, ACenterAgentsSessionExpires12HoursAfterTheLoginAtTheShiftStart) {
  // One agent, a 13-hour shift with nobody closing and no contacts: the agent logs in at the shift
  // start (t = 0) and the session expires at 12 h, status untouched; the agent, at work in an open
  // CCP, logs in again at once.
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::None);
  CenterSpec center;
  center.agents = 1;
  center.shift_ms = 13 * 3600000.0;
  center.after_shift_ms = 0;
  center.contact_rate_per_min = 0;
  center.close_pattern = ClosePattern::None;
  ASSERT_TRUE(spec.validate().empty());
  ASSERT_TRUE(center.validate().empty()) << center.validate().front();
  CenterTrace trace;
  trace.timeline = true;
  run_center(spec, center, 5, 0, &trace);
  std::vector<std::int64_t> expired, logins;
  for (const TraceEntry& e : trace.entries) {
    if (e.text.find("SessionExpired by platform: ") != std::string::npos &&
        e.text.find(" -> ") != std::string::npos) {
      expired.push_back(e.time_us);
    }
    if (e.text.find("Login by agent: ") != std::string::npos) logins.push_back(e.time_us);
  }
  EXPECT_EQ(expired, std::vector<std::int64_t>{12 * 3600 * kSecond});
  EXPECT_EQ(logins, (std::vector<std::int64_t>{0, 12 * 3600 * kSecond}));
}

}  // namespace
}  // namespace agentsim::sim
