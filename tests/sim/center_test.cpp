// Center mode: a whole contact center under one account token bucket. The burst tests derive
// their bounds from the bucket and the sweeper's timers (see the comments); the router tests
// replay the router's trace against a reference queue; the queueing test compares the simulated
// customer wait with the Pollaczek-Khinchine formula of an M/G/1 queue.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "agentsim/sim/center.h"

namespace agentsim::sim {
namespace {

constexpr std::int64_t kSecond = 1'000'000;

std::int64_t ms_to_us(double ms) { return static_cast<std::int64_t>(std::llround(ms * 1000)); }

// ---- a burst of closes under the account's bucket ---------------------------------------------

constexpr int kBurstAgents = 200;
constexpr std::int64_t kRate = 2;   // put_user_status_rate_rps (default)
constexpr std::int64_t kBurst = 5;  // put_user_status_burst (default)

// 200 agents crash at once at the end of a one-minute shift and never come back; no contacts;
// APIs never fail; heartbeats take exactly 60 ms and PutUserStatus exactly 120 ms (it is applied
// 60 ms after it is sent). The page beats every second and the sweeper passes every 5 s, so that
// every agent is detected at the first pass that finds one silent or at the next (see below).
SessionSpec burst_session(double sweeper_rate_rps) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::HeartbeatSweeper);
  spec.strategy.sweeper.heartbeat_interval_ms = 1000;
  spec.strategy.sweeper.sweep_period_ms = 5000;
  spec.strategy.sweeper.rate_rps = sweeper_rate_rps;
  spec.close_kind = CloseKind::Crash;
  EnvironmentParams& e = spec.env;
  e.crash_reopen_prob = 0;
  e.api_5xx_prob = e.api_429_prob = e.api_timeout_prob = e.api_lost_response_prob = 0;
  e.put_user_status_latency_median_ms = e.put_user_status_latency_p99_ms = 120;
  e.backend_notify_latency_median_ms = e.backend_notify_latency_p99_ms = 60;
  e.heartbeat_loss_prob = 0;
  return spec;
}

CenterSpec burst_center() {
  CenterSpec c;
  c.agents = kBurstAgents;
  c.shift_ms = 60000;
  c.contact_rate_per_min = 0;
  c.close_pattern = ClosePattern::Burst;  // at the end of the shift
  c.burst_spread_ms = 0;
  c.after_shift_ms = 900000;
  return c;
}

// The bucket, checked from the grants alone: in every window [t_i, t_j] of grants (a bucket that
// starts full) at most burst + rate x (t_j - t_i) grants. In integers: no rounding. Returns the
// number of windows (pairs i <= j) above it.
std::uint64_t windows_above_bucket(const std::vector<std::int64_t>& grants) {
  std::uint64_t violations = 0;
  for (std::size_t i = 0; i < grants.size(); ++i) {
    for (std::size_t j = i; j < grants.size(); ++j) {
      const auto count = static_cast<std::int64_t>(j - i + 1);
      if ((count - kBurst) * kSecond > kRate * (grants[j] - grants[i])) ++violations;
    }
  }
  return violations;
}

void expect_grants_within_bucket(const std::vector<std::int64_t>& grants) {
  EXPECT_EQ(windows_above_bucket(grants), 0u) << "grants exceed the account's bucket";
}

TEST(Center, the_tests_bucket_check_flags_a_sixth_grant_within_half_a_second_of_a_full_burst) {
  // The check above can fail: 5 grants at once and a sixth 499 ms later exceed 5 + 2 x 0.499.
  EXPECT_EQ(windows_above_bucket({0, 0, 0, 0, 0, 499'999}), 1u);
  EXPECT_EQ(windows_above_bucket({0, 0, 0, 0, 0, 500'000}), 0u);
}

TEST(Center, a_burst_of_200_closes_is_cleared_no_sooner_than_the_bucket_allows_and_the_simulator_never_exceeds_it) {
  const SessionSpec session = burst_session(2);
  const CenterSpec center = burst_center();
  ASSERT_TRUE(session.validate().empty());
  ASSERT_TRUE(center.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(session, center, 3, 0, &trace);

  EXPECT_EQ(o.ghost_agents, 200u);
  EXPECT_EQ(o.ghosts_at_end, 0u) << "every ghost cleared";
  EXPECT_EQ(o.put_user_status_sent, 200u);
  EXPECT_EQ(o.throttled, 0u) << "the sweeper's pacing matches the account's bucket";
  EXPECT_EQ(o.tokens_granted, 200u);
  EXPECT_EQ(o.bucket_violations, 0u);
  ASSERT_EQ(trace.put_user_status_grants_us.size(), 200u);
  expect_grants_within_bucket(trace.put_user_status_grants_us);
  ASSERT_GE(o.first_detection_us, 0);
  ASSERT_GE(o.last_ghost_cleared_us, 0);
  const std::int64_t clear = o.last_ghost_cleared_us - o.first_detection_us;
  // The metric's figure counts from the burst's first close, which precedes the detection.
  EXPECT_EQ(o.burst_clear_us, o.last_ghost_cleared_us - o.burst_start_us);
  EXPECT_GE(o.burst_clear_us, clear);

  // Lower bound: the 200 calls go at or after the first detection t_d; at 2/s with a burst of 5
  // the 200th goes no sooner than t_d + (200 - 5) / 2 s = 97.5 s, and is applied 60 ms later.
  // Here the sweeper's own pacer has the account's numbers (2/s, burst 5), so the pacer alone
  // enforces this bound: this test shows the pacer keeps the sweeper within the bucket (no 429),
  // not that the bucket holds the sweeper back. The unpaced test below shows the bucket's bound.
  EXPECT_GE(clear, (kBurstAgents - kBurst) * kSecond / kRate + 60'000);
  // Upper bound. The agents' last heartbeats reached the backend within one heartbeat interval
  // (1 s) of each other, so they all fell silent within 1 s of the first; that one is detected at
  // t_d, so every agent is detected at t_d or at the next pass, t_d + 5 s. The sweeper's pacer
  // (2/s, burst 5, full at t_d) gives the k-th reservation the slot
  // max_j (r_j + (k - j + 1 - 5) / 2 s) over the earlier reservations j: at most
  // t_d + 5 s + (200 - 1 - 5) / 2 s = t_d + 102 s (+1 us of rounding), and the call is applied
  // 60 ms after its slot.
  EXPECT_LE(clear, 102 * kSecond + 1 + 60'000);
  RecordProperty("clear_time_us", std::to_string(clear));
  std::printf("burst of 200, paced: last ghost cleared %.3f s after the first detection\n",
              static_cast<double>(clear) / 1e6);
}

TEST(Center, with_the_default_30_s_heartbeats_and_15_s_passes_the_burst_clears_within_the_derived_bound) {
  // The same burst with the sweeper's default timers. The agents' last heartbeats now spread over
  // one 30 s interval, so the last agent falls silent up to 30 s after the first and is detected
  // up to a 15 s pass later: every reservation comes at most t_d + 45 s. By the pacer's slot
  // formula (previous test) the last call goes at most t_d + 45 s + (200 - 1 - 5) / 2 s, i.e.
  // t_d + 142 s, and is applied 60 ms later; the pacer (like the bucket) allows no clearing
  // before 97.5 s.
  SessionSpec session = burst_session(2);
  session.strategy.sweeper.heartbeat_interval_ms = 30000;
  session.strategy.sweeper.sweep_period_ms = 15000;
  CenterTrace trace;
  const CenterOutcome o = run_center(session, burst_center(), 3, 0, &trace);
  EXPECT_EQ(o.ghosts_at_end, 0u);
  EXPECT_EQ(o.throttled, 0u);
  EXPECT_EQ(o.bucket_violations, 0u);
  expect_grants_within_bucket(trace.put_user_status_grants_us);
  const std::int64_t clear = o.last_ghost_cleared_us - o.first_detection_us;
  EXPECT_GE(clear, (kBurstAgents - kBurst) * kSecond / kRate + 60'000);
  EXPECT_LE(clear, 142 * kSecond + 1 + 60'000);
  std::printf("burst of 200, default timers: last ghost cleared %.3f s after the first detection\n",
              static_cast<double>(clear) / 1e6);
}

// Tab closes under put_user_status_backend with exact latencies: the page's notification takes
// 60 ms, PutUserStatus 120 ms (each applied half-way), no API failure, keepalive delivered; the
// page is torn down `unload_budget_ms` after the close.
SessionSpec backend_tab_close_session(double unload_budget_ms) {
  SessionSpec session;
  session.profile = model::streams_custom();
  session.strategy = default_config(StrategyKind::PutUserStatusBackend);
  session.close_kind = CloseKind::TabClose;
  EnvironmentParams& e = session.env;
  e.api_5xx_prob = e.api_429_prob = e.api_timeout_prob = e.api_lost_response_prob = 0;
  e.put_user_status_latency_median_ms = e.put_user_status_latency_p99_ms = 120;
  e.backend_notify_latency_median_ms = e.backend_notify_latency_p99_ms = 60;
  sim::set_unload_windows_ms(e, unload_budget_ms, unload_budget_ms);
  e.inflight_delivered_prob_keepalive = 1;
  return session;
}

TEST(Center, a_burst_of_put_user_status_backend_closes_is_throttled_by_the_shared_bucket_and_leaves_ghosts) {
  // 200 tabs closed at once. Each page's notification reaches the backend 30 ms after the close;
  // the backend's 3 attempts (standard retries: full jitter, at most 100 ms then 200 ms, each
  // answered after 120 ms) all go within [0.03 s, 0.57 s]: the bucket grants at most
  // 5 + 2 x 0.54 = 6.08 of them. So at least 194 agents are ghosts from the teardown (1 s) on.
  const SessionSpec session = backend_tab_close_session(1000);
  ASSERT_TRUE(session.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(session, burst_center(), 3, 0, &trace);
  EXPECT_EQ(o.backend_notifies_sent, 200u);
  EXPECT_LE(o.tokens_granted, 6u);
  // Each attempt is granted or throttled; an agent whose attempts were all throttled made 3.
  EXPECT_EQ(o.throttled, o.put_user_status_sent - o.tokens_granted);
  EXPECT_GE(o.put_user_status_sent, 3 * (200u - o.tokens_granted));
  EXPECT_GE(o.ghosts_at_end, 194u);
  EXPECT_EQ(o.bucket_violations, 0u);
  expect_grants_within_bucket(trace.put_user_status_grants_us);
  // With ghosts left at the end the shift has no clear time (censored), not a short one.
  EXPECT_TRUE(o.burst_clear_censored());
  EXPECT_EQ(o.burst_clear_us, -1);
}

TEST(Center, without_pacing_the_sweeper_is_throttled_the_bucket_still_holds_and_clearing_is_slower) {
  const SessionSpec session = burst_session(0);  // no pacing: every silent agent at once
  const CenterSpec center = burst_center();
  ASSERT_TRUE(session.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(session, center, 3, 0, &trace);

  EXPECT_GT(o.throttled, 0u);
  EXPECT_EQ(o.bucket_violations, 0u);
  EXPECT_EQ(o.tokens_granted, trace.put_user_status_grants_us.size());
  expect_grants_within_bucket(trace.put_user_status_grants_us);
  EXPECT_EQ(o.ghosts_at_end, 0u);
  ASSERT_GE(o.first_detection_us, 0);
  const std::int64_t clear = o.last_ghost_cleared_us - o.first_detection_us;
  // The bucket's lower bound, and here nothing but the account's bucket enforces it: the
  // sweeper sends every call at once. Each ghost clears on a granted PutUserStatus sent after
  // t_d; the bucket holds at most 5 tokens then and refills at 2/s, so the 200th grant comes no
  // sooner than t_d + (200 - 5) / 2 s = 97.5 s, and is applied 60 ms later.
  ASSERT_GE(o.tokens_granted, 200u) << "each ghost clears on a granted call of its own";
  EXPECT_GE(clear, (kBurstAgents - kBurst) * kSecond / kRate + 60'000);
  // Slower than the paced sweeper can ever be (its upper bound, the paced test): throttled
  // attempts give up, and the bucket's refill between passes is lost above its burst of 5.
  EXPECT_GT(clear, 102 * kSecond + 1 + 60'000);
  std::printf("burst of 200, unpaced: last ghost cleared %.3f s after the first detection, %u throttled\n",
              static_cast<double>(clear) / 1e6, o.throttled);
}

// ---- the burst's clear time (time_to_clear_last_ghost_s) ------------------------------------

TEST(Center, a_burst_that_ends_with_ghosts_left_has_no_clear_time_and_leaves_the_metric_undefined) {
  // The 200-crash burst stopped 150 s after the shift: the sweeper has cleared some ghosts, not
  // all. The last clearing so far is a short time after the first detection, but that is not
  // when the burst cleared: it had not.
  const SessionSpec session = burst_session(2);
  CenterSpec short_run = burst_center();
  short_run.after_shift_ms = 150000;
  ASSERT_TRUE(short_run.validate().empty());
  const CenterOutcome censored = run_center(session, short_run, 3, 0);
  ASSERT_GT(censored.ghosts_at_end, 0u);
  ASSERT_GE(censored.last_ghost_cleared_us, 0) << "some ghosts did clear";
  EXPECT_TRUE(censored.burst_clear_censored());
  EXPECT_EQ(censored.burst_clear_us, -1);

  // One censored shift among cleared ones makes the mean undefined, not smaller.
  const CenterOutcome cleared = run_center(session, burst_center(), 3, 0);
  ASSERT_EQ(cleared.ghosts_at_end, 0u);
  CenterSummary only_cleared;
  only_cleared.add(cleared);
  const MetricValue v = evaluate_center_metric(only_cleared, "time_to_clear_last_ghost_s", 0.95);
  ASSERT_TRUE(v.defined);
  EXPECT_EQ(v.estimate, static_cast<double>(cleared.burst_clear_us / 1000) / 1000);
  CenterSummary both = only_cleared;
  both.add(censored);
  EXPECT_EQ(both.shifts_with_clear_time, 1u);
  EXPECT_EQ(both.shifts_clear_censored, 1u);
  EXPECT_FALSE(evaluate_center_metric(both, "time_to_clear_last_ghost_s", 0.95).defined);
  std::printf("200 crashes, 150 s after the shift: %u ghosts left; the last clearing so far came "
              "%.3f s after the first detection: censored, no clear time\n",
              censored.ghosts_at_end,
              static_cast<double>(censored.last_ghost_cleared_us - censored.first_detection_us) / 1e6);
}

SessionSpec busy_session();
CenterSpec busy_center();

TEST(Center, under_the_uniform_close_pattern_there_is_no_burst_and_no_clear_time) {
  // Closes spread over the shift: "after a burst" means nothing, though ghosts are detected and
  // cleared all along (which the old definition turned into a figure).
  const SessionSpec session = busy_session();
  const CenterSpec center = busy_center();
  ASSERT_EQ(center.close_pattern, ClosePattern::Uniform);
  const CenterOutcome o = run_center(session, center, 99, 0);
  ASSERT_GE(o.first_detection_us, 0);
  ASSERT_GE(o.last_ghost_cleared_us, o.first_detection_us);
  EXPECT_EQ(o.burst_start_us, -1);
  EXPECT_EQ(o.burst_clear_us, -1);
  EXPECT_FALSE(o.burst_clear_censored());
  const CenterSummary s = run_center_monte_carlo(session, center, 8, 99, 2);
  EXPECT_EQ(s.shifts_with_clear_time, 0u);
  EXPECT_EQ(s.shifts_clear_censored, 0u);
  EXPECT_FALSE(evaluate_center_metric(s, "time_to_clear_last_ghost_s", 0.95).defined);
}

TEST(Center, a_small_burst_under_put_user_status_backend_clears_and_has_a_clear_time_without_any_sweeper) {
  // 4 tabs closed at once, within the bucket's burst of 5. Each page is torn down 10 ms after
  // the close, and from then the agent is a ghost; its notification reaches the backend 30 ms
  // after the close (half its fixed 60 ms), the backend's PutUserStatus is granted at once and
  // applied 60 ms after it is sent (half its fixed 120 ms): every ghost clears 90 ms after the
  // burst. No sweeper ever detects anything: the old definition, which counted from the
  // sweeper's first detection, had no value here.
  const SessionSpec session = backend_tab_close_session(10);  // a ghost from the teardown on
  CenterSpec center = burst_center();
  center.agents = 4;
  ASSERT_TRUE(session.validate().empty());
  ASSERT_TRUE(center.validate().empty());
  const CenterOutcome o = run_center(session, center, 3, 0);
  EXPECT_EQ(o.ghost_agents, 4u);
  EXPECT_EQ(o.ghosts_at_end, 0u);
  EXPECT_EQ(o.throttled, 0u);
  EXPECT_EQ(o.first_detection_us, -1) << "no sweeper";
  EXPECT_EQ(o.burst_start_us, 60 * kSecond);
  EXPECT_EQ(o.burst_clear_us, 90'000);
  CenterSummary s;
  s.add(o);
  const MetricValue v = evaluate_center_metric(s, "time_to_clear_last_ghost_s", 0.95);
  ASSERT_TRUE(v.defined);
  EXPECT_DOUBLE_EQ(v.estimate, 0.09);
  std::printf("4 tab closes, put_user_status_backend: last ghost cleared %.3f s after the burst\n",
              static_cast<double>(o.burst_clear_us) / 1e6);
}

TEST(Center, a_burst_that_would_run_past_the_end_of_the_simulation_is_refused) {
  CenterSpec c = burst_center();  // the burst at the end of the one-minute shift
  c.burst_spread_ms = 60000;
  c.after_shift_ms = 59999;
  const std::vector<std::string> errors = c.validate();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].rfind("burst_spread_ms: the burst's closes run to 120000 ms, past the end of "
                            "the simulation at 119999 ms",
                            0),
            0u)
      << errors[0];
  c.after_shift_ms = 60000;  // ends exactly at the end: the last close still happens
  EXPECT_TRUE(c.validate().empty());
  c.close_pattern = ClosePattern::Uniform;  // only a burst has a window
  c.after_shift_ms = 0;
  EXPECT_TRUE(c.validate().empty());
}

// ---- the router: longest available first, a missed contact back to the front ------------------

// Replays the router's trace against a reference: a FIFO queue (a missed contact back to the
// front) and the agents' routable times. Every offer must take the queue's front contact to the
// agent routable longest (ties to the lower index), and every miss must come one ring after its
// offer. Counts what the replay saw, so that a test can check that its case was exercised.
struct RouterReplay {
  std::uint64_t offers = 0;
  std::uint64_t offers_not_to_lowest_index = 0;   // longest available was not the lowest index
  std::uint64_t offers_not_to_most_recent = 0;    // nor the one available most recently
  std::uint64_t misses_on_ghosts = 0;
  std::uint64_t misses_with_others_waiting = 0;   // the queue was not empty at the miss
  std::uint64_t reoffered_at_once_to_another = 0; // re-offered at the miss, to another agent
  std::uint64_t errors = 0;
  std::map<std::uint32_t, std::int64_t> ghost_ring_us;  // per contact
};

RouterReplay replay_router(const CenterTrace& trace, std::size_t agents, std::int64_t ring_us) {
  RouterReplay r;
  std::vector<std::int64_t> since(agents, -1);
  std::deque<std::uint32_t> waiting;
  std::map<std::uint32_t, std::pair<std::int64_t, std::uint16_t>> ringing;  // contact -> offer
  std::map<std::uint32_t, std::pair<std::int64_t, std::uint16_t>> missed;   // last miss
  for (const RoutingEvent& e : trace.routing) {
    switch (e.kind) {
      case RoutingEvent::Kind::Arrived: waiting.push_back(e.contact); break;
      case RoutingEvent::Kind::Available:
        if (since[e.agent] >= 0 && r.errors++ == 0) ADD_FAILURE() << "agent " << e.agent << " available twice";
        since[e.agent] = e.at_us;
        break;
      case RoutingEvent::Kind::Unavailable: since[e.agent] = -1; break;
      case RoutingEvent::Kind::Offered: {
        ++r.offers;
        std::size_t longest = agents, lowest = agents, recent = agents;
        for (std::size_t i = 0; i < agents; ++i) {
          if (since[i] < 0) continue;
          if (lowest == agents) lowest = i;
          if (longest == agents || since[i] < since[longest]) longest = i;
          if (recent == agents || since[i] >= since[recent]) recent = i;
        }
        if (waiting.empty() || waiting.front() != e.contact || e.agent != longest) {
          // The first divergence only: after it the reference queue no longer matches.
          if (r.errors++ == 0) {
            ADD_FAILURE() << "offer of contact " << e.contact << " to agent " << e.agent << " at "
                          << e.at_us << " us; expected contact "
                          << (waiting.empty() ? -1 : static_cast<long long>(waiting.front()))
                          << " (the front of the queue) to agent " << longest
                          << " (available longest)";
          }
        }
        if (!waiting.empty()) waiting.pop_front();
        if (longest != lowest) ++r.offers_not_to_lowest_index;
        if (longest != recent) ++r.offers_not_to_most_recent;
        if (e.agent < agents) since[e.agent] = -1;
        const auto m = missed.find(e.contact);
        if (m != missed.end() && m->second.first == e.at_us && m->second.second != e.agent) {
          ++r.reoffered_at_once_to_another;
        }
        ringing[e.contact] = {e.at_us, e.agent};
        break;
      }
      case RoutingEvent::Kind::Missed: {
        const auto o = ringing.find(e.contact);
        if (o == ringing.end() || o->second.second != e.agent || e.at_us - o->second.first != ring_us) {
          if (r.errors++ == 0) {
            ADD_FAILURE() << "miss of contact " << e.contact << " at " << e.at_us
                          << " us is not one ring after its offer";
          }
        }
        if (e.on_ghost) {
          ++r.misses_on_ghosts;
          r.ghost_ring_us[e.contact] += ring_us;
        }
        if (!waiting.empty()) ++r.misses_with_others_waiting;
        missed[e.contact] = {e.at_us, e.agent};
        waiting.push_front(e.contact);
        break;
      }
      case RoutingEvent::Kind::Accepted: break;
    }
  }
  return r;
}

// No strategy: a ghost stays routable until a contact rings out on it. Short contacts (talk
// median 1 min, p99 3 min, 10 s of after-contact work: about 80 s per contact) keep the shifts
// short and the contacts many.
SessionSpec no_strategy_session() {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::None);
  spec.env.talk_time_median_ms = 60000;
  spec.env.talk_time_p99_ms = 180000;
  spec.env.acw_duration_ms = 10000;
  return spec;
}

// A shift change: 20 agents leave within 10 minutes as 15 log in. 12 contacts a minute of about
// 81 s each (answer, talk, after-contact work) keep 20 agents about 80 % busy before the burst
// and overload the 15 after it a little (about 108 %): customers queue, now and then behind a
// ghost's ring, and the backlog clears after the shift.
CenterSpec shift_change_center() {
  CenterSpec c;
  c.agents = 20;
  c.incoming_agents = 15;
  c.shift_ms = 2 * 3600000.0;
  c.contact_rate_per_min = 12;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 3600000;
  c.burst_spread_ms = 600000;
  c.after_shift_ms = 1800000;
  c.warmup_ms = 600000;
  return c;
}

TEST(Center, the_router_offers_each_contact_to_the_agent_available_longest_not_the_first_or_the_latest) {
  // Three agents who never leave, all Available from the start; a contact a minute, about 80 s
  // each. The first contact goes to agent 0 (a tie, to the lower index); when the second comes,
  // agent 0 may be back but agents 1 and 2 have waited longer, and so on.
  SessionSpec session = no_strategy_session();
  CenterSpec center;
  center.agents = 3;
  center.close_pattern = ClosePattern::None;
  center.shift_ms = 3600000;
  center.contact_rate_per_min = 1;
  center.after_shift_ms = 600000;
  ASSERT_TRUE(center.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(session, center, 11, 0, &trace);
  const RouterReplay r = replay_router(trace, 3, ms_to_us(session.env.ring_timeout_ms));
  EXPECT_EQ(r.errors, 0u);
  EXPECT_EQ(o.contacts_missed, 0u) << "present agents answer within the ring";
  EXPECT_GE(r.offers, o.contacts_answered);
  // The case was exercised: lowest-index-first and most-recent-first routing would differ.
  EXPECT_GT(r.offers_not_to_lowest_index, 0u);
  EXPECT_GT(r.offers_not_to_most_recent, 0u);
  std::printf("3 agents: %llu offers, %llu not to the lowest index, %llu not to the latest\n",
              static_cast<unsigned long long>(r.offers),
              static_cast<unsigned long long>(r.offers_not_to_lowest_index),
              static_cast<unsigned long long>(r.offers_not_to_most_recent));
}

TEST(Center, a_contact_that_rings_out_on_a_ghost_rings_20_s_then_goes_to_the_front_of_the_queue_and_the_next_agent_gets_it) {
  // One leaving agent who crashes 1 s into the shift and never comes back; one incoming agent who
  // logs in then. The ghost has been Available longer, so the first contact rings on it for the
  // full 20 s ring [D 11-14]; then it goes back to the queue and the incoming agent gets it.
  SessionSpec session = no_strategy_session();
  session.close_kind = CloseKind::Crash;
  session.env.crash_reopen_prob = 0;
  ASSERT_EQ(session.env.ring_timeout_ms, 20000) << "Amazon Connect's ring is fixed at 20 s";
  CenterSpec center;
  center.agents = 1;
  center.incoming_agents = 1;
  center.shift_ms = 600000;
  center.contact_rate_per_min = 1;
  center.close_pattern = ClosePattern::Burst;
  center.burst_at_ms = 1000;
  center.burst_spread_ms = 0;
  center.after_shift_ms = 600000;
  ASSERT_TRUE(center.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(session, center, 5, 0, &trace);
  ASSERT_EQ(trace.close_at_us, std::vector<std::int64_t>{kSecond});

  std::vector<RoutingEvent> offers, misses;
  for (const RoutingEvent& e : trace.routing) {
    if (e.kind == RoutingEvent::Kind::Offered) offers.push_back(e);
    if (e.kind == RoutingEvent::Kind::Missed) misses.push_back(e);
  }
  ASSERT_GE(offers.size(), 2u);
  ASSERT_GT(offers[0].at_us, kSecond) << "(this seed's first contact comes after the crash)";
  EXPECT_EQ(offers[0].agent, 0) << "the ghost, Available since 0, before the agent since 1 s";
  ASSERT_EQ(misses.size(), 1u) << "after its miss the ghost is no longer routable";
  EXPECT_EQ(misses[0].contact, offers[0].contact);
  EXPECT_TRUE(misses[0].on_ghost);
  EXPECT_EQ(misses[0].at_us - offers[0].at_us, 20 * kSecond);
  // The next offer is the same contact, to the incoming agent: first in line again.
  EXPECT_EQ(offers[1].contact, offers[0].contact);
  EXPECT_EQ(offers[1].agent, 1);
  EXPECT_GE(offers[1].at_us, misses[0].at_us);
  EXPECT_EQ(o.contacts_offered_to_ghosts, 1u);
  EXPECT_EQ(o.contacts_missed_on_ghosts, 1u);
  EXPECT_EQ(o.wait_added_sum_us, 20 * kSecond) << "the customer waited the ghost's ring";
  const RouterReplay r = replay_router(trace, 2, 20 * kSecond);
  EXPECT_EQ(r.errors, 0u);
}

TEST(Center, at_a_busy_shift_change_every_offer_follows_the_queue_and_longest_available_routing) {
  // The reference replay over a whole shift change: ghosts ring out while other customers wait,
  // and each missed contact is offered before them.
  const SessionSpec session = no_strategy_session();
  const CenterSpec center = shift_change_center();
  ASSERT_TRUE(center.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(session, center, 1, 0, &trace);
  const RouterReplay r = replay_router(trace, 35, ms_to_us(session.env.ring_timeout_ms));
  EXPECT_EQ(r.errors, 0u);
  EXPECT_EQ(r.misses_on_ghosts, o.contacts_missed_on_ghosts);
  EXPECT_GT(r.misses_with_others_waiting, 0u) << "the front of the queue was tested";
  EXPECT_GT(r.reoffered_at_once_to_another, 0u);
  EXPECT_GT(r.offers_not_to_lowest_index, 0u);
  std::printf("shift change: %llu offers, %llu misses on ghosts, %llu with others waiting\n",
              static_cast<unsigned long long>(r.offers),
              static_cast<unsigned long long>(r.misses_on_ghosts),
              static_cast<unsigned long long>(r.misses_with_others_waiting));
}

// ---- the wait added by ghosts ----------------------------------------------------------------

TEST(Center, wait_added_p95_is_taken_among_the_contacts_that_rang_on_a_ghost) {
  const SessionSpec session = no_strategy_session();
  const CenterSpec center = shift_change_center();
  CenterTrace trace;
  const CenterOutcome o = run_center(session, center, 1, 0, &trace);
  // Reference: each measured contact's ring time on ghosts, from the router's trace.
  const RouterReplay r = replay_router(trace, 35, ms_to_us(session.env.ring_timeout_ms));
  std::map<std::uint32_t, std::int64_t> arrival;
  std::vector<std::int64_t> added;
  std::int64_t added_sum = 0;
  std::uint32_t measured = 0;
  for (const RoutingEvent& e : trace.routing) {
    if (e.kind == RoutingEvent::Kind::Arrived) arrival[e.contact] = e.at_us;
    if (e.kind != RoutingEvent::Kind::Accepted || arrival[e.contact] < ms_to_us(center.warmup_ms)) continue;
    ++measured;
    const auto g = r.ghost_ring_us.find(e.contact);
    if (g == r.ghost_ring_us.end()) continue;
    added.push_back(g->second);
    added_sum += g->second;
  }
  ASSERT_EQ(measured, o.waits_measured);
  EXPECT_EQ(added_sum, o.wait_added_sum_us);
  ASSERT_EQ(added.size(), o.waits_rang_on_ghosts);
  // Few contacts rang on a ghost — fewer than 1 in 20, so a p95 over all contacts would be 0.
  ASSERT_GT(added.size(), 0u);
  EXPECT_LT(added.size() * 20, measured);
  std::sort(added.begin(), added.end());
  const auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(added.size())));
  EXPECT_EQ(o.wait_added_p95_us, added[rank - 1]);
  EXPECT_GE(o.wait_added_p95_us, 20 * kSecond) << "each of them waited at least one full ring";

  const CenterSummary s = run_center_monte_carlo(session, center, 8, 1, 2);
  const MetricValue p95 = evaluate_center_metric(s, "wait_added_p95_s", 0.95);
  ASSERT_TRUE(p95.defined);
  EXPECT_EQ(s.shifts_with_ghost_rings, 8u);
  EXPECT_GE(p95.estimate, 20.0);
  std::printf("shift change: %u of %u contacts rang on a ghost; their p95 added wait %.0f s; "
              "wait_added_p95_s over 8 shifts %.1f s [%.1f, %.1f]\n",
              o.waits_rang_on_ghosts, o.waits_measured,
              static_cast<double>(o.wait_added_p95_us) / 1e6, p95.estimate, p95.interval.lo,
              p95.interval.hi);

  // Nobody leaves: no contact rings on a ghost, and there is no p95 to take.
  CenterSpec calm = center;
  calm.close_pattern = ClosePattern::None;
  calm.incoming_agents = 0;
  const CenterSummary none = run_center_monte_carlo(session, calm, 2, 1, 2);
  EXPECT_GT(none.waits_measured, 0u);
  EXPECT_EQ(none.shifts_with_ghost_rings, 0u);
  EXPECT_FALSE(evaluate_center_metric(none, "wait_added_p95_s", 0.95).defined);
}

// ---- the uniform close pattern ------------------------------------------------------------------

TEST(Center, under_the_uniform_pattern_the_close_times_are_spread_uniformly_over_the_shift) {
  // 2000 agents, no contacts: the close times must pass a Kolmogorov-Smirnov test against the
  // uniform distribution on [0, shift) at alpha = 0.001 (critical D = 1.9495 / sqrt(n)).
  const SessionSpec session = no_strategy_session();
  CenterSpec center;
  center.agents = 2000;
  center.shift_ms = 8 * 3600000.0;
  center.contact_rate_per_min = 0;
  center.close_pattern = ClosePattern::Uniform;
  center.after_shift_ms = 0;
  ASSERT_TRUE(center.validate().empty());
  CenterTrace trace;
  const CenterOutcome o = run_center(session, center, 21, 0, &trace);
  EXPECT_EQ(o.closes, 2000u);
  ASSERT_EQ(trace.close_at_us.size(), 2000u);
  std::vector<std::int64_t> t = trace.close_at_us;
  std::sort(t.begin(), t.end());
  const double shift_us = center.shift_ms * 1000;
  EXPECT_GE(t.front(), 0);
  EXPECT_LT(t.back(), static_cast<std::int64_t>(shift_us));
  const double n = static_cast<double>(t.size());
  double d = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double f = static_cast<double>(t[i]) / shift_us;
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  EXPECT_LT(d, 1.9495 / std::sqrt(n));
  // And a canary of the check: the same closes squeezed into the first half fail it.
  double d_half = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const double f = static_cast<double>(t[i]) / shift_us / 2;
    d_half = std::max({d_half, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  EXPECT_GT(d_half, 1.9495 / std::sqrt(n));
  std::printf("uniform closes: KS D = %.4f (critical %.4f at alpha 0.001)\n", d, 1.9495 / std::sqrt(n));
}

// ---- queueing: a single agent is an M/G/1 queue -----------------------------------------------

double lognormal_sigma(double median, double p99) {
  return std::log(p99 / median) / 2.3263478740408408;
}
double lognormal_mean(double median, double p99) {
  const double s = lognormal_sigma(median, p99);
  return median * std::exp(s * s / 2);
}
double lognormal_second_moment(double median, double p99) {
  const double s = lognormal_sigma(median, p99);
  return median * median * std::exp(2 * s * s);
}

TEST(Center, center_mode_customer_wait_agrees_with_the_Pollaczek_Khinchine_formula_for_a_single_agent) {
  // One agent who never leaves, Poisson arrivals, FIFO queue. A contact offered at t0 is accepted
  // after the answer delay A, talked over T, then the agent is in ACW for c = 5 s and routable
  // again: the service time is S = A + T + c, independent between contacts. The customer's wait
  // (arrival to acceptance) is the queueing wait Wq plus A, with Pollaczek-Khinchine
  // Wq = lambda E[S^2] / (2 (1 - rho)). The answer delay (median 1 s, p99 2 s) never reaches the
  // 20 s ring timeout in practice (checked: no missed contact).
  SessionSpec session;
  session.strategy = default_config(StrategyKind::None);
  EnvironmentParams& e = session.env;
  e.answer_delay_median_ms = 1000;
  e.answer_delay_p99_ms = 2000;
  e.talk_time_median_ms = 20000;
  e.talk_time_p99_ms = 60000;
  e.acw_duration_ms = 5000;

  const double ea = lognormal_mean(1000, 2000) / 1000;  // seconds
  const double ea2 = lognormal_second_moment(1000, 2000) / 1e6;
  const double et = lognormal_mean(20000, 60000) / 1000;
  const double et2 = lognormal_second_moment(20000, 60000) / 1e6;
  const double c = 5;
  const double es = ea + et + c;
  const double es2 = ea2 + et2 + c * c + 2 * (ea * et + c * ea + c * et);
  const double rho = 0.6;
  const double lambda = rho / es;  // per second
  const double wq = lambda * es2 / (2 * (1 - rho));
  const double expected_wait = wq + ea;

  CenterSpec center;
  center.agents = 1;
  center.close_pattern = ClosePattern::None;
  center.contact_rate_per_min = lambda * 60;
  center.shift_ms = 8 * 3600000.0;
  center.warmup_ms = 1800000;  // the queue starts empty
  center.after_shift_ms = 3600000;
  ASSERT_TRUE(session.validate().empty());
  ASSERT_TRUE(center.validate().empty());

  const CenterSummary s = run_center_monte_carlo(session, center, 400, 2024, 2);
  EXPECT_EQ(s.contacts_missed, 0u) << "a ring timeout would add 20 s to some service times";
  EXPECT_EQ(s.contacts_unserved, 0u);
  EXPECT_EQ(s.unaccepted_events, 0u);
  EXPECT_GT(s.waits_measured, 200000u);
  const MetricValue w = evaluate_center_metric(s, "wait_mean_s", 0.99);
  EXPECT_LE(w.interval.lo, expected_wait);
  EXPECT_GE(w.interval.hi, expected_wait);
  std::printf("M/G/1 (rho %.2f): Pollaczek-Khinchine wait %.3f s; simulated %.3f s, 99%% [%.3f, %.3f]\n",
              rho, expected_wait, w.estimate, w.interval.lo, w.interval.hi);
}

// ---- determinism ------------------------------------------------------------------------------------

SessionSpec busy_session() {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadSetstate);
  spec.strategy.server = ServerSide::HeartbeatSweeper;
  spec.strategy.missed_contact = MissedReaction::DismissThenOffline;
  return spec;
}

CenterSpec busy_center() {
  CenterSpec c;
  c.agents = 12;
  c.shift_ms = 3600000;
  c.contact_rate_per_min = 2;
  c.close_pattern = ClosePattern::Uniform;
  c.after_shift_ms = 1800000;
  return c;
}

TEST(Center, run_center_monte_carlo_gives_the_same_summary_on_one_and_two_threads) {
  const SessionSpec session = busy_session();
  const CenterSpec center = busy_center();
  ASSERT_TRUE(session.validate().empty());
  ASSERT_TRUE(center.validate().empty());
  const CenterSummary one = run_center_monte_carlo(session, center, 16, 99, 1);
  const CenterSummary two = run_center_monte_carlo(session, center, 16, 99, 2);
  EXPECT_TRUE(one == two);
  EXPECT_EQ(one.shifts, 16u);
  // Something happened worth comparing.
  EXPECT_GT(one.contacts_answered, 0u);
  EXPECT_GT(one.ghost_agents, 0u);
  EXPECT_GT(one.setstate_sent + one.put_user_status_sent, 0u);
}

TEST(Center, run_center_gives_the_same_outcome_and_grants_on_repeat) {
  const SessionSpec session = busy_session();
  const CenterSpec center = busy_center();
  CenterTrace a;
  CenterTrace b;
  const CenterOutcome x = run_center(session, center, 7, 3, &a);
  const CenterOutcome y = run_center(session, center, 7, 3, &b);
  EXPECT_TRUE(x == y);
  EXPECT_EQ(a.put_user_status_grants_us, b.put_user_status_grants_us);
  EXPECT_EQ(a.dismiss_user_contact_grants_us, b.dismiss_user_contact_grants_us);
  EXPECT_TRUE(x != run_center(session, center, 7, 4)) << "another shift is another draw";
}

}  // namespace
}  // namespace agentsim::sim
