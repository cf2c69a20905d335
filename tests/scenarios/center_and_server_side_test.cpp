// Center scenarios (`center:`), server-side strategy parameters and composition: what loads, what
// is refused and with which message, and replay files of composed strategies.
#include <gtest/gtest.h>

#include <algorithm>

#include "agentsim/search/replay_writer.h"
#include "agentsim/sim/center.h"
#include "scenario_fixtures.h"

namespace agentsim::scenarios {
namespace {

using testing::Pairs;

LoadResult load(const std::string& text) { return load_scenario_text(text, "test.yaml"); }

std::vector<std::string> formatted(const LoadResult& r) {
  std::vector<std::string> out;
  for (const LoadError& e : r.errors) out.push_back(e.format());
  return out;
}

const sim::Scenario& only(const LoadResult& r) {
  EXPECT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(r.scenarios.size(), 1u);
  static const sim::Scenario none;
  return r.scenarios.empty() ? none : r.scenarios.front();
}

// ---- center mode --------------------------------------------------------------------------------

TEST(CenterScenario, loads_every_parameter_counts_shifts_and_lists_its_overrides) {
  const LoadResult r = load(
      "name: shift change\n"
      "strategy: heartbeat_sweeper\n"
      "center:\n"
      "  agents: 200\n"
      "  incoming_agents: 100\n"
      "  shift_ms: 14400000\n"
      "  contact_rate_per_min: 6.5\n"
      "  close_pattern: burst\n"
      "  burst_at_ms: 10800000\n"
      "  burst_spread_ms: 600000\n"
      "  after_shift_ms: 1800000\n"
      "  warmup_ms: 3600000\n"
      "expect:\n"
      "  - time_to_clear_last_ghost_s >= 97\n"
      "  - bucket_violations <= 0\n"
      "  - unaccepted_events <= 0\n");
  const sim::Scenario& s = only(r);
  ASSERT_TRUE(s.center.has_value());
  const sim::CenterSpec& c = *s.center;
  EXPECT_EQ(c.agents, 200);
  EXPECT_EQ(c.incoming_agents, 100);
  EXPECT_EQ(c.shift_ms, 14400000);
  EXPECT_EQ(c.contact_rate_per_min, 6.5);
  EXPECT_EQ(c.close_pattern, sim::ClosePattern::Burst);
  EXPECT_EQ(c.burst_at_ms, 10800000);
  EXPECT_EQ(c.burst_spread_ms, 600000);
  EXPECT_EQ(c.after_shift_ms, 1800000);
  EXPECT_EQ(c.warmup_ms, 3600000);
  EXPECT_EQ(s.sessions, 20u) << "a center scenario counts shifts";
  EXPECT_EQ(s.max_sessions, 320u);
  ASSERT_EQ(s.expectations.size(), 3u);
  EXPECT_EQ(s.expectations[0].metric, "time_to_clear_last_ghost_s");
  EXPECT_EQ(s.overrides,
            (Pairs{{"center.agents", "200"},
                   {"center.incoming_agents", "100"},
                   {"center.shift_ms", "14400000"},
                   {"center.contact_rate_per_min", "6.5"},
                   {"center.close_pattern", "burst"},
                   {"center.burst_at_ms", "10800000"},
                   {"center.burst_spread_ms", "600000"},
                   {"center.after_shift_ms", "1800000"},
                   {"center.warmup_ms", "3600000"}}));
}

TEST(CenterScenario, an_empty_center_block_takes_every_default_and_sessions_may_be_set) {
  const LoadResult loaded1 = load("name: c\ncenter: {}\nsessions: 40\nmax_sessions: 160\nclose_kind: crash\n");
  const sim::Scenario& s = only(loaded1);
  ASSERT_TRUE(s.center.has_value());
  const sim::CenterSpec defaults;
  EXPECT_EQ(s.center->agents, defaults.agents);
  EXPECT_EQ(s.center->close_pattern, defaults.close_pattern);
  EXPECT_EQ(s.sessions, 40u);
  EXPECT_EQ(s.max_sessions, 160u);
  EXPECT_EQ(s.session.close_kind, sim::CloseKind::Crash) << "close_kind fixes every agent's";
  EXPECT_TRUE(s.overrides.empty());
}

TEST(CenterScenario, defaults_merge_into_center_key_by_key) {
  const LoadResult r = load(
      "defaults:\n"
      "  center: {agents: 30, shift_ms: 3600000}\n"
      "scenarios:\n"
      "  - name: inherits\n"
      "  - name: overrides one key\n"
      "    center: {agents: 60}\n");
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  ASSERT_EQ(r.scenarios.size(), 2u);
  ASSERT_TRUE(r.scenarios[0].center && r.scenarios[1].center);
  EXPECT_EQ(r.scenarios[0].center->agents, 30);
  EXPECT_EQ(r.scenarios[1].center->agents, 60);
  EXPECT_EQ(r.scenarios[1].center->shift_ms, 3600000) << "merged, not replaced";
}

TEST(CenterScenario, a_single_agent_scenario_has_no_center_and_keeps_its_session_defaults) {
  const LoadResult loaded2 = load("name: one agent\n");
  const sim::Scenario& s = only(loaded2);
  EXPECT_FALSE(s.center.has_value());
  EXPECT_EQ(s.sessions, 20000u);
  EXPECT_EQ(s.max_sessions, 320000u);
}

TEST(CenterScenario, refuses_wrong_center_values_at_the_key_that_set_them) {
  EXPECT_EQ(formatted(load("name: c\ncenter: {agents: 2.5}\n")),
            (std::vector<std::string>{"test.yaml:2:18: error: center.agents: expected a whole "
                                      "number of agents from 1 to 10000, got '2.5'"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {shift_ms: \"1000\"}\n")),
            (std::vector<std::string>{"test.yaml:2:20: error: center.shift_ms: expected a "
                                      "duration in ms, got the string \"1000\"\n  hint: remove "
                                      "the quotes: a quoted value is a string"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {shift_ms: 10}\n")),
            (std::vector<std::string>{
                "test.yaml:2:20: error: center.shift_ms: must be between 1000 and 604800000, got 10"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {shift_ms: 3600000, warmup_ms: 3600000}\n")),
            (std::vector<std::string>{
                "test.yaml:2:40: error: center.warmup_ms: must be shorter than shift_ms\n  hint: "
                "warmup_ms = 3600000, shift_ms = 3600000"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {close_pattern: bursts}\n")),
            (std::vector<std::string>{"test.yaml:2:25: error: unknown close pattern 'bursts'\n  "
                                      "hint: did you mean 'burst'?"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {agent: 5}\n")),
            (std::vector<std::string>{"test.yaml:2:10: error: unknown center parameter 'agent'\n "
                                      " hint: did you mean 'agents'?"}));
  // A rule read from a default value points at `center`.
  EXPECT_EQ(formatted(load("name: c\ncenter:\n  burst_at_ms: 90000000\n")),
            (std::vector<std::string>{
                "test.yaml:3:16: error: center.burst_at_ms: must be between 0 and 28800000, got "
                "90000000\n  hint: burst_at_ms counts from the start of the shift; a negative "
                "value starts the burst at the end of the shift"}));
  EXPECT_EQ(formatted(load("defaults: {center: {warmup_ms: 30000000}}\nscenarios: [{name: c}]\n")),
            (std::vector<std::string>{
                "test.yaml:1:32: error: center.warmup_ms: must be shorter than shift_ms\n  hint: "
                "warmup_ms = 30000000, shift_ms = 28800000"}));
}

TEST(CenterScenario, ClockTimesParseAndRefuseNonsense) {
  const LoadResult loaded = load(
      "name: c\n"
      "center:\n"
      "  shift: {start: \"09:00\", end: \"17:00\"}\n"
      "  close_pattern: burst\n"
      "  burst_at: \"16:45\"\n"
      "  incoming_agents: 5\n"
      "  incoming_login_spread_ms: 900000\n"
      "  breaks_per_agent: 2\n"
      "  contact_rate_after_shift_per_min: 1\n");
  const sim::Scenario& day = only(loaded);
  ASSERT_TRUE(day.center.has_value());
  EXPECT_EQ(day.center->shift_ms, 8 * 3600000.0);
  EXPECT_EQ(day.center->shift_start_of_day_ms, 9 * 3600000.0);
  EXPECT_EQ(day.center->burst_at_ms, 7.75 * 3600000.0);
  EXPECT_EQ(day.center->breaks_per_agent, 2);
  const std::pair<std::string, std::string> shift_override{"center.shift", "09:00-17:00"};
  EXPECT_NE(std::find(day.overrides.begin(), day.overrides.end(), shift_override),
            day.overrides.end());
  // Unquoted times read as text too; past midnight.
  const LoadResult night_loaded = load("name: c\ncenter: {shift: {start: 22:00, end: 06:00}}\n");
  const sim::Scenario& night = only(night_loaded);
  ASSERT_TRUE(night.center.has_value());
  EXPECT_EQ(night.center->shift_ms, 8 * 3600000.0);

  EXPECT_EQ(formatted(load("name: c\ncenter:\n  shift: {start: \"9am\", end: \"17:00\"}\n")),
            (std::vector<std::string>{
                "test.yaml:3:18: error: center.shift.start: '9am' is not a time of day\n  hint: a "
                "time of day on a 24 h clock, HH:MM or HH:MM:SS (e.g. \"09:00\", \"17:30:00\"); "
                "an end before the start runs past midnight"}));
  EXPECT_EQ(formatted(load("name: c\ncenter:\n  shift: {start: \"09:00\", ende: \"17:00\"}\n")),
            (std::vector<std::string>{
                "test.yaml:3:3: error: center.shift: needs both start and end (missing end)\n  "
                "hint: e.g. shift: {start: \"09:00\", end: \"17:00\"}",
                "test.yaml:3:27: error: unknown shift key 'ende' in center.shift\n  hint: did you "
                "mean 'end'?"}));
  EXPECT_EQ(formatted(load("name: c\ncenter:\n  shift: {start: \"09:00\", end: \"17:00\"}\n"
                           "  shift_ms: 3600000\n")),
            (std::vector<std::string>{
                "test.yaml:4:3: error: center.shift and center.shift_ms are both set\n  hint: "
                "shift gives the time of day, shift_ms the ms from the start of the shift: keep "
                "one"}));
  EXPECT_EQ(formatted(load("name: c\ncenter:\n  shift: {start: \"09:00\", end: \"17:00\"}\n"
                           "  close_pattern: burst\n  burst_at: \"18:30\"\n")),
            (std::vector<std::string>{
                "test.yaml:5:13: error: center.burst_at: 18:30 is outside the shift 09:00–17:00 "
                "(the simulated span is 09:00–18:00, with after_shift_ms); a burst starts within "
                "the shift"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {burst_at: \"17:00\", burst_at_ms: 0}\n")),
            (std::vector<std::string>{
                "test.yaml:2:29: error: center.burst_at and center.burst_at_ms are both set\n  "
                "hint: burst_at gives the time of day, burst_at_ms the ms from the start of the "
                "shift: keep one"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {burst_at: \"25:00\"}\n")),
            (std::vector<std::string>{
                "test.yaml:2:20: error: center.burst_at: expected a time of day HH:MM or HH:MM:SS "
                "(24 h), got '25:00'"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {breaks_per_agnet: 2}\n")),
            (std::vector<std::string>{"test.yaml:2:10: error: unknown center parameter "
                                      "'breaks_per_agnet'\n  hint: did you mean 'breaks_per_agent'?"}));
  EXPECT_EQ(formatted(load("name: c\ncenter: {breaks_per_agent: 9}\n")),
            (std::vector<std::string>{"test.yaml:2:28: error: center.breaks_per_agent: expected a "
                                      "whole number of breaks from 0 to 8, got '9'"}));
}

TEST(CenterScenario, refuses_the_single_agent_keys_it_does_not_read) {
  const LoadResult r = load(
      "name: c\n"
      "center: {agents: 5}\n"
      "pre_close: idle\n"
      "horizon_ms: 60000\n"
      "environment: {contact_arrival_rate_per_min: 3}\n"
      "schedule: {close_kind: crash}\n");
  const auto errors = formatted(r);
  ASSERT_EQ(errors.size(), 4u) << testing::all_errors(r);
  EXPECT_EQ(errors[0].rfind("test.yaml:3:1: error: pre_close: not used in a center scenario", 0), 0u);
  EXPECT_EQ(errors[1].rfind("test.yaml:4:1: error: horizon_ms: not read in a center scenario", 0), 0u);
  EXPECT_EQ(errors[2].rfind("test.yaml:5:15: error: environment.contact_arrival_rate_per_min: not "
                            "read in a center scenario\n  hint: the center's contacts arrive at "
                            "center.contact_rate_per_min", 0),
            0u);
  EXPECT_EQ(errors[3].rfind("test.yaml:6:1: error: schedule: a center scenario cannot play an "
                            "exact session schedule", 0),
            0u);
  EXPECT_TRUE(r.scenarios.empty());
}

TEST(CenterScenario, metrics_of_the_other_mode_are_refused_with_a_message_naming_the_mode) {
  EXPECT_EQ(formatted(load("name: c\nexpect: [ghost_agent_minutes <= 5]\n")),
            (std::vector<std::string>{
                "test.yaml:2:10: error: 'ghost_agent_minutes' is a center metric; this scenario "
                "simulates one agent's sessions\n  hint: add a `center:` block to simulate a "
                "whole center, or bound a single-agent metric (docs/scenario-format.md, Metrics)"}));
  const auto center = formatted(load("name: c\ncenter: {}\nexpect: [missed_per_1000_closes <= 5]\n"));
  ASSERT_EQ(center.size(), 1u);
  EXPECT_EQ(center[0].rfind("test.yaml:3:10: error: 'missed_per_1000_closes' is a single-agent metric; a "
                            "center scenario (with `center:`) bounds center metrics\n  hint: "
                            "center metrics: ghost_rate, ghost_rate_over_30s, ", 0),
            0u)
      << center[0];
  // Misspelt: the closest name of the scenario's mode, or of the other one, saying so.
  EXPECT_EQ(formatted(load("name: c\ncenter: {}\nexpect: [ghost_agent_minute <= 1]\n")),
            (std::vector<std::string>{"test.yaml:3:10: error: unknown metric 'ghost_agent_minute'\n "
                                      " hint: did you mean 'ghost_agent_minutes'?"}));
  EXPECT_EQ(formatted(load("name: c\nexpect: [wait_p95 <= 1]\n")),
            (std::vector<std::string>{
                "test.yaml:2:10: error: unknown metric 'wait_p95'\n  hint: did you mean "
                "'wait_p95_s'? It is a center metric, for scenarios with `center:`"}));
  // Both modes have unaccepted_events.
  EXPECT_TRUE(load("name: c\ncenter: {}\nexpect: [unaccepted_events <= 0]\n").ok());
}

// ---- server-side parameters and composition -----------------------------------------------------

TEST(ServerSide, a_client_strategy_composes_with_a_server_side) {
  const LoadResult loaded3 = load(
      "name: composed\n"
      "strategy: {name: beforeunload_setstate, server: heartbeat_sweeper, silence_timeout_ms: "
      "60000, missed_contact: set_offline, missed_reaction_delay_ms: 500}\n");
  const sim::Scenario& s = only(loaded3);
  const sim::StrategyConfig& c = s.session.strategy;
  EXPECT_EQ(c.kind, sim::StrategyKind::BeforeunloadSetstate);
  EXPECT_EQ(c.server, sim::ServerSide::HeartbeatSweeper);
  EXPECT_EQ(c.sweeper.silence_timeout_ms, 60000);
  EXPECT_EQ(c.missed_contact, sim::MissedReaction::SetOffline);
  EXPECT_EQ(c.sweeper.missed_reaction_delay_ms, 500);
  EXPECT_EQ(s.overrides, (Pairs{{"strategy.server", "heartbeat_sweeper"},
                                {"strategy.silence_timeout_ms", "60000"},
                                {"strategy.missed_contact", "set_offline"},
                                {"strategy.missed_reaction_delay_ms", "500"}}));
}

TEST(ServerSide, a_parameter_nobody_reads_is_refused_with_what_would_read_it) {
  EXPECT_EQ(formatted(load("name: x\nstrategy: {name: none, sweep_period_ms: 1000}\n")),
            (std::vector<std::string>{
                "test.yaml:2:24: error: strategy.sweep_period_ms: not read without a server "
                "side\n  hint: add `server: heartbeat_sweeper` or `server: event_stream_sweeper` "
                "(docs/strategies.md), or remove it"}));
  EXPECT_EQ(formatted(load("name: x\nstrategy: {name: none, heartbeat_interval_ms: 1000}\n")),
            (std::vector<std::string>{
                "test.yaml:2:24: error: strategy.heartbeat_interval_ms: not read without a server "
                "side\n  hint: add `server: heartbeat_sweeper` (docs/strategies.md), or remove it"}));
  EXPECT_EQ(
      formatted(load("name: x\nstrategy: {name: event_stream_sweeper, heartbeat_interval_ms: 1000}\n")),
      (std::vector<std::string>{
          "test.yaml:2:40: error: strategy.heartbeat_interval_ms: not read by the event-stream "
          "sweeper, which watches the platform's own HEART_BEAT records (every 120 s)\n  hint: "
          "remove it, or use `name: heartbeat_sweeper`"}));
  EXPECT_EQ(formatted(load("name: x\nstrategy: {name: beforeunload_setstate, server: "
                           "event_stream_sweeper, heartbeat_interval_ms: 1000}\n")),
            (std::vector<std::string>{
                "test.yaml:2:71: error: strategy.heartbeat_interval_ms: not read by the "
                "event-stream sweeper, which watches the platform's own HEART_BEAT records (every "
                "120 s)\n  hint: remove it, or use `server: heartbeat_sweeper`"}));
  EXPECT_EQ(
      formatted(load("name: x\nstrategy: {name: heartbeat_sweeper, missed_reaction_delay_ms: 10}\n")),
      (std::vector<std::string>{
          "test.yaml:2:37: error: strategy.missed_reaction_delay_ms: not read without a "
          "missed-contact reaction (missed_contact is none)\n  hint: add `missed_contact: "
          "set_offline` (or dismiss_then_offline), or remove it"}));
  // `server: none` written out is read (it is the choice itself).
  EXPECT_TRUE(load("name: x\nstrategy: {name: beforeunload_retry, server: none}\n").ok());
  // The sweeper strategies are their own server side.
  const auto own = formatted(load("name: x\nstrategy: {name: heartbeat_sweeper, server: none}\n"));
  ASSERT_EQ(own.size(), 1u);
  EXPECT_EQ(own[0].rfind("test.yaml:2:37: error: unknown parameter 'server' of strategy "
                         "heartbeat_sweeper", 0),
            0u)
      << own[0];
}

TEST(ServerSide, the_unknown_parameter_hint_names_the_kinds_own_parameters_not_all_of_them) {
  const auto retry = formatted(load("name: x\nstrategy: {name: beforeunload_retry, zzz: 1}\n"));
  EXPECT_EQ(retry, (std::vector<std::string>{
                       "test.yaml:2:38: error: unknown parameter 'zzz' of strategy "
                       "beforeunload_retry\n  hint: beforeunload_retry takes enqueue_next_state, "
                       "handler_busy_wait_ms, max_attempts, backoff, base_ms, cap_ms, jitter, per_attempt_timeout_ms, "
                       "overall_deadline_ms; plus the server-side parameters: server, "
                       "missed_contact, the sweeper's timing and its sweeper_* retries "
                       "(docs/strategies.md)"}));
  const auto none = formatted(load("name: x\nstrategy: {name: none, max_attempts: 3}\n"));
  EXPECT_EQ(none, (std::vector<std::string>{
                      "test.yaml:2:24: error: unknown parameter 'max_attempts' of strategy none\n "
                      " hint: 'max_attempts' is a parameter of beforeunload_retry; none takes only "
                      "the server-side parameters: server, missed_contact, the sweeper's timing "
                      "and its sweeper_* retries (docs/strategies.md)"}));
  const auto close = formatted(load("name: x\nstrategy: {name: none, silence_timeout: 3}\n"));
  EXPECT_EQ(close, (std::vector<std::string>{
                       "test.yaml:2:24: error: unknown parameter 'silence_timeout' of strategy "
                       "none\n  hint: did you mean 'silence_timeout_ms'?"}));
  const auto value = formatted(load("name: x\nstrategy: {name: none, server: heartbeat}\n"));
  EXPECT_EQ(value, (std::vector<std::string>{
                       "test.yaml:2:32: error: strategy.server: expected none, heartbeat_sweeper "
                       "or event_stream_sweeper, got 'heartbeat'\n  hint: did you mean "
                       "'heartbeat_sweeper'?"}));
}

// ---- replay files -------------------------------------------------------------------------------

TEST(ReplayWriter, a_composed_strategy_and_the_server_side_phases_replay_exactly) {
  const LoadResult loaded4 = load(
      "name: composed\n"
      "strategy: {name: beforeunload_retry, max_attempts: 2, server: heartbeat_sweeper, "
      "heartbeat_interval_ms: 20000, recheck_before_send: false, sweeper_max_attempts: 5, "
      "missed_contact: dismiss_then_offline}\n"
      "environment: {api_5xx_prob: 0.1}\n");
  const sim::Scenario& base = only(loaded4);
  sim::Schedule schedule;
  schedule.close_kind = sim::CloseKind::Crash;
  schedule.heartbeat_phase_us = 12345678;
  schedule.sweep_phase_us = 4321;
  const sim::Claim claim;
  const std::string text = search::write_replay_scenario(
      base, schedule, search::Property::NoContactOfferedToGhost, claim, "reproduce");
  const LoadResult replay = load_scenario_text(text, "replay.yaml");
  ASSERT_TRUE(replay.ok()) << testing::all_errors(replay) << text;
  const sim::Scenario& r = replay.scenarios.front();
  const sim::StrategyConfig& a = base.session.strategy;
  const sim::StrategyConfig& b = r.session.strategy;
  for (const sim::StrategyParameter& p : sim::strategy_parameters(a.kind)) {
    EXPECT_EQ(sim::parameter_value(b, p.name), sim::parameter_value(a, p.name)) << p.name;
  }
  ASSERT_TRUE(r.session.schedule.has_value());
  EXPECT_EQ(*r.session.schedule, schedule);
  EXPECT_NE(text.find("  heartbeat_phase_ms: 12345.678\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  sweep_phase_ms: 4.321\n"), std::string::npos) << text;
  // Only what differs from the defaults and is read: no sweeper timing left at its default.
  EXPECT_EQ(text.find("silence_timeout_ms"), std::string::npos) << text;
  EXPECT_EQ(text.find("missed_reaction_delay_ms"), std::string::npos) << text;
}

TEST(ReplayWriter, a_client_strategy_alone_writes_no_server_side_parameter) {
  const LoadResult loaded5 = load("name: alone\nstrategy: beforeunload_setstate\n");
  const sim::Scenario& base = only(loaded5);
  const std::string text = search::write_replay_scenario(base, sim::Schedule{},
                                                 search::Property::EveryEventAccepted, sim::Claim{}, "r");
  EXPECT_EQ(text.find("server"), std::string::npos) << text;
  EXPECT_EQ(text.find("sweep"), text.find("sweep_phase_ms")) << text;
  EXPECT_TRUE(load_scenario_text(text, "replay.yaml").ok()) << text;
}

}  // namespace
}  // namespace agentsim::scenarios
