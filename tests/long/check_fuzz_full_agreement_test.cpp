// Opt-in (CTest label `long`, about 15 minutes on two cores: `ctest --test-dir build -L long`):
// `agentsim check` reaches a verdict on EVERY property of EVERY single-agent scenario of the
// bundled suite, and `agentsim fuzz` agrees with it on each — violated or holds. Where check's
// exhaustive walk finds a corner fuzz's default 1000 cases miss (several quantities at their
// ends at once), fuzz must find it with 200,000 cases. check's counterexample is never longer in
// environment events than fuzz's shrunk one. The default test run has the fast version of this
// test (tests/search/check_fuzz_agreement_test.cpp), bounded at 100,000 sessions per scenario.
#include <gtest/gtest.h>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/check.h"
#include "agentsim/search/fuzz.h"

namespace agentsim::search {
namespace {

TEST(CheckAndFuzzLong, agree_on_every_property_of_every_bundled_scenario) {
  const scenarios::LoadResult suite = scenarios::load_default_suite();
  ASSERT_TRUE(suite.ok());
  for (const sim::Scenario& s : suite.scenarios) {
    if (s.center) continue;
    const sim::Claim claim =
        sim::effective_claim(s.session.strategy, s.claim, s.session.close_kind, s.session.pre_close).claim;
    CheckOptions co;
    co.max_schedules = 200'000'000;
    const CheckReport checked = check_claim(s.session, claim, co);
    ASSERT_TRUE(checked.error.empty()) << s.name << ": " << checked.error;
    EXPECT_FALSE(checked.stopped) << s.name << ": no verdict within " << co.max_schedules << " sessions";
    for (const CheckResult& c : checked.results) {
      const std::string what = s.name + " / " + std::string(to_string(c.property));
      ASSERT_NE(c.verdict, CheckVerdict::Unfinished) << what;
      FuzzOptions fo;
      fo.properties = {c.property};
      FuzzReport fuzzed = fuzz(s.session, claim, fo);
      if (c.verdict == CheckVerdict::Violated && !fuzzed.found) {
        fo.cases = 200000;
        fuzzed = fuzz(s.session, claim, fo);
      }
      ASSERT_TRUE(fuzzed.error.empty()) << fuzzed.error;
      EXPECT_EQ(fuzzed.found, c.verdict == CheckVerdict::Violated)
          << what << ": check " << to_string(c.verdict) << ", fuzz " << (fuzzed.found ? "found" : "found nothing")
          << "\n" << describe(fuzzed.found ? fuzzed.finding.schedule : c.counterexample);
      if (c.verdict == CheckVerdict::Violated && fuzzed.found) {
        EXPECT_LE(c.counterexample.environment_events(), fuzzed.finding.schedule.environment_events()) << what;
      }
    }
  }
}

}  // namespace
}  // namespace agentsim::search
