// A replay file written by the search reproduces the session it was found in exactly — profile
// and its overrides, every strategy parameter (server-side ones too), the environment, every
// schedule field, and the claim the search checked — and its expectation is defined whether or
// not the flaw is there: the broken strategy's replay fails (exit 1) and the fixed strategy's
// passes (exit 0), rather than being inconclusive.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <variant>

#include "agentsim/model/profile.h"
#include "agentsim/scenarios/loader.h"
#include "agentsim/search/replay_writer.h"
#include "agentsim/sim/claim_fields.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/metrics.h"
#include "agentsim/sim/schedule_fields.h"
#include "agentsim/sim/suite.h"
#include "test_support.h"

namespace agentsim::search {
namespace {

namespace fs = std::filesystem;
using testing::run_agentsim;
using testing::TempDir;

std::string errors_of(const scenarios::LoadResult& r) {
  std::string out;
  for (const scenarios::LoadError& e : r.errors) out += e.format() + "\n";
  return out;
}

sim::Scenario load_one(const std::string& text, const std::string& name = "base.yaml") {
  const scenarios::LoadResult r = scenarios::load_scenario_text(text, name);
  EXPECT_TRUE(r.ok()) << errors_of(r) << text;
  EXPECT_EQ(r.scenarios.size(), 1u) << text;
  return r.ok() && !r.scenarios.empty() ? r.scenarios.front() : sim::Scenario{};
}

sim::Claim claim_of(const sim::Scenario& s) {
  return sim::effective_claim(s.session.strategy, s.claim, s.session.close_kind,
                              s.session.pre_close)
      .claim;
}

// Every claim field of `a` and `b` as text, "key: value" per line, to compare and to show.
std::string claim_text(const sim::Claim& c) {
  std::string out;
  for (const sim::ClaimField& f : sim::claim_fields()) {
    out += std::string(f.key) + ": " + sim::value_text(f, c) + "\n";
  }
  return out + "api_bound_within_claim_only: " + (c.api_bound_within_claim_only ? "true" : "false");
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

// Replaces the one occurrence of `from` in `text`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from << " not in:\n" << text;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// ---- the example, through the CLI ------------------------------------------------------

TEST(ReplayParity, TheRetryReplayFailsWithItsDelaysAndPassesOnceTheyFitTheUnloadBudget) {
  // Two 5xx answered after 100 ms: with 200 ms between attempts, the third is due at 0.6 s,
  // after the 500 ms budget — a ghost. With 100 ms, it is sent at 0.4 s and lands.
  const sim::Scenario base = load_one(
      "name: retry within the budget\n"
      "strategy: {name: beforeunload_retry, max_attempts: 3, backoff: constant, base_ms: 200, "
      "cap_ms: 200, jitter: none, per_attempt_timeout_ms: 0, overall_deadline_ms: 0}\n"
      "environment: {unload_window_tab_close_min_ms: 500, unload_window_tab_close_max_ms: 500}\n");
  sim::Schedule s;
  s.close_kind = sim::CloseKind::TabClose;
  s.pre_close = sim::PreClose::Idle;
  s.unload_window_us = 500000;
  s.api = {{100000, sim::ApiOutcome::ServerError}, {100000, sim::ApiOutcome::ServerError}};
  const sim::Claim claim = claim_of(base);
  const std::string text =
      write_replay_scenario(base, s, Property::NoGhostAfterCoveredClose, claim, "reproduce=x");
  EXPECT_NE(text.find("  - metric: longest_ghost_seconds\n"), std::string::npos) << text;

  TempDir dir("replay-parity");
  const fs::path broken = dir.path() / "replay.yaml";
  write(broken, text);
  const auto fails = run_agentsim("run " + broken.string() + " --format none");
  EXPECT_EQ(fails.exit_code, 1) << text << fails.output;
  EXPECT_NE(fails.output.find("FAIL          longest_ghost_seconds <= 5"), std::string::npos)
      << fails.output;

  const fs::path fixed = dir.path() / "fixed.yaml";
  write(fixed, replaced(replaced(text, "  base_ms: 200\n", "  base_ms: 100\n"), "  cap_ms: 200\n",
                        "  cap_ms: 100\n"));
  const auto passes = run_agentsim("run " + fixed.string() + " --format none -v");  // -v: the rows of a passing scenario
  EXPECT_EQ(passes.exit_code, 0) << passes.output;
  EXPECT_NE(passes.output.find("PASS          longest_ghost_seconds <= 5"), std::string::npos)
      << passes.output;
}

// ---- round trip ----------------------------------------------------------------------------------

// A schedule with every field away from its default (set through the table, so that a field
// added to it is covered too).
sim::Schedule every_field_set() {
  sim::Schedule s;
  std::int64_t n = 0;
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    ++n;
    std::visit(
        [&](auto member) {
          using T = std::decay_t<decltype(s.*member)>;
          if constexpr (std::is_same_v<T, std::int64_t>) {
            s.*member = n * 1000003 + 7;  // a microsecond part: 1000.010 ms, ...
          } else if constexpr (std::is_same_v<T, bool>) {
            s.*member = !(s.*member);
          } else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>) {
            s.*member = {n * 17, n * 170001};
          } else if constexpr (std::is_same_v<T, std::vector<bool>>) {
            s.*member = {false, true, false};
          } else if constexpr (std::is_same_v<T, std::vector<sim::ApiStep>>) {
            s.*member = {{123456, sim::ApiOutcome::Throttled},
                         {1, sim::ApiOutcome::LostResponse},
                         {0, sim::ApiOutcome::Timeout}};
          } else if constexpr (std::is_same_v<T, sim::CloseKind>) {
            s.*member = sim::CloseKind::Crash;
          } else {
            static_assert(std::is_same_v<T, sim::PreClose>);
            s.*member = sim::PreClose::Acw;
          }
        },
        f.member);
  }
  return s;
}

const char* const kRich =
    "name: \"a rich \\\"scenario\\\"\"\n"
    "profile: streams_custom\n"
    "profile_overrides: {page_close_ends_voice_contact: false, logout_sets_offline: true}\n"
    "strategy: {name: beforeunload_retry, max_attempts: 4, base_ms: 150, jitter: equal, "
    "server: heartbeat_sweeper, heartbeat_interval_ms: 20000, silence_timeout_ms: 60000, "
    "recheck_before_send: false, sweeper_max_attempts: 5, sweeper_rate_rps: 0.5, "
    "missed_contact: set_offline, missed_reaction_delay_ms: 1500}\n"
    "environment: {api_5xx_prob: 0.125, unload_window_tab_close_max_ms: 700, horizon_after_close_ms: "
    "7200000, contact_arrival_rate_per_min: 0.3}\n"
    "seed: 77\n"
    "claim:\n"
    "  close_kinds: [tab_close, crash]\n"
    "  pre_close: [idle, acw]\n"
    "  max_api_failures: 2\n"
    "  max_latency_ms: 250.5\n"
    "  min_unload_window_ms: 600\n"
    "  ghost_bound_ms: 123456.789\n"
    "  max_api_calls: 9\n"
    "  no_spurious_offline: true\n"
    "  no_contact_offered_to_ghost: true\n";

void expect_same_session(const sim::Scenario& a, const sim::Scenario& b) {
  EXPECT_EQ(b.profile_name, a.profile_name);
  for (const model::ProfileParameter& p : model::profile_parameters()) {
    EXPECT_EQ(b.session.profile.*(p.field), a.session.profile.*(p.field)) << p.name;
  }
  EXPECT_EQ(b.session.profile.name, a.session.profile.name);
  ASSERT_EQ(b.session.strategy.kind, a.session.strategy.kind);
  for (const sim::StrategyParameter& p : sim::strategy_parameters(a.session.strategy.kind)) {
    EXPECT_EQ(sim::parameter_value(b.session.strategy, p.name),
              sim::parameter_value(a.session.strategy, p.name))
        << p.name;
  }
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    EXPECT_EQ(b.session.env.*(p.field), a.session.env.*(p.field)) << p.name;
  }
  EXPECT_EQ(b.seed, a.seed);
}

TEST(ReplayParity, AReplayLoadsToTheSameSessionAndTheSameClaim) {
  const sim::Scenario base = load_one(kRich);
  ASSERT_FALSE(base.claim.empty());
  const sim::Schedule schedule = every_field_set();
  const sim::Claim claim = claim_of(base);
  const std::string text =
      write_replay_scenario(base, schedule, Property::NoContactOfferedToGhost, claim, "r");
  const sim::Scenario r = load_one(text, "replay.yaml");
  expect_same_session(base, r);
  ASSERT_TRUE(r.session.schedule.has_value()) << text;
  EXPECT_TRUE(*r.session.schedule == schedule) << text << "\nloaded:\n"
                                               << sim::describe(*r.session.schedule);
  // Every key written, and the claim read back is the one the search checked.
  for (const sim::ClaimField& f : sim::claim_fields()) {
    EXPECT_NE(text.find("\n  " + std::string(f.key) + ": "), std::string::npos) << f.key << text;
  }
  EXPECT_EQ(claim_text(sim::apply(sim::default_claim(r.session.strategy), r.claim)),
            claim_text(claim))
      << text;
  // The same holds for the claim block's own values: read back, it is the file's.
  EXPECT_EQ(claim_text(sim::apply(sim::Claim{}, r.claim)),
            claim_text(sim::apply(sim::Claim{}, sim::overrides_of(claim))));
}

TEST(ReplayParity, ADefaultClaimWithAValueNoClaimBlockStatesIsLeftToTheDefault) {
  // The `none` strategy claims no latency bound (0): a claim: block may not write 0, so the
  // replay leaves it to the default claim, which gives the same.
  const sim::Scenario base = load_one("name: nothing\nstrategy: none\n");
  const sim::Claim claim = claim_of(base);
  ASSERT_EQ(claim.max_latency_us, 0);
  const std::string text =
      write_replay_scenario(base, sim::Schedule{}, Property::EveryEventAccepted, claim, "r");
  EXPECT_NE(text.find("  # max_latency_ms: 0.000 lies outside"), std::string::npos) << text;
  const sim::Scenario r = load_one(text, "replay.yaml");
  EXPECT_EQ(claim_text(sim::apply(sim::default_claim(r.session.strategy), r.claim)),
            claim_text(claim))
      << text;
}

TEST(ReplayParity, ParametersAtTheirDefaultsOrNotReadAreNotWritten) {
  const sim::Scenario base = load_one(
      "name: d\nstrategy: {name: beforeunload_retry, max_attempts: 3, server: heartbeat_sweeper}\n");
  const std::string text = write_replay_scenario(base, sim::Schedule{},
                                                 Property::EveryEventAccepted, claim_of(base), "r");
  EXPECT_EQ(text.find("max_attempts"), std::string::npos) << text;     // the default
  EXPECT_NE(text.find("  server: heartbeat_sweeper\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("missed_reaction_delay_ms"), std::string::npos) << text;  // not read
  EXPECT_EQ(text.find("environment:"), std::string::npos) << text;
  EXPECT_EQ(text.find("profile_overrides:"), std::string::npos) << text;
}

// ---- every property's expectation is defined, and holds, when nothing goes wrong --------------

TEST(ReplayParity, EveryPropertysExpectationPassesOnASessionWithoutTheFlaw) {
  // The backend strategy on an idle tab close where every call succeeds: no ghost, no contact
  // on a ghost, no spurious Offline, nothing dropped, a few calls.
  const sim::Scenario base = load_one("name: fine\nstrategy: put_user_status_backend\n");
  const sim::Claim claim = claim_of(base);
  for (const PropertyInfo& p : properties()) {
    SCOPED_TRACE(std::string(p.name));
    const std::string text = write_replay_scenario(base, sim::Schedule{}, p.id, claim, "r");
    const sim::Scenario replay = load_one(text, "replay.yaml");
    const sim::ScenarioResult result = sim::run_scenario(replay, sim::RunOptions{});
    ASSERT_EQ(result.expectations.size(), 1u) << text;
    const sim::ExpectationResult& e = result.expectations.front();
    EXPECT_TRUE(e.value.defined) << e.expectation.metric;
    EXPECT_EQ(e.status, sim::Status::Passed) << e.expectation.metric << " = " << e.value.estimate;
    EXPECT_EQ(result.sessions_run, 1u);
  }
}

TEST(ReplayParity, LongestGhostSecondsIsZeroWithoutAGhostAndUndefinedOnlyWithoutASession) {
  sim::Summary none;
  EXPECT_FALSE(sim::evaluate_metric(none, "longest_ghost_seconds", 0.95).defined);
  sim::Summary one;
  one.add(sim::Outcome{});
  const sim::MetricValue zero = sim::evaluate_metric(one, "longest_ghost_seconds", 0.95);
  EXPECT_TRUE(zero.defined);
  EXPECT_TRUE(zero.exact);
  EXPECT_EQ(zero.estimate, 0.0);
  EXPECT_FALSE(sim::evaluate_metric(one, "ghost_seconds.max", 0.95).defined);
  sim::Outcome ghost;
  ghost.ghost_us = 2500001;
  one.add(ghost);
  EXPECT_EQ(sim::evaluate_metric(one, "longest_ghost_seconds", 0.95).estimate, 2.500001);
  ASSERT_NE(sim::find_metric("longest_ghost_seconds"), nullptr);
  EXPECT_EQ(sim::find_metric("longest_ghost_seconds")->kind, sim::MetricKind::Maximum);
}

}  // namespace
}  // namespace agentsim::search
