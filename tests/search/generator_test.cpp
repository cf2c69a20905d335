// The generator of `agentsim fuzz` reaches its whole declared space at every rapidcheck size:
// every list length from 0 to its maximum, and every drawn quantity within 5 % of both ends of
// its range (rapidcheck's own inRange scales its range with the size, which left the landed
// generator unable to draw an API latency above 7 ms or a retry delay above 250 ms).
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "agentsim/search/fuzz.h"
#include "agentsim/search/search_space.h"

namespace agentsim::search {
namespace {

using namespace sim;

struct Quantity {
  std::string name;
  Range range;
  std::function<std::vector<std::int64_t>(const Schedule&)> values;
};

std::vector<Quantity> quantities(const SearchSpace& sp) {
  auto one = [](std::int64_t Schedule::*f) {
    return [f](const Schedule& s) { return std::vector<std::int64_t>{s.*f}; };
  };
  std::vector<Quantity> q = {
      {"unload_window", sp.unload_window, one(&Schedule::unload_window_us)},
      {"api latency", sp.api_latency,
       [](const Schedule& s) {
         std::vector<std::int64_t> v;
         for (const ApiStep& a : s.api) v.push_back(a.latency_us);
         return v;
       }},
      {"notify_latency", sp.notify_latency, one(&Schedule::notify_latency_us)},
      {"dialog_decision", sp.dialog_decision, one(&Schedule::dialog_decision_us)},
      {"reclose_after_stay", sp.reclose_after_stay, one(&Schedule::reclose_after_stay_us)},
      {"contact gaps", sp.contact_gap, [](const Schedule& s) { return s.contact_gaps_us; }},
      {"answer_delay", sp.answer_delay, one(&Schedule::answer_delay_us)},
      {"talk_time", sp.talk_time, one(&Schedule::talk_time_us)},
      {"ring_remaining", sp.ring_remaining, one(&Schedule::ring_remaining_us)},
      {"acw_remaining", sp.acw_remaining, one(&Schedule::acw_remaining_us)},
      {"crash_reopen", sp.crash_reopen_after, one(&Schedule::crash_reopen_us)},
      {"sleep_duration", sp.sleep_duration, one(&Schedule::sleep_duration_us)},
      {"mobile_kill_delay", sp.mobile_kill_delay, one(&Schedule::mobile_kill_delay_us)},
      {"notice_offline", sp.notice_offline, one(&Schedule::notice_offline_us)},
      {"clear_missed", sp.clear_missed, one(&Schedule::clear_missed_us)},
      {"heartbeat_phase", sp.heartbeat_phase, one(&Schedule::heartbeat_phase_us)},
      {"sweep_phase", sp.sweep_phase, one(&Schedule::sweep_phase_us)},
      {"silent_hangup", sp.silent_hangup, one(&Schedule::silent_hangup_us)},
      {"after_logout", sp.after_logout, one(&Schedule::event_stream_after_logout_us)},
  };
  for (int i = 0; i < sp.max_retry_delays; ++i) {
    q.push_back({"retry delay " + std::to_string(i + 2), sp.retry_delay(i), [i](const Schedule& s) {
                   return static_cast<std::size_t>(i) < s.retry_delays_us.size()
                              ? std::vector<std::int64_t>{s.retry_delays_us[static_cast<std::size_t>(i)]}
                              : std::vector<std::int64_t>{};
                 }});
  }
  return q;
}

struct Lists {
  std::string name;
  int max;
  std::function<std::size_t(const Schedule&)> length;
};

void expect_whole_space(const SearchSpace& sp, const std::string& what) {
  ASSERT_FALSE(sp.empty()) << sp.empty_reason;
  const std::vector<Lists> lists = {
      {"api", sp.max_api_steps, [](const Schedule& s) { return s.api.size(); }},
      {"delivered", sp.max_deliveries, [](const Schedule& s) { return s.delivered.size(); }},
      {"contact_gaps", sp.max_contacts, [](const Schedule& s) { return s.contact_gaps_us.size(); }},
      {"retry_delays", sp.max_retry_delays, [](const Schedule& s) { return s.retry_delays_us.size(); }},
  };
  const std::vector<Quantity> qs = quantities(sp);
  constexpr int kPerSize = 20000;  // 5 sizes: 100,000 schedules
  for (int size : {0, 1, 10, 50, 100}) {
    std::map<std::string, std::vector<bool>> lengths;
    for (const Lists& l : lists) lengths[l.name].assign(static_cast<std::size_t>(l.max) + 1, false);
    std::map<std::string, std::pair<bool, bool>> ends;
    std::set<CloseKind> closes;
    std::set<PreClose> pres;
    std::set<ApiOutcome> outcomes;
    std::size_t steps = 0, successes = 0;
    for (int k = 0; k < kPerSize; ++k) {
      const Schedule s = sample_schedule(sp, 20261201 + static_cast<std::uint64_t>(k), size);
      closes.insert(s.close_kind);
      pres.insert(s.pre_close);
      for (const ApiStep& a : s.api) {
        outcomes.insert(a.outcome);
        ++steps;
        successes += a.outcome == ApiOutcome::Success ? 1 : 0;
      }
      for (const Lists& l : lists) {
        const std::size_t n = l.length(s);
        ASSERT_LE(n, static_cast<std::size_t>(l.max)) << l.name;
        lengths[l.name][n] = true;
      }
      for (const Quantity& q : qs) {
        const auto tolerance = static_cast<std::int64_t>(0.05 * static_cast<double>(q.range.hi - q.range.lo));
        for (std::int64_t v : q.values(s)) {
          ASSERT_TRUE(q.range.contains(v)) << q.name << " " << v;
          if (v <= q.range.lo + tolerance) ends[q.name].first = true;
          if (v >= q.range.hi - tolerance) ends[q.name].second = true;
        }
      }
    }
    for (const Lists& l : lists) {
      for (int n = 0; n <= l.max; ++n) {
        EXPECT_TRUE(lengths[l.name][static_cast<std::size_t>(n)])
            << what << ": list " << l.name << " never has length " << n << " at size " << size;
      }
    }
    for (CloseKind c : sp.close_kinds) EXPECT_TRUE(closes.count(c)) << what << ": never " << to_string(c) << " at size " << size;
    for (PreClose p : sp.pre_close) EXPECT_TRUE(pres.count(p)) << what << ": never " << to_string(p) << " at size " << size;
    if (!sp.failures_bounded || sp.max_failures > 0) {
      for (ApiOutcome o : sp.failure_outcomes) {
        EXPECT_TRUE(outcomes.count(o)) << what << ": never " << to_string(o) << " at size " << size;
      }
    }
    // Success weighs 12 of the 12 + 2 + 1 + ... outcome options: most attempts succeed (a failure
    // budget then keeps the first ones).
    EXPECT_GT(static_cast<double>(successes) / static_cast<double>(std::max<std::size_t>(steps, 1)), 0.5) << what;
    for (const Quantity& q : qs) {
      EXPECT_TRUE(ends[q.name].first) << what << ": " << q.name << " never near " << q.range.lo << " at size " << size;
      EXPECT_TRUE(ends[q.name].second) << what << ": " << q.name << " never near " << q.range.hi << " at size " << size;
    }
  }
}

SessionSpec retry_with_sweeper() {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry = RetryPolicy{4, Backoff::Exponential, 100, 5000, Jitter::Full, 0, 0};
  spec.strategy.server = ServerSide::HeartbeatSweeper;
  return spec;
}

TEST(Generator, everyCloseKindStateOutcomeListLengthAndBothEndsOfEveryRangeOccurAtEverySize) {
  const SessionSpec spec = retry_with_sweeper();
  expect_whole_space(search_space(spec, default_claim(spec.strategy), false), "over everything");
}

TEST(Generator, withinTheClaimTheLargestClaimedLatencyAndTheSmallestBudgetAreDrawn) {
  SessionSpec spec = retry_with_sweeper();
  spec.strategy.server = ServerSide::None;
  sim::set_unload_windows_ms(spec.env, 0, 1000);  // reaches the claim's 500 ms minimum window
  const Claim claim = default_claim(spec.strategy);
  const SearchSpace sp = search_space(spec, claim, true);
  EXPECT_EQ(sp.api_latency.hi, claim.max_latency_us);
  EXPECT_EQ(sp.unload_window.lo, claim.min_unload_window_us);
  expect_whole_space(sp, "within the claim");
}

TEST(Generator, retryDelaysAreThoseThePolicyCanProduce) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry = RetryPolicy{3, Backoff::Constant, 200, 200, Jitter::None, 0, 0};
  const SearchSpace none = search_space(spec, default_claim(spec.strategy), true);
  for (int k = 0; k < 2000; ++k) {
    for (std::int64_t d : sample_schedule(none, static_cast<std::uint64_t>(k), 100).retry_delays_us) {
      ASSERT_EQ(d, 200000) << "jitter none plays exactly the policy's delay";
    }
  }
  spec.strategy.retry.jitter = Jitter::Equal;
  const SearchSpace equal = search_space(spec, default_claim(spec.strategy), true);
  EXPECT_EQ(equal.retry_delay(0).lo, 100000);
  EXPECT_EQ(equal.retry_delay(0).hi, 200000);
}

TEST(Generator, aScheduledRetryDelayIsPlayedWithinWhatThePolicyCanProduce) {
  Schedule s;
  s.retry_delays_us = {0, 999000000};
  ScheduleDraws draws(s);
  const RetryPolicy none{3, Backoff::Constant, 200, 200, Jitter::None, 0, 0};
  EXPECT_EQ(draws.retry_delay_us(none, 2), 200000) << "jitter none: a 0 ms delay plays as the policy's 200 ms";
  const RetryPolicy equal{3, Backoff::Constant, 200, 200, Jitter::Equal, 0, 0};
  EXPECT_EQ(draws.retry_delay_us(equal, 3), 200000) << "at most the delay";
  ScheduleDraws again(s);
  EXPECT_EQ(again.retry_delay_us(equal, 2), 100000) << "equal jitter: at least half the delay";
}

TEST(Generator, theScenariosEnvironmentBoundsTheUnloadBudgetAndTheFailureKinds) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  sim::set_unload_windows_ms(spec.env, 500, 500);
  spec.env.api_429_prob = 0;
  const SearchSpace sp = search_space(spec, default_claim(spec.strategy), false);
  EXPECT_EQ(sp.unload_window.lo, 500000);
  EXPECT_EQ(sp.unload_window.hi, 500000);
  for (int k = 0; k < 2000; ++k) {
    const Schedule s = sample_schedule(sp, static_cast<std::uint64_t>(k), 100);
    ASSERT_EQ(s.unload_window_us, 500000);
    for (const ApiStep& a : s.api) ASSERT_NE(a.outcome, ApiOutcome::Throttled);
  }
}

TEST(Generator, aFixedCloseKindNarrowsTheSpaceAndAnEnvironmentBelowTheClaimEmptiesIt) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.close_kind = CloseKind::BrowserQuit;
  const SearchSpace sp = search_space(spec, default_claim(spec.strategy), true);
  ASSERT_EQ(sp.close_kinds, std::vector<CloseKind>{CloseKind::BrowserQuit});
  spec.close_kind.reset();
  // The retry claim is for windows of at least 500 ms; the measured ones are shorter.
  ASSERT_EQ(default_claim(spec.strategy).min_unload_window_us, 500'000);
  EXPECT_TRUE(search_space(spec, default_claim(spec.strategy), true).empty());
  sim::set_unload_windows_ms(spec.env, 300, 400);
  const SearchSpace below = search_space(spec, default_claim(spec.strategy), true);
  EXPECT_TRUE(below.empty());
  EXPECT_NE(below.empty_reason.find("below the claim"), std::string::npos) << below.empty_reason;
}

}  // namespace
}  // namespace agentsim::search
