// agentsim fuzz on a composed strategy: its claim is the sum of its blocks', the search finds what
// breaks it, and the replay file it writes composes the same blocks and fails the same way.
#include <gtest/gtest.h>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/fuzz.h"
#include "agentsim/search/replay_writer.h"
#include "agentsim/sim/claim.h"

namespace agentsim::search {
namespace {

constexpr const char* kComposed =
    "scenarios:\n"
    "  - name: ours\n"
    "    strategy:\n"
    "      name: ours\n"
    "      page:\n"
    "        - on: [beforeunload, pagehide]\n"
    "          do: {notify_backend: {transport: keepalive}}\n"
    "      backend:\n"
    "        - put_user_status_on_notify: {grace_ms: 2000, retry: {max_attempts: 3}}\n"
    "    expect: [ghost_rate <= 0.5]\n";

TEST(ComposedFuzz, TheClaimIsTheBlocksAndALostNotificationBreaksIt) {
  const scenarios::LoadResult loaded = scenarios::load_scenario_text(kComposed, "ours.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.errors.front().format();
  const sim::Scenario& s = loaded.scenarios.front();
  const sim::Claim claim = sim::default_claim(s.session.strategy);
  // put_user_status_on_notify: tab close, browser quit and logout; 3 attempts = 2 failures; the
  // ghost bound of 5 s plus the 2 s grace period.
  EXPECT_EQ(claim.max_failures, 2);
  EXPECT_EQ(claim.ghost_bound_us, 7'000'000);
  FuzzOptions o;
  o.properties = {Property::NoGhostAfterCoveredClose};
  o.cases = 2000;
  o.seed = 1;
  const FuzzReport r = fuzz(s.session, claim, o);
  ASSERT_TRUE(r.found);
  // The notification is the one request nothing retries: lost (a failure within the claim's
  // two), the backend never hears of the close.
  EXPECT_EQ(r.finding.schedule.delivered, std::vector<bool>{false}) << describe(r.finding.schedule);
  EXPECT_GT(r.finding.outcome.ghost_us, claim.ghost_bound_us);

  const std::string replay = write_replay_scenario(s, r.finding.schedule, r.finding.property, claim,
                                                   r.finding.reproduce);
  EXPECT_NE(replay.find("    - notify_backend: {on: [beforeunload, pagehide]}"), std::string::npos) << replay;
  EXPECT_NE(replay.find("    - put_user_status_on_notify: {grace_ms: 2000}"), std::string::npos) << replay;
  const scenarios::LoadResult again = scenarios::load_scenario_text(replay, "replay.yaml");
  ASSERT_TRUE(again.ok()) << again.errors.front().format() << "\n" << replay;
  const sim::Scenario& back = again.scenarios.front();
  EXPECT_TRUE(back.session.strategy.composed == s.session.strategy.composed);
  ASSERT_TRUE(back.session.schedule.has_value());
  EXPECT_TRUE(sim::run_session(back.session, 1, 0) == r.finding.outcome);
}

}  // namespace
}  // namespace agentsim::search
