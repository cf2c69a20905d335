// `agentsim check` and `agentsim fuzz` on every single-agent scenario of the bundled suite: check
// reaches a verdict on every property (no UNFINISHED), and fuzz agrees with it on each — violated
// or holds. Where check's walk finds a corner fuzz's default 1000 cases miss (several quantities
// at their ends at once), fuzz must find it with 200,000 cases. check's counterexample (the
// shortest of its discretised space) is never longer in environment events than fuzz's shrunk one.
// CTest label `long` (1–2 min in Release): not in the sanitizer run.
#include <gtest/gtest.h>

#include <cstdio>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/check.h"
#include "agentsim/search/fuzz.h"

namespace agentsim::search {
namespace {

TEST(CheckAndFuzz, agree_on_every_property_of_every_bundled_scenario) {
  const scenarios::LoadResult suite = scenarios::load_default_suite();
  ASSERT_TRUE(suite.ok());
  int pairs = 0, violated = 0, needed_more_cases = 0, scenarios = 0;
  for (const sim::Scenario& s : suite.scenarios) {
    if (s.center) continue;
    ++scenarios;
    const sim::Claim claim =
        sim::effective_claim(s.session.strategy, s.claim, s.session.close_kind, s.session.pre_close).claim;
    CheckOptions co;
    co.max_schedules = 50'000'000;  // the backend strategies need up to ~12 M sessions
    const CheckReport checked = check_claim(s.session, claim, co);
    ASSERT_TRUE(checked.error.empty()) << s.name << ": " << checked.error;
    EXPECT_FALSE(checked.stopped) << s.name << ": no verdict within " << co.max_schedules << " sessions";
    for (const CheckResult& c : checked.results) {
      const std::string what = s.name + " / " + std::string(to_string(c.property));
      ASSERT_NE(c.verdict, CheckVerdict::Unfinished) << what;
      ++pairs;
      FuzzOptions fo;
      fo.properties = {c.property};
      FuzzReport fuzzed = fuzz(s.session, claim, fo);
      if (c.verdict == CheckVerdict::Violated && !fuzzed.found) {
        ++needed_more_cases;
        fo.cases = 200000;
        fuzzed = fuzz(s.session, claim, fo);
      }
      ASSERT_TRUE(fuzzed.error.empty()) << fuzzed.error;
      EXPECT_EQ(fuzzed.found, c.verdict == CheckVerdict::Violated)
          << what << ": check " << to_string(c.verdict) << ", fuzz " << (fuzzed.found ? "found" : "found nothing")
          << "\n" << describe(fuzzed.found ? fuzzed.finding.schedule : c.counterexample);
      if (c.verdict == CheckVerdict::Violated && fuzzed.found) {
        ++violated;
        EXPECT_LE(c.counterexample.environment_events(), fuzzed.finding.schedule.environment_events()) << what;
      }
    }
  }
  std::printf("%d (scenario, property) pairs, %d violated; fuzz needed 200,000 cases for %d\n", pairs, violated,
              needed_more_cases);
  EXPECT_GE(scenarios, 27) << "every single-agent scenario of the bundled suite";
  EXPECT_EQ(pairs, scenarios * kPropertyCount) << "every property of each";
}

}  // namespace
}  // namespace agentsim::search
