// Limits on a center shift (issue #13, item 6). What landed: a center with every value inside its
// documented range — 5000 agents, an 8 h shift, 100,000 contacts/min — validated, then ran for more
// than 200 s and grew past 600 MB (a record per contact, an event budget of
// max_events_per_session x agents = 1e11). Now the estimate of a shift's work is checked against
// named limits before it runs (check_center_limits), and the same limits are hard budgets while it
// runs (ShiftBudget): a shift that reaches one stops and counts in budget_exceeded_shifts.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/sim/center.h"

namespace agentsim::sim {
namespace {

SessionSpec session_of(StrategyKind kind) {
  SessionSpec spec;
  spec.strategy = default_config(kind);
  return spec;
}

// The scenario of the issue: every value inside its documented range.
CenterSpec landed_center() {
  CenterSpec c;
  c.agents = 5000;
  c.shift_ms = 8 * 3600000.0;
  c.contact_rate_per_min = 100000;
  return c;
}

std::vector<std::string> messages(const std::vector<CenterLimitProblem>& problems) {
  std::vector<std::string> out;
  for (const CenterLimitProblem& p : problems) out.push_back(p.message);
  return out;
}

TEST(CenterLimits, the_landed_center_is_within_every_documented_range_yet_refused_for_its_contacts) {
  const SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  const CenterSpec c = landed_center();
  ASSERT_TRUE(c.validate().empty()) << "the landed scenario validated";
  ASSERT_TRUE(session.validate().empty());
  const auto problems = check_center_limits(session, c);
  ASSERT_EQ(problems.size(), 2u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].message,
            "center: 100,000 contacts/min × 480 min (shift_ms) = 48,000,000 contacts per shift, "
            "more than the limit of 1,000,000");
  EXPECT_EQ(problems[0].hint,
            "each contact keeps a record until the shift ends: lower contact_rate_per_min or "
            "shorten shift_ms (docs/performance.md)");
  EXPECT_EQ(problems[1].message.rfind("center: about 491,648,672 events per shift, more than the "
                                      "limit of 20,000,000: ",
                                      0),
            0u)
      << problems[1].message;
}

TEST(CenterLimits, the_estimate_names_each_product_of_the_work) {
  SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  CenterSpec c;
  c.agents = 500;
  c.shift_ms = 8 * 3600000.0;
  c.after_shift_ms = 3600000;
  c.contact_rate_per_min = 100;
  const CenterWork w = estimate_center_work(session, c);
  EXPECT_EQ(w.agents, 500u);
  EXPECT_DOUBLE_EQ(w.contacts, 48000);                          // 100/min x 480 min
  EXPECT_DOUBLE_EQ(w.contacts_upper, 48000 + 5 * std::sqrt(48000.0) + 10);
  EXPECT_DOUBLE_EQ(w.contact_events, w.contacts_upper * CenterWork::kEventsPerContact);
  EXPECT_DOUBLE_EQ(w.heartbeat_events, 500.0 * 9 * 3600 / 30 * 2);  // every 30 s, send and arrive
  EXPECT_DOUBLE_EQ(w.agent_events, 500 * CenterWork::kEventsPerAgent);
  EXPECT_DOUBLE_EQ(w.sweep_passes, 9 * 3600 / 15 + 1);               // every 15 s
  EXPECT_DOUBLE_EQ(w.sweep_checks, 500 * w.sweep_passes);
  EXPECT_EQ(w.event_budget, 20000u * 500);                           // max_events_per_session x agents
  EXPECT_TRUE(check_center_limits(session, c).empty());
  // No server side: no heartbeats, no sweeper.
  const CenterWork none = estimate_center_work(session_of(StrategyKind::None), c);
  EXPECT_EQ(none.heartbeat_events, 0);
  EXPECT_EQ(none.sweep_checks, 0);
}

TEST(CenterLimits, a_shift_of_heartbeats_beyond_the_event_limit_is_refused_with_its_product) {
  SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  session.strategy.sweeper.heartbeat_interval_ms = 1000;
  CenterSpec c;
  c.agents = 5000;
  c.contact_rate_per_min = 0;
  const auto problems = check_center_limits(session, c);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].message,
            "center: about 324,502,161 events per shift, more than the limit of 20,000,000: 5000 "
            "agents × 9 h (shift_ms + after_shift_ms) / 1 s (heartbeat_interval_ms) × 2 = "
            "324,000,000 heartbeat events; 5000 agents × 100 = 500,000 agent events; 2,161 "
            "sweeper passes");
  EXPECT_NE(problems[0].hint.find("lengthen strategy.heartbeat_interval_ms"), std::string::npos);
}

TEST(CenterLimits, a_shift_the_environments_event_budget_would_stop_is_refused_before_it_runs) {
  // What landed: every shift stopped at max_events_per_session x agents, flagged but run.
  SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  CenterSpec c;
  c.agents = 10;
  c.shift_ms = 7 * 86400000.0;
  c.contact_rate_per_min = 0;
  const auto problems = check_center_limits(session, c);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_NE(problems[0].message.find("more than the shift's event budget of "
                                     "environment.max_events_per_session × agents = 20,000 × 10 = "
                                     "200,000, so every shift would stop early"),
            std::string::npos)
      << problems[0].message;
  EXPECT_EQ(problems[0].hint,
            "raise environment.max_events_per_session to at least 44,717, or shorten the shift");
  session.env.max_events_per_session = 44717;
  EXPECT_TRUE(check_center_limits(session, c).empty());
  // And a run of it no longer stops early.
  c.shift_ms = 86400000;
  c.after_shift_ms = 0;
  session.env.max_events_per_session = 20000;
  ASSERT_TRUE(check_center_limits(session, c).empty());
  EXPECT_FALSE(run_center(session, c, 1, 0).budget_exceeded);
}

// Issue 16, item 4: the event limit grows with the agents (4,000 an agent, at least 20 M), so the
// 10,000 + 10,000 agents of BM_CenterShift/10000 (an 8 h shift, contacts at 1,250/min, 24.4 M
// events run) are accepted, where the flat 20 M refused their estimate of 49 M.
TEST(CenterLimits, the_event_limit_grows_with_the_agents) {
  EXPECT_EQ(max_events_per_shift(1), kMaxEventsPerShift);
  EXPECT_EQ(max_events_per_shift(5000), 20000000u);
  EXPECT_EQ(max_events_per_shift(5001), 20004000u);
  EXPECT_EQ(max_events_per_shift(20000), 80000000u);
  const SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  CenterSpec c;
  c.agents = 10000;
  c.incoming_agents = 10000;
  c.shift_ms = 8 * 3600000.0;
  c.contact_rate_per_min = 1250;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 7 * 3600000.0;
  c.burst_spread_ms = 600000;
  c.after_shift_ms = 1800000;
  ASSERT_TRUE(c.validate().empty());
  const CenterWork w = estimate_center_work(session, c);
  EXPECT_GT(w.events(), 45e6);
  EXPECT_LT(w.events(), 80e6);
  EXPECT_EQ(w.event_budget, 80000000u);
  EXPECT_TRUE(check_center_limits(session, c).empty()) << ::testing::PrintToString(messages(check_center_limits(session, c)));
  // Twice the heartbeats would need 94 M: refused, with the limit of these agents.
  SessionSpec fast = session;
  fast.strategy.sweeper.heartbeat_interval_ms = 15000;
  const auto problems = check_center_limits(fast, c);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_NE(problems[0].message.find("more than the limit of 80,000,000: "), std::string::npos)
      << problems[0].message;
}

TEST(CenterLimits, a_sweeper_checking_every_agent_too_often_is_refused) {
  SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  session.strategy.sweeper.sweep_period_ms = 100;
  session.strategy.sweeper.heartbeat_interval_ms = 3600000;
  CenterSpec c;
  c.agents = 5000;
  c.contact_rate_per_min = 0;
  const auto problems = check_center_limits(session, c);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].message,
            "center: the sweeper checks 5000 agents every 0.1 s (strategy.sweep_period_ms) for 9 h "
            "(shift_ms + after_shift_ms): 1,620,005,000 agent checks per shift, more than the "
            "limit of 200,000,000");
}

TEST(CenterLimits, contacts_just_under_the_limit_are_refused_for_their_poisson_spread) {
  const SessionSpec session = session_of(StrategyKind::None);
  CenterSpec c;
  c.agents = 5000;
  c.shift_ms = 60000000;                  // 1000 min
  c.contact_rate_per_min = 999.5;         // 999,500 expected, up to 1,004,509
  const auto problems = check_center_limits(session, c);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(messages(problems));
  EXPECT_EQ(problems[0].message,
            "center: 999.5 contacts/min × 1,000 min (shift_ms) = 999,500 contacts expected per "
            "shift, up to 1,004,509 with the Poisson spread, more than the limit of 1,000,000");
  c.contact_rate_per_min = 990;
  EXPECT_TRUE(check_center_limits(session, c).empty());
}

// ---- the budgets while a shift runs ----------------------------------------------------------

// The bundled shift change (scenarios/default/05-center.yaml): 1,440 contacts expected.
CenterSpec shift_change() {
  CenterSpec c;
  c.agents = 50;
  c.incoming_agents = 50;
  c.shift_ms = 14400000;
  c.contact_rate_per_min = 6;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 10800000;
  c.burst_spread_ms = 600000;
  c.warmup_ms = 3600000;
  return c;
}

TEST(CenterBudget, a_shift_stops_at_its_budget_of_contacts_and_counts_as_exceeded) {
  const SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  const CenterSpec c = shift_change();
  const CenterOutcome full = run_center(session, c, 5, 0);
  ASSERT_FALSE(full.budget_exceeded);
  ASSERT_GT(full.contacts_arrived, 1000u);
  ShiftBudget budget;
  budget.contacts = 100;
  const CenterOutcome stopped = run_center(session, c, 5, 0, nullptr, budget);
  EXPECT_TRUE(stopped.budget_exceeded);
  EXPECT_EQ(stopped.contacts_arrived, 100u) << "no contact record beyond the budget";
  EXPECT_LT(stopped.end_us, full.end_us);
  CenterSummary summary;
  summary.add(stopped);
  summary.add(full);
  EXPECT_EQ(summary.budget_exceeded_shifts, 1u);
}

TEST(CenterBudget, a_shift_stops_at_its_budget_of_events_whatever_the_environment_allows) {
  SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  session.env.max_events_per_session = 1e7;  // 10^9 for the shift: the budget is lower
  ShiftBudget budget;
  budget.events = 5000;
  const CenterOutcome o = run_center(session, shift_change(), 5, 0, nullptr, budget);
  EXPECT_TRUE(o.budget_exceeded);
  EXPECT_EQ(o.events_processed, 5001u) << "the event over the budget is counted, not handled";
}

TEST(CenterBudget, a_shift_stops_at_its_budget_of_sweeper_checks) {
  const SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  ShiftBudget budget;
  budget.sweep_checks = 100 * 10;  // ten passes over the 100 agents
  const CenterOutcome o = run_center(session, shift_change(), 5, 0, nullptr, budget);
  EXPECT_TRUE(o.budget_exceeded);
  // Ten passes every 15 s from a phase within the first 15 s: stopped at the eleventh.
  EXPECT_LE(o.end_us, std::int64_t{11} * 15'000'000);
}

TEST(CenterBudget, a_shift_stops_at_its_budget_of_api_calls) {
  // 200 ghosts at once and a sweeper that does not pace its calls: thousands of calls.
  SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  session.strategy.sweeper.rate_rps = 0;
  session.close_kind = CloseKind::TabClose;
  CenterSpec c;
  c.agents = 200;
  c.shift_ms = 7200000;
  c.contact_rate_per_min = 0;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 3600000;
  c.burst_spread_ms = 0;
  c.after_shift_ms = 1800000;
  const CenterOutcome full = run_center(session, c, 5, 0);
  ASSERT_GT(full.put_user_status_sent, 1000u);
  ShiftBudget budget;
  budget.calls = 300;
  const CenterOutcome o = run_center(session, c, 5, 0, nullptr, budget);
  EXPECT_TRUE(o.budget_exceeded);
  // Every call the sweeper made is a PutUserStatus, which takes a token or is throttled: exactly
  // the budget. (The attempts refused at it, in the same pass, count as sent, not as calls.)
  EXPECT_EQ(o.tokens_granted + o.throttled, 300u);
  EXPECT_TRUE(o.burst_clear_censored()) << "a stopped shift has no clear time";
}

// Issue 16, item 4: a center of 10,000 agents (and as many incoming at a shift change) is within
// the agents' range and its limits, and runs: a short shift, so that the test stays fast.
TEST(CenterLimits, ten_thousand_agents_and_as_many_incoming_are_accepted_and_run) {
  const SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  CenterSpec c;
  c.agents = 10000;
  c.incoming_agents = 10000;
  c.shift_ms = 600000;               // 10 min
  c.contact_rate_per_min = 1250;     // agents / 8 per minute, as BM_CenterShift
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 300000;
  c.burst_spread_ms = 60000;
  c.after_shift_ms = 60000;
  ASSERT_TRUE(c.validate().empty()) << ::testing::PrintToString(c.validate());
  ASSERT_TRUE(check_center_limits(session, c).empty())
      << ::testing::PrintToString(messages(check_center_limits(session, c)));
  const CenterOutcome o = run_center(session, c, 1, 0);
  EXPECT_FALSE(o.budget_exceeded);
  EXPECT_EQ(o.agents, 20000u);
  EXPECT_EQ(o.closes, 10000u) << "every leaving agent closes once, the incoming never";
  EXPECT_GT(o.contacts_arrived, 10000u) << "about 12,500 expected";
  EXPECT_GT(o.contacts_answered, 0u);
  // One more agent is refused, on either count.
  c.agents = 10001;
  EXPECT_EQ(c.validate(), std::vector<std::string>{"agents: must be between 1 and 10000, got 10001"});
  c.agents = 10000;
  c.incoming_agents = 10001;
  EXPECT_EQ(c.validate(),
            std::vector<std::string>{"incoming_agents: must be between 0 and 10000, got 10001"});
}

TEST(CenterBudget, the_default_budget_leaves_the_bundled_shift_change_untouched) {
  const SessionSpec session = session_of(StrategyKind::HeartbeatSweeper);
  const CenterSpec c = shift_change();
  EXPECT_EQ(run_center(session, c, 5, 3), run_center(session, c, 5, 3, nullptr, ShiftBudget{}));
}

}  // namespace
}  // namespace agentsim::sim
