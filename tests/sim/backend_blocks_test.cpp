// The blocks of issue #14 that needed the engine: the GetCurrentUserData poller (status_poller),
// the page's logout (logout), a heartbeat's transport, and a composed sweeper in center mode
// (fetchLater's tests: fetch_later_test.cpp).
#include <gtest/gtest.h>

#include <map>

#include "agentsim/sim/center.h"
#include "agentsim/sim/component.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/strategy.h"
#include "compose_fixtures.h"
#include "agentsim/sim/token_bucket.h"

namespace agentsim::sim {
namespace {

using testing::block;
using testing::composed;
using testing::count_sessions;

// ---- status_poller ---------------------------------------------------------------------------

// A center whose every agent leaves at the shift's end with no page code: the poller is the only
// thing that acts.
CenterSpec poll_center(int agents) {
  CenterSpec c;
  c.agents = agents;
  c.shift_ms = 1800000;  // 30 min
  c.after_shift_ms = 600000;
  c.contact_rate_per_min = 0;  // no contacts: only the polls use the API
  return c;
}

TEST(StatusPoller, GetCurrentUserDataPollingIsPacedUnderItsOwnLimit) {
  // 1,000 agents, 100 a call: 10 calls a pass every 2 s would be 5 calls/s — above the API's
  // 2/s with burst 5 [D 21,22]. The poller paces its calls under that limit, so the account's
  // GetCurrentUserData bucket never refuses one, and the bucket's bound holds over every window.
  SessionSpec session = composed(CloseKind::TabClose, {block("status_poller", {{"poll_period_ms", "2000"}})});
  const CenterSpec center = poll_center(1000);
  ASSERT_TRUE(session.validate().empty());
  ASSERT_TRUE(center.validate().empty());
  CenterTrace trace;
  const CenterOutcome out = run_center(session, center, 3, 0, &trace);
  ASSERT_FALSE(out.budget_exceeded);
  const auto& grants = trace.get_current_user_data_grants_us;
  EXPECT_EQ(grants_beyond_bucket(grants, 2, 5), 0u);
  EXPECT_EQ(grants.size(), out.user_data_calls) << "a paced call is never throttled";
  EXPECT_EQ(out.throttled, 0u);
  // The pacing is what limits the polls: over the 40 minutes the calls run at the API's rate
  // (2/s plus the burst), not at the 5/s the period asks for.
  const double seconds = (center.shift_ms + center.after_shift_ms) / 1000;
  EXPECT_LE(static_cast<double>(grants.size()), 2 * seconds + 5);
  EXPECT_GE(static_cast<double>(grants.size()), 2 * seconds * 0.95);

  // Unpaced (poll_rate_rps 0), the same polls go 10 at a time and the bucket refuses the calls
  // beyond its burst: 429s, and agents a pass does not see.
  SessionSpec unpaced = composed(CloseKind::TabClose, {block("status_poller", {{"poll_period_ms", "2000"}, {"poll_rate_rps", "0"}})});
  CenterTrace unpaced_trace;
  const CenterOutcome storm = run_center(unpaced, center, 3, 0, &unpaced_trace);
  EXPECT_GT(storm.user_data_calls, unpaced_trace.get_current_user_data_grants_us.size());
  EXPECT_GT(storm.throttled, 0u);
  EXPECT_EQ(grants_beyond_bucket(unpaced_trace.get_current_user_data_grants_us, 2, 5), 0u)
      << "the server's bucket holds whatever the client does";
}

TEST(StatusPoller, OneCallCoversAHundredAgents) {
  // 250 agents, a pass every 30 s with room to spare: every pass is ceil(250 / 100) = 3 calls,
  // sent together (burst 5), each covering up to 100 agents.
  const SessionSpec session = composed(CloseKind::TabClose, {block("status_poller")});
  const CenterSpec center = poll_center(250);
  CenterTrace trace;
  const CenterOutcome out = run_center(session, center, 3, 0, &trace);
  std::map<std::int64_t, int> per_pass;
  for (std::int64_t t : trace.get_current_user_data_grants_us) ++per_pass[t];
  ASSERT_GE(per_pass.size(), 70u);  // 40 min / 30 s = 80 passes
  for (const auto& [t, calls] : per_pass) EXPECT_EQ(calls, 3) << "the pass at " << t << " us";
  EXPECT_EQ(out.user_data_calls, trace.get_current_user_data_grants_us.size());
}

TEST(StatusPoller, APollThatShowsAMissedContactSetsTheGhostOffline) {
  // No page code: a tab close leaves a ghost, a contact rings out on it, and the next poll sees
  // the missed contact and sets the agent Offline. Without the poller the agent stays in Missed.
  const int n = 300;
  const SessionSpec none = composed(CloseKind::TabClose, {});
  const SessionSpec poller = composed(CloseKind::TabClose, {block("status_poller")});
  const auto offline = [](const Outcome& o) { return o.offline_at_end; };
  const auto missed = [](const Outcome& o) { return o.contacts_missed_on_ghost > 0; };
  EXPECT_EQ(count_sessions(none, n, offline), 0);
  const int missed_sessions = count_sessions(poller, n, missed);
  ASSERT_GT(missed_sessions, n * 9 / 10);
  // Every session with a miss ends Offline unless all three PutUserStatus attempts fail
  // (a few per cent of attempts fail by default: (0.023)^3 per sequence).
  EXPECT_GE(count_sessions(poller, n, offline), missed_sessions - 1);
}

TEST(StatusPoller, AvailableWhileSilentNeedsAHeartbeatAndEndsAGhostNoContactRangOn) {
  SessionSpec without_heartbeat =
      composed(CloseKind::TabClose, {block("status_poller", {{"detect", "available_while_silent"}})});
  EXPECT_FALSE(without_heartbeat.validate().empty());
  auto spec = [](const char* detect) {
    return composed(CloseKind::TabClose,
                    {block("heartbeat"), block("status_poller", {{"detect", detect}})});
  };
  const int n = 300;
  // Available and silent: a poll after the silence (90 s) ends the ghost — within the silence,
  // one heartbeat interval (30 s: the last one may have left just before the close), one poll
  // period (30 s) and the calls' latency — unless a contact rang on the ghost first: Ringing or
  // Missed is not "Available with no contact", and this rule leaves it.
  const auto quick = [](const Outcome& o) {
    return o.offline_at_end && o.ghost_us <= 90'000'000 + 30'000'000 + 30'000'000 + 5'000'000;
  };
  const auto untouched = [](const Outcome& o) { return o.contacts_offered_to_ghost == 0; };
  const SessionSpec silent = spec("available_while_silent");
  const int clean = count_sessions(silent, n, untouched);
  ASSERT_GT(clean, n / 10);
  EXPECT_EQ(count_sessions(silent, n, [&](const Outcome& o) { return untouched(o) && quick(o); }),
            clean);
  EXPECT_EQ(count_sessions(silent, n, [&](const Outcome& o) { return !untouched(o) && o.offline_at_end; }),
            0);
  // `either` also reads the missed contact on the next poll: every ghost ends Offline, unless
  // all three PutUserStatus attempts fail ((0.023)^3 per sequence).
  EXPECT_GE(count_sessions(spec("either"), n, [](const Outcome& o) { return o.offline_at_end; }),
            n - 1);
}

// ---- logout -----------------------------------------------------------------------------------

TEST(Logout, NeitherTerminateNorTheLogoutUrlChangesTheStatus) {
  const int n = 300;
  const auto ghost = [](const Outcome& o) { return o.ghost_us > 0 && !o.offline_at_end; };
  const int none = count_sessions(composed(CloseKind::TabClose, {}), n, ghost);
  for (const char* method : {"terminate", "logout_url"}) {
    const SessionSpec spec = composed(CloseKind::TabClose, {block("logout", {{"method", method}})});
    EXPECT_EQ(count_sessions(spec, n, ghost), none) << method;
  }
}

TEST(Logout, TerminateRightAfterSetStateDropsTheOfflineStillInsideTheWorker) {
  const int n = 500;
  // A reload: the Offline that arrives is a spurious one (the agent reopens and goes on).
  const auto offline = [](const Outcome& o) { return o.spurious_offline; };
  const SessionSpec setstate = composed(CloseKind::Reload, {block("setstate_offline")});
  const SessionSpec terminated =
      composed(CloseKind::Reload, {block("setstate_offline"), block("logout", {{"method", "terminate"}})});
  EXPECT_GT(count_sessions(setstate, n, offline), n / 2);
  EXPECT_EQ(count_sessions(terminated, n, offline), 0);
}

// ---- heartbeat transport ----------------------------------------------------------------------

TEST(Heartbeat, ABlockedBeaconHeartbeatGetsAWorkingAgentSetOffline) {
  // Closing one of two tabs: the agent keeps working in the other, whose heartbeats go on — unless
  // they go by a sendBeacon an ad blocker blocks.
  const int n = 200;
  const auto spurious = [](const Outcome& o) { return o.spurious_offline; };
  auto spec = [](const char* transport) {
    SessionSpec s = composed(CloseKind::OneOfTwoTabs,
                             {block("heartbeat", {{"transport", transport}}), block("sweeper")});
    s.env.beacon_blocked_prob = 1;
    return s;
  };
  EXPECT_EQ(count_sessions(spec("fetch"), n, spurious), 0);
  EXPECT_EQ(count_sessions(spec("beacon"), n, spurious), n);
}

// ---- center mode -----------------------------------------------------------------------------

TEST(CenterComposed, AComposedSweeperPassesInCenterModeAsItsPresetDoes) {
  // The center's sweeper tick comes from the strategy's components, so a composition of the
  // preset's blocks runs the same shift as the preset.
  CenterSpec center;
  center.agents = 40;
  center.shift_ms = 3600000;
  center.after_shift_ms = 1800000;
  center.contact_rate_per_min = 4;
  for (StrategyKind k : {StrategyKind::HeartbeatSweeper, StrategyKind::EventStreamSweeper}) {
    SessionSpec preset;
    preset.strategy = default_config(k);
    SessionSpec blocks = preset;
    blocks.strategy = composed_config(preset.strategy.components(), "same blocks");
    for (std::uint64_t shift = 0; shift < 3; ++shift) {
      const CenterOutcome a = run_center(preset, center, 9, shift);
      const CenterOutcome b = run_center(blocks, center, 9, shift);
      EXPECT_EQ(a, b) << to_string(k) << ", shift " << shift;
      if (k == StrategyKind::HeartbeatSweeper) {
        EXPECT_GT(b.put_user_status_sent, 0u);
      }
    }
  }
}

}  // namespace
}  // namespace agentsim::sim
