// `agentsim check` (bounded exhaustive exploration) and `agentsim fuzz` on the case the landed
// search missed: beforeunload_retry with 3 attempts, a constant 200 ms backoff, no jitter and a
// 500 ms unload budget — the third attempt cannot leave in time when two calls fail after up to
// 100 ms each (the simulator's own threshold is a 150 ms backoff).
#include <gtest/gtest.h>

#include "agentsim/search/check.h"
#include "agentsim/search/fuzz.h"

namespace agentsim::search {
namespace {

using namespace sim;

// The unload model grants the whole budget to asynchronous work here: the point is the search.
SessionSpec retry_case(double backoff_ms) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry = RetryPolicy{3, Backoff::Constant, backoff_ms, backoff_ms, Jitter::None, 0, 0};
  sim::set_unload_windows_ms(spec.env, 500, 500);
  return spec;
}

CheckOptions only(Property p) {
  CheckOptions o;
  o.properties = {p};
  return o;
}

TEST(Check, finds_the_retry_case_with_a_200_ms_backoff_and_its_shortest_counterexample_has_two_failures) {
  const SessionSpec spec = retry_case(200);
  const Claim claim = default_claim(spec.strategy);
  ASSERT_EQ(claim.max_latency_us, 100000);
  const CheckReport r = check_claim(spec, claim, only(Property::NoGhostAfterCoveredClose));
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.results.size(), 1u);
  const CheckResult& c = r.results.front();
  ASSERT_EQ(c.verdict, CheckVerdict::Violated);
  EXPECT_EQ(c.counterexample.environment_events(), 3) << describe(c.counterexample);
  EXPECT_GE(c.outcome.retries_dropped_at_teardown, 1u);
  EXPECT_TRUE(within_claim(claim, c.counterexample));
  // The counterexample replays as a schedule to the same outcome.
  SessionSpec replay = search_spec(spec);
  replay.schedule = c.counterexample;
  EXPECT_TRUE(run_session(replay, 1, 0) == c.outcome);
}

TEST(Check, proves_the_retry_case_holds_with_a_100_ms_backoff) {
  const SessionSpec spec = retry_case(100);
  const CheckReport r = check_claim(spec, default_claim(spec.strategy), only(Property::NoGhostAfterCoveredClose));
  ASSERT_EQ(r.results.size(), 1u);
  const CheckResult& c = r.results.front();
  EXPECT_EQ(c.verdict, CheckVerdict::Holds) << c.explanation << "\n" << describe(c.counterexample);
  EXPECT_EQ(c.largest_size, 5) << "the close, up to two failures and up to two contacts";
  EXPECT_GT(c.schedules, 100);
  EXPECT_FALSE(r.stopped);
}

TEST(Check, a_150_ms_backoff_is_the_threshold_two_100_ms_failures_push_the_third_attempt_to_the_teardown) {
  EXPECT_EQ(check_claim(retry_case(150), default_claim(retry_case(150).strategy), only(Property::NoGhostAfterCoveredClose))
                .results.front().verdict,
            CheckVerdict::Violated);
  EXPECT_EQ(check_claim(retry_case(149), default_claim(retry_case(149).strategy), only(Property::NoGhostAfterCoveredClose))
                .results.front().verdict,
            CheckVerdict::Holds);
}

TEST(Fuzz, finds_the_retry_case_with_the_default_case_count_on_every_seed_from_1_to_10) {
  const SessionSpec spec = retry_case(200);
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    FuzzOptions o;
    o.properties = {Property::NoGhostAfterCoveredClose};
    o.seed = seed;
    ASSERT_EQ(o.cases, 1000) << "the default case count";
    const FuzzReport r = fuzz(spec, default_claim(spec.strategy), o);
    EXPECT_TRUE(r.found) << "seed " << seed;
  }
}

TEST(Check, catches_the_canary) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::CanaryBroken);
  const CheckReport r = check_claim(spec, default_claim(spec.strategy), only(Property::NoGhostAfterCoveredClose));
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results.front().verdict, CheckVerdict::Violated);
  EXPECT_EQ(r.results.front().counterexample.environment_events(), 1) << "the close alone breaks it";
}

TEST(Check, stops_without_a_verdict_at_the_schedule_limit) {
  const SessionSpec spec = retry_case(100);
  CheckOptions o = only(Property::NoGhostAfterCoveredClose);
  o.max_schedules = 10;
  const CheckReport r = check_claim(spec, default_claim(spec.strategy), o);
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.results.front().verdict, CheckVerdict::Unfinished);
  EXPECT_EQ(r.sessions, 10);
}

TEST(Check, a_claim_the_environment_cannot_meet_is_not_applicable_and_says_why) {
  SessionSpec spec = retry_case(100);
  sim::set_unload_windows_ms(spec.env, 300, 400);
  const CheckReport r = check_claim(spec, default_claim(spec.strategy), only(Property::NoGhostAfterCoveredClose));
  EXPECT_EQ(r.results.front().verdict, CheckVerdict::NotApplicable);
  EXPECT_NE(r.results.front().not_applicable.find("below the claim"), std::string::npos);
}

}  // namespace
}  // namespace agentsim::search

namespace agentsim::search {
namespace {

// Merging identical states changes how much is explored, never a verdict or a counterexample's
// size: the same exploration with and without it, on the retry case both ways and the backend.
TEST(Check, merging_identical_states_explores_less_and_changes_no_verdict) {
  SessionSpec backend;
  backend.profile = model::streams_custom();
  backend.strategy = default_config(StrategyKind::PutUserStatusBackend);
  backend.strategy.retry.max_attempts = 2;  // up to one failure within its claim: a small space
  for (const SessionSpec& spec : {retry_case(200), retry_case(100), backend}) {
    const Claim claim = default_claim(spec.strategy);
    CheckOptions merged;
    merged.max_schedules = 3'000'000;
    if (spec.strategy.kind == StrategyKind::PutUserStatusBackend) {
      merged.properties = {Property::NoGhostAfterCoveredClose, Property::NoContactOfferedToGhost};
    }
    CheckOptions every = merged;
    every.merge_states = false;
    const CheckReport a = check_claim(spec, claim, merged);
    const CheckReport b = check_claim(spec, claim, every);
    ASSERT_FALSE(a.stopped || b.stopped) << spec.strategy.label();
    ASSERT_EQ(a.results.size(), b.results.size());
    EXPECT_GT(a.merged, 0) << spec.strategy.label();
    EXPECT_EQ(b.merged, 0);
    EXPECT_LT(a.sessions, b.sessions) << spec.strategy.label();
    for (std::size_t i = 0; i < a.results.size(); ++i) {
      const std::string what = spec.strategy.label() + " / " + std::string(to_string(a.results[i].property));
      EXPECT_EQ(a.results[i].verdict, b.results[i].verdict) << what;
      if (a.results[i].verdict == CheckVerdict::Violated) {
        EXPECT_EQ(a.results[i].counterexample.environment_events(),
                  b.results[i].counterexample.environment_events())
            << what;
      } else {
        // Every label the whole walk reached, the merged walk reached too (a 429 and a lost
        // response are not merged into a 5xx: the outcome drawn is part of the state).
        std::vector<std::string> with, without;
        for (const auto& l : a.results[i].labels) with.push_back(l.first);
        for (const auto& l : b.results[i].labels) without.push_back(l.first);
        EXPECT_EQ(with, without) << what;
      }
    }
  }
}

}  // namespace
}  // namespace agentsim::search

namespace agentsim::search {
namespace {

TEST(Check, a_property_the_claim_does_not_make_is_not_applicable_rather_than_holding) {
  const SessionSpec spec = retry_case(100);
  Claim claim = default_claim(spec.strategy);
  ASSERT_FALSE(claim.no_spurious_offline);
  const CheckReport r = check_claim(spec, claim, only(Property::NoSpuriousOffline));
  EXPECT_EQ(r.results.front().verdict, CheckVerdict::NotApplicable);
  EXPECT_NE(r.results.front().not_applicable.find("the claim does not include it"), std::string::npos);
  FuzzOptions fo;
  fo.properties = {Property::NoSpuriousOffline};
  const FuzzReport f = fuzz(spec, claim, fo);
  EXPECT_TRUE(f.checked.empty());
  EXPECT_EQ(f.not_applicable, std::vector<Property>{Property::NoSpuriousOffline});
  // Claimed, it is refuted by a reload: beforeunload cannot tell a reload from a close.
  claim.no_spurious_offline = true;
  const CheckReport claimed = check_claim(spec, claim, only(Property::NoSpuriousOffline));
  ASSERT_EQ(claimed.results.front().verdict, CheckVerdict::Violated);
  const CloseKind c = claimed.results.front().counterexample.close_kind;
  EXPECT_TRUE(c == CloseKind::Reload || c == CloseKind::OneOfTwoTabs) << to_string(c);
}

TEST(Fuzz, lists_the_properties_it_did_not_search_after_its_first_counterexample) {
  const SessionSpec spec = retry_case(200);
  FuzzOptions fo;
  fo.properties = {Property::NoGhostAfterCoveredClose, Property::EveryEventAccepted, Property::NoSendAfterTeardown};
  const FuzzReport f = fuzz(spec, default_claim(spec.strategy), fo);
  ASSERT_TRUE(f.found);
  EXPECT_EQ(f.unchecked, (std::vector<Property>{Property::EveryEventAccepted, Property::NoSendAfterTeardown}));
}

TEST(Fuzz, a_claim_of_ten_failures_gets_room_for_eleven_attempts) {
  SessionSpec spec = retry_case(10);
  spec.strategy.retry.max_attempts = 11;
  sim::set_unload_windows_ms(spec.env, 1000, 1000);
  const Claim claim = default_claim(spec.strategy);
  ASSERT_EQ(claim.max_failures, 10);
  EXPECT_EQ(search_space(spec, claim, true).max_api_steps, 11);
}

}  // namespace
}  // namespace agentsim::search
