// Shifts as a day (issue #14): times of day, the incoming shift's login spread, breaks (a close
// and a reopen of the same agent, each break a close of the per-close metrics) and contacts that
// keep arriving after the shift boundary. Tolerances are 5 standard deviations of the quantity
// under its stated distribution (a false alarm about once in 3.5 million runs), with fixed seeds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "agentsim/sim/center.h"

namespace agentsim::sim {
namespace {

constexpr std::int64_t kMinuteUs = 60'000'000;

// No strategy at all: an agent who leaves is a ghost until a contact rings out on it.
SessionSpec no_strategy() {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::None);
  return spec;
}

TEST(ShiftsAsADay, ClockTimesParseAndRefuseNonsense) {
  EXPECT_EQ(parse_clock_ms("09:00"), 9 * 3600000.0);
  EXPECT_EQ(parse_clock_ms("17:30:15"), (17 * 3600 + 30 * 60 + 15) * 1000.0);
  EXPECT_EQ(parse_clock_ms("00:00"), 0.0);
  EXPECT_EQ(parse_clock_ms("23:59:59"), 86399000.0);
  for (const char* bad : {"24:00", "9:00", "09:60", "09:00:60", "09-00", " 09:00", "09:00 ", "",
                          "0900", "09:00:0", "ab:cd", "-1:00"}) {
    EXPECT_FALSE(parse_clock_ms(bad).has_value()) << bad;
  }
  EXPECT_EQ(clock_text(9 * 3600000.0), "09:00");
  EXPECT_EQ(clock_text(kDayMs + 3600000.0), "01:00");  // modulo a day
  EXPECT_EQ(clock_text(61000), "00:01:01");

  CenterSpec day;
  ASSERT_FALSE(set_center_parameter(day, "shift", "09:00-17:00").has_value());
  EXPECT_EQ(day.shift_ms, 8 * 3600000.0);
  EXPECT_EQ(day.shift_start_of_day_ms, 9 * 3600000.0);
  EXPECT_EQ(center_parameter_value(day, "shift"), "09:00-17:00");
  CenterSpec night;
  ASSERT_FALSE(set_center_parameter(night, "shift", "22:00-06:00:30").has_value());
  EXPECT_EQ(night.shift_ms, 8 * 3600000.0 + 30000) << "an end before the start runs past midnight";
  EXPECT_TRUE(set_center_parameter(night, "shift", "22:00-22:00").has_value());
  EXPECT_TRUE(set_center_parameter(night, "shift", "22:00").has_value());
  EXPECT_TRUE(set_center_parameter(night, "burst_at", "5 pm").has_value());

  // burst_at resolves against the clock origin, and refuses a time outside the shift naming it.
  day.close_pattern = ClosePattern::Burst;
  ASSERT_FALSE(set_center_parameter(day, "burst_at", "16:30").has_value());
  EXPECT_FALSE(resolve_center_clock(day).has_value());
  EXPECT_EQ(day.burst_at_ms, 7.5 * 3600000.0);
  ASSERT_FALSE(set_center_parameter(day, "burst_at", "18:30").has_value());
  const auto outside = resolve_center_clock(day);
  ASSERT_TRUE(outside.has_value());
  EXPECT_NE(outside->find("outside the shift 09:00–17:00"), std::string::npos) << *outside;
  EXPECT_NE(outside->find("simulated span is 09:00–18:00"), std::string::npos) << *outside;
  CenterSpec no_clock;
  ASSERT_FALSE(set_center_parameter(no_clock, "burst_at", "17:00").has_value());
  ASSERT_TRUE(resolve_center_clock(no_clock).has_value());
  EXPECT_NE(resolve_center_clock(no_clock)->find("the shift has none"), std::string::npos);
  // Past midnight: 02:00 is 4 h into a 22:00 shift.
  night.close_pattern = ClosePattern::Burst;
  ASSERT_FALSE(set_center_parameter(night, "burst_at", "02:00").has_value());
  EXPECT_FALSE(resolve_center_clock(night).has_value());
  EXPECT_EQ(night.burst_at_ms, 4 * 3600000.0);
  EXPECT_EQ(shift_time_text(night, night.burst_at_ms), "02:00");
}

// 400 incoming agents log in over 15 minutes from a burst at the end of a 1 h shift.
CenterSpec login_center(double spread_ms) {
  CenterSpec c;
  c.agents = 20;
  c.incoming_agents = 400;
  c.shift_ms = 3600000;
  c.contact_rate_per_min = 2;
  c.close_pattern = ClosePattern::Burst;
  c.burst_spread_ms = 60000;
  c.incoming_login_spread_ms = spread_ms;
  return c;
}

TEST(ShiftsAsADay, IncomingAgentsLogInSpreadOverTheLoginSpread) {
  const SessionSpec session = no_strategy();
  const double spread_ms = 900000;
  const CenterSpec spread = login_center(spread_ms);
  ASSERT_TRUE(spread.validate().empty());
  CenterTrace t;
  const CenterOutcome o = run_center(session, spread, 5, 0, &t);
  ASSERT_EQ(t.login_at_us.size(), 400u);
  double sum = 0;
  for (std::int64_t at : t.login_at_us) {
    EXPECT_GE(at, o.burst_start_us);
    EXPECT_LE(at, o.burst_start_us + static_cast<std::int64_t>(spread_ms * 1000));
    sum += static_cast<double>(at - o.burst_start_us) / 1000.0;
  }
  // Uniform over the spread: mean spread/2, standard deviation of the mean spread/sqrt(12 n).
  const double mean = sum / 400;
  EXPECT_NEAR(mean, spread_ms / 2, 5 * spread_ms / std::sqrt(12.0 * 400)) << mean;
  const auto [lo, hi] = std::minmax_element(t.login_at_us.begin(), t.login_at_us.end());
  EXPECT_GT(*hi - *lo, static_cast<std::int64_t>(0.9 * spread_ms * 1000)) << "spread, not bunched";

  // Each login is drawn from the incoming agent's own stream: the leaving agents' closes and the
  // contacts' arrivals are those of the same shift without a spread.
  CenterTrace at_once;
  const CenterOutcome same = run_center(session, login_center(0), 5, 0, &at_once);
  EXPECT_EQ(t.close_at_us, at_once.close_at_us);
  EXPECT_EQ(o.burst_start_us, same.burst_start_us);
  for (std::int64_t at : at_once.login_at_us) EXPECT_EQ(at, same.burst_start_us);
  std::vector<std::int64_t> arrivals_a, arrivals_b;
  for (const RoutingEvent& e : t.routing) {
    if (e.kind == RoutingEvent::Kind::Arrived) arrivals_a.push_back(e.at_us);
  }
  for (const RoutingEvent& e : at_once.routing) {
    if (e.kind == RoutingEvent::Kind::Arrived) arrivals_b.push_back(e.at_us);
  }
  EXPECT_EQ(arrivals_a, arrivals_b);
}

// One agent, one 15-minute break in a 2 h shift, nobody's session ending otherwise (close pattern
// none), the break's close a tab close, no strategy: the agent is a ghost during the break.
CenterSpec one_break_center() {
  CenterSpec c;
  c.agents = 1;
  c.shift_ms = 2 * 3600000.0;
  c.contact_rate_per_min = 0;
  c.close_pattern = ClosePattern::None;
  c.breaks_per_agent = 1;
  c.after_shift_ms = 0;
  return c;
}

TEST(ShiftsAsADay, ABreakIsACloseAndAReopen) {
  SessionSpec session = no_strategy();
  session.close_kind = CloseKind::TabClose;
  const CenterSpec center = one_break_center();
  ASSERT_TRUE(center.validate().empty());
  CenterTrace t;
  t.timeline = true;
  const CenterOutcome o = run_center(session, center, 3, 0, &t);
  ASSERT_EQ(t.breaks_us.size(), 1u);
  ASSERT_EQ(t.breaks_us[0].size(), 1u);
  const auto [start, end] = t.breaks_us[0][0];
  EXPECT_EQ(end - start, 15 * kMinuteUs);
  EXPECT_EQ(o.closes, 1u) << "the break is a close";
  EXPECT_EQ(o.break_closes, 1u);
  EXPECT_EQ(o.ghost_agents, 1u) << "no strategy: the break left a ghost";
  EXPECT_EQ(o.break_ghosts, 1u);
  EXPECT_EQ(o.ghosts_at_end, 0u) << "back from the break, the agent is no ghost";
  // Ghost from the teardown (within the unload window) until the return.
  EXPECT_LE(o.ghost_agent_us, end - start);
  EXPECT_GT(o.ghost_agent_us, end - start - 1'000'000);
  // The router saw the agent routable all along (a ghost is routable), and after the return too.
  bool routable_after = false;
  for (const RoutingEvent& e : t.routing) {
    if (e.kind == RoutingEvent::Kind::Unavailable && e.at_us >= end) ADD_FAILURE() << "unroutable after the return";
    if (e.kind == RoutingEvent::Kind::Available) routable_after = true;
  }
  EXPECT_TRUE(routable_after);
  // The timeline: the close (unload, teardown), the return (page open, login, Available).
  std::size_t closes = 0, returns = 0;
  for (const TraceEntry& e : t.entries) {
    if (e.text.find("the session ends: tab_close") != std::string::npos) ++closes;
    if (e.text.find("back from the break: opens the CCP") != std::string::npos) {
      ++returns;
      EXPECT_EQ(e.time_us, end);
    }
  }
  EXPECT_EQ(closes, 1u);
  EXPECT_EQ(returns, 1u);

  // A strategy that sets Offline from the page closes the same break without a ghost most of the
  // time, and the agent is Available again after it: it answers contacts after the break.
  SessionSpec setstate;
  setstate.strategy = default_config(StrategyKind::BeforeunloadSetstate);
  setstate.close_kind = CloseKind::TabClose;
  setstate.env.api_5xx_prob = setstate.env.api_429_prob = setstate.env.api_timeout_prob = 0;
  setstate.env.api_lost_response_prob = 0;
  CenterSpec busy = one_break_center();
  busy.contact_rate_per_min = 0.5;
  CenterTrace u;
  const CenterOutcome p = run_center(setstate, busy, 3, 0, &u);
  EXPECT_EQ(p.closes, 1u);
  const auto [s2, e2] = u.breaks_us[0][0];
  std::size_t accepted_after = 0, accepted_during = 0;
  for (const RoutingEvent& e : u.routing) {
    if (e.kind != RoutingEvent::Kind::Accepted) continue;
    if (e.at_us > e2) ++accepted_after;
    if (e.at_us > s2 + 1'000'000 && e.at_us < e2) ++accepted_during;
  }
  EXPECT_GT(accepted_after, 0u) << "back at work after the break";
  EXPECT_EQ(accepted_during, 0u) << "nobody answers during a break";
}

// 30 agents, 3 breaks each of 5 to 20 minutes, closes uniform over a 4 h shift.
CenterSpec breaks_center() {
  CenterSpec c;
  c.agents = 30;
  c.shift_ms = 4 * 3600000.0;
  c.contact_rate_per_min = 3;
  c.close_pattern = ClosePattern::Uniform;
  c.breaks_per_agent = 3;
  c.break_duration_min_ms = 300000;
  c.break_duration_max_ms = 1200000;
  c.after_shift_ms = 1800000;
  return c;
}

TEST(ShiftsAsADay, BreaksFallWithinTheWorkingTimeWithoutOverlapping) {
  const SessionSpec session = no_strategy();
  const CenterSpec center = breaks_center();
  ASSERT_TRUE(center.validate().empty());
  CenterTrace t;
  const CenterOutcome o = run_center(session, center, 11, 0, &t);
  ASSERT_EQ(t.breaks_us.size(), 30u);
  std::uint32_t taken = 0;
  for (std::size_t i = 0; i < 30; ++i) {
    std::int64_t previous_end = 0;
    const auto& breaks = t.breaks_us[i];
    EXPECT_LE(breaks.size(), 3u);
    for (const auto& [start, end] : breaks) {
      EXPECT_GE(start, previous_end + 60'000'000) << "agent " << i << ": a minute at work before";
      EXPECT_GE(end - start, 5 * kMinuteUs);
      EXPECT_LE(end - start, 20 * kMinuteUs);
      previous_end = end;
    }
    if (!breaks.empty()) {
      EXPECT_LE(previous_end + 60'000'000, t.close_at_us[i]) << "agent " << i;
    }
    // An agent whose close comes late enough takes all three.
    if (t.close_at_us[i] > 3 * 21 * kMinuteUs + kMinuteUs) {
      EXPECT_EQ(breaks.size(), 3u) << i;
    }
    taken += static_cast<std::uint32_t>(breaks.size());
  }
  EXPECT_EQ(o.break_closes, taken);
  EXPECT_EQ(o.closes, 30u + taken) << "each break close counts as a close";
}

TEST(ShiftsAsADay, EachBreakCountsInThePerCloseGhostRate) {
  // With no strategy, every close that leaves (tab close, quit, crash...) leaves a ghost, a
  // break's as the shift end's: the ghost rate per close is the same with breaks as without,
  // within the sampling error of both.
  const SessionSpec session = no_strategy();
  CenterSpec with = breaks_center();
  with.close_pattern = ClosePattern::None;
  with.breaks_per_agent = 2;
  CenterSpec without = breaks_center();
  const CenterSummary a = run_center_monte_carlo(session, with, 40, 21, 2);
  const CenterSummary b = run_center_monte_carlo(session, without, 40, 21, 2);
  ASSERT_EQ(a.closes, a.break_closes);
  ASSERT_EQ(a.closes, 40u * 30u * 2u);
  const double pa = static_cast<double>(a.ghost_agents) / static_cast<double>(a.closes);
  const double pb = static_cast<double>(b.ghost_agents) / static_cast<double>(b.closes);
  const double se = std::sqrt(pa * (1 - pa) / static_cast<double>(a.closes) +
                              pb * (1 - pb) / static_cast<double>(b.closes));
  EXPECT_NEAR(pa, pb, 5 * se) << pa << " vs " << pb;
  EXPECT_GT(pa, 0.5) << "most closes leave a ghost without a strategy";
  EXPECT_EQ(a.ghost_agents, a.break_ghosts);
}

TEST(ShiftsAsADay, ContactsKeepArrivingAfterTheShiftBoundary) {
  const SessionSpec session = no_strategy();
  // 30 agents (a contact takes them about 5 minutes: room for about 6 a minute) and 3 contacts a
  // minute after the shift: all but the last few are answered.
  CenterSpec c;
  c.agents = 30;
  c.shift_ms = 3600000;
  c.contact_rate_per_min = 2;
  c.close_pattern = ClosePattern::None;
  c.after_shift_ms = 3600000;
  c.contact_rate_after_shift_per_min = 3;
  ASSERT_TRUE(c.validate().empty());
  std::uint64_t after = 0, during = 0, answered_after = 0;
  const int shifts = 20;
  const std::int64_t boundary = 3600LL * 1'000'000;
  for (int k = 0; k < shifts; ++k) {
    CenterTrace t;
    const CenterOutcome o = run_center(session, c, 8, static_cast<std::uint64_t>(k), &t);
    std::vector<std::uint32_t> after_ids;
    for (const RoutingEvent& e : t.routing) {
      if (e.kind == RoutingEvent::Kind::Arrived) {
        EXPECT_LT(e.at_us, o.end_us);
        (e.at_us >= boundary ? after : during) += 1;
        if (e.at_us >= boundary) after_ids.push_back(e.contact);
      }
      if (e.kind == RoutingEvent::Kind::Accepted &&
          std::find(after_ids.begin(), after_ids.end(), e.contact) != after_ids.end()) {
        ++answered_after;
      }
    }
    EXPECT_EQ(o.waits_measured, o.contacts_answered) << "their waits are measured like the others";
  }
  // Poisson counts: 3/min x 60 min x 20 shifts = 3600 after, 2400 during.
  EXPECT_NEAR(static_cast<double>(after), 3600, 5 * std::sqrt(3600.0));
  EXPECT_NEAR(static_cast<double>(during), 2400, 5 * std::sqrt(2400.0));
  EXPECT_GT(static_cast<double>(answered_after), 0.9 * static_cast<double>(after)) << "the agents serve them";

  // Without the rate no contact arrives after the boundary (today's behaviour), and the contacts
  // during the shift are the same draws.
  CenterSpec today = c;
  today.contact_rate_after_shift_per_min = 0;
  CenterTrace t0, t1;
  run_center(session, today, 8, 0, &t0);
  run_center(session, c, 8, 0, &t1);
  std::vector<std::int64_t> a0, a1;
  for (const RoutingEvent& e : t0.routing) {
    if (e.kind == RoutingEvent::Kind::Arrived) a0.push_back(e.at_us);
  }
  for (const RoutingEvent& e : t1.routing) {
    if (e.kind == RoutingEvent::Kind::Arrived && e.at_us < boundary) a1.push_back(e.at_us);
  }
  ASSERT_FALSE(a0.empty());
  EXPECT_LT(a0.back(), boundary);
  EXPECT_EQ(a0, a1);
}

TEST(ShiftsAsADay, WithBreaksOnOneAndTwoThreadsGiveTheSameCenterResults) {
  SessionSpec session;
  session.strategy = default_config(StrategyKind::BeforeunloadSetstate);
  session.strategy.server = ServerSide::HeartbeatSweeper;
  CenterSpec c = breaks_center();
  c.agents = 12;
  c.close_pattern = ClosePattern::Burst;
  c.incoming_agents = 6;
  c.incoming_login_spread_ms = 600000;
  c.contact_rate_after_shift_per_min = 1;
  ASSERT_TRUE(c.validate().empty());
  const CenterSummary one = run_center_monte_carlo(session, c, 12, 77, 1);
  const CenterSummary two = run_center_monte_carlo(session, c, 12, 77, 2);
  EXPECT_TRUE(one == two);
  EXPECT_GT(one.break_closes, 0u);
  EXPECT_GT(one.contacts_answered, 0u);
}

TEST(ShiftsAsADay, BreaksAndLaterContactsRaiseTheWorkEstimateAndTheLimitsStillHold) {
  const SessionSpec session = no_strategy();
  CenterSpec c = breaks_center();
  c.breaks_per_agent = 0;
  const CenterWork base = estimate_center_work(session, c);
  c.breaks_per_agent = 3;
  c.contact_rate_after_shift_per_min = 3;
  const CenterWork more = estimate_center_work(session, c);
  EXPECT_EQ(more.agent_events, base.agent_events * 4) << "each break as many events as a close";
  EXPECT_EQ(more.contacts, base.contacts + 3 * 30) << "3/min over 30 min after the shift";
  // A center whose later contacts exceed the limit on contacts is refused like any other.
  c.after_shift_ms = 7 * 86400000.0;
  c.contact_rate_after_shift_per_min = 1000;
  EXPECT_FALSE(check_center_limits(session, c).empty());
}

TEST(ShiftsAsADay, BreakKeysAreValidatedWithTheirRanges) {
  CenterSpec c;
  EXPECT_TRUE(set_center_parameter(c, "breaks_per_agent", "9").has_value());
  EXPECT_TRUE(set_center_parameter(c, "breaks_per_agent", "1.5").has_value());
  EXPECT_TRUE(set_center_parameter(c, "break_window", "lunch").has_value());
  c.break_duration_min_ms = 1000;
  ASSERT_FALSE(c.validate().empty());
  EXPECT_EQ(c.validate()[0], "break_duration_min_ms: must be between 60000 and 14400000, got 1000");
  CenterSpec d;
  d.break_duration_min_ms = 1200000;
  d.break_duration_max_ms = 600000;
  ASSERT_EQ(d.validate().size(), 1u);
  EXPECT_EQ(d.validate()[0], "break_duration_max_ms: must be at least break_duration_min_ms");
  // 8 breaks of 4 h do not fit in an 8 h shift that ends in a burst.
  CenterSpec e;
  e.close_pattern = ClosePattern::Burst;
  e.breaks_per_agent = 8;
  e.break_duration_min_ms = e.break_duration_max_ms = 4 * 3600000.0;
  ASSERT_EQ(e.validate().size(), 1u);
  EXPECT_NE(e.validate()[0].find("breaks_per_agent: 8 breaks of up to 14400000 ms"), std::string::npos)
      << e.validate()[0];
  CenterSpec f;
  f.incoming_login_spread_ms = 60000;
  ASSERT_EQ(f.validate().size(), 1u);
  EXPECT_NE(f.validate()[0].find("set incoming_agents"), std::string::npos);
}

}  // namespace
}  // namespace agentsim::sim
