// Strategy components (component.h): the presets are their blocks, composed blocks behave as
// their descriptions say, and no code switches on a strategy kind any more.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/strategy.h"
#include "compose_fixtures.h"

namespace agentsim::sim {
namespace {

using testing::block;
using testing::composed;

constexpr int kSessions = 400;

TEST(Components, ComposingEachPresetsBlocksGivesThePresetsOutcomesSessionForSession) {
  for (StrategyKind k : all_strategy_kinds()) {
    for (const char* server : {"none", "heartbeat_sweeper"}) {
      SessionSpec preset;
      preset.strategy = default_config(k);
      if (k != StrategyKind::HeartbeatSweeper && k != StrategyKind::EventStreamSweeper) {
        ASSERT_FALSE(set_parameter(preset.strategy, "server", server).has_value());
        ASSERT_FALSE(set_parameter(preset.strategy, "missed_contact", "dismiss_then_offline").has_value());
      }
      SessionSpec blocks = preset;
      blocks.strategy = composed_config(preset.strategy.components(), "same blocks");
      ASSERT_TRUE(blocks.validate().empty()) << to_string(k) << ": " << blocks.validate().front();
      for (int i = 0; i < 200; ++i) {
        ASSERT_EQ(run_session(preset, 7, static_cast<std::uint64_t>(i)),
                  run_session(blocks, 7, static_cast<std::uint64_t>(i)))
            << to_string(k) << " + " << server << ", session " << i;
      }
    }
  }
}

TEST(Components, TheGracePeriodRemovesTheSpuriousOfflineOfAReload) {
  // A reload is not a leave: the page is back after reload_reopen_ms (3 s) and says so.
  auto spurious = [](double grace_ms) {
    const SessionSpec spec = composed(
        CloseKind::Reload,
        {block("notify_backend", {{"transport", "keepalive"}}), block("reconnect_notice"),
         block("put_user_status_on_notify", {{"grace_ms", std::to_string(grace_ms)}})});
    EXPECT_TRUE(spec.validate().empty());
    int n = 0;
    for (int i = 0; i < kSessions; ++i) n += run_session(spec, 11, static_cast<std::uint64_t>(i)).spurious_offline;
    return n;
  };
  const int without = spurious(0);
  const int with = spurious(5000);
  // Without a grace period the backend sets nearly every reloading agent Offline (all but the
  // PutUserStatus calls that fail all three attempts: 1 % of the calls fail by default).
  EXPECT_GE(without, kSessions * 9 / 10) << without;
  // With 5 s the reconnect notice (3 s reopen + a latency of median 60 ms, p99 600 ms) comes
  // first every time: no spurious Offline.
  EXPECT_EQ(with, 0);
}

TEST(Components, PagehideWithoutBeforeunloadCoversAMobileCloseWithBfcache) {
  auto run = [](const char* on) {
    SessionSpec spec = composed(CloseKind::MobileKill,
                                {block("notify_backend", {{"on", on}, {"transport", "keepalive"}}),
                                 block("put_user_status_on_notify")});
    spec.env.mobile_pagehide_prob = 1;  // the mobile browser fires pagehide (bfcache), never beforeunload
    std::pair<int, int> notified_ghosts{0, 0};
    for (int i = 0; i < kSessions; ++i) {
      const Outcome o = run_session(spec, 5, static_cast<std::uint64_t>(i));
      notified_ghosts.first += static_cast<int>(o.backend_notifies_sent);
      // A ghost that outlasts the backend's call (5 s: 3 attempts at the default latencies).
      notified_ghosts.second += o.ghost_us > 5'000'000 ? 1 : 0;
    }
    return notified_ghosts;
  };
  const auto [beforeunload_sent, beforeunload_ghosts] = run("beforeunload");
  const auto [pagehide_sent, pagehide_ghosts] = run("pagehide");
  EXPECT_EQ(beforeunload_sent, 0);  // no beforeunload on a mobile close
  EXPECT_EQ(pagehide_sent, kSessions);
  // Without a notification most mobile closes leave a ghost of more than 5 s (the rest end
  // sooner: the agent's tab is killed before it is routed a contact... whatever ends it, the
  // notified backend does better on every one).
  EXPECT_GE(beforeunload_ghosts, kSessions * 8 / 10) << beforeunload_ghosts;
  // The backend's PutUserStatus (3 attempts) lands unless every attempt fails.
  EXPECT_LE(pagehide_ghosts, kSessions / 100) << pagehide_ghosts;
}

TEST(Components, DeduplicationSendsOneRequestWhenBothTriggersFire) {
  auto sent = [](const char* dedupe) {
    const SessionSpec spec = composed(
        CloseKind::TabClose,
        {block("notify_backend",
               {{"on", "beforeunload|pagehide"}, {"dedupe", dedupe}, {"transport", "keepalive"}}),
         block("put_user_status_on_notify")});
    std::vector<std::uint32_t> per_session;
    for (int i = 0; i < 50; ++i) per_session.push_back(run_session(spec, 3, static_cast<std::uint64_t>(i)).backend_notifies_sent);
    return per_session;
  };
  EXPECT_EQ(sent("true"), std::vector<std::uint32_t>(50, 1));
  EXPECT_EQ(sent("false"), std::vector<std::uint32_t>(50, 2));
}

TEST(Components, AComposedStrategyRefusesTwoSweepersAndAHeartbeatSweeperWithoutHeartbeats) {
  StrategyConfig two = composed_config({block("sweeper"), block("sweeper", {{"signal", "event_stream"}})});
  const auto e2 = two.validate();
  ASSERT_FALSE(e2.empty());
  EXPECT_NE(e2.front().find("at most one sweeper"), std::string::npos) << e2.front();
  StrategyConfig silent = composed_config({block("sweeper")});
  const auto e1 = silent.validate();
  ASSERT_FALSE(e1.empty());
  EXPECT_NE(e1.front().find("needs a page heartbeat"), std::string::npos) << e1.front();
  EXPECT_TRUE(composed_config({block("heartbeat"), block("sweeper")}).validate().empty());
}

TEST(Components, AParameterOutsideItsRangeOrChoicesIsRefusedByName) {
  ComponentConfig c = block("put_user_status_on_notify");
  EXPECT_EQ(c.set("grace_ms", "-1").value_or(""), "must be between 0 and 3600000 ms, got -1");
  EXPECT_EQ(c.set("max_attempts", "2.5").value_or(""), "expected an integer, got '2.5'");
  EXPECT_EQ(c.set("backoff", "linear").value_or(""), "expected constant or exponential");
  EXPECT_EQ(c.set("grase_ms", "1").value_or(""), "component put_user_status_on_notify has no parameter 'grase_ms'");
  ComponentConfig n = block("notify_backend");
  EXPECT_NE(n.set("on", "beforeunload|unload").value_or("").find("'unload' is not one of"), std::string::npos);
  EXPECT_FALSE(n.set("on", "beforeunload|freeze").has_value());
  EXPECT_EQ(n.text("on"), "beforeunload|freeze");
}

TEST(Components, EachBlockContributesToTheDefaultClaimAndTheGraceWidensTheGhostBound) {
  const Claim plain = default_claim(composed_config({block("notify_backend"), block("put_user_status_on_notify")}));
  const Claim graced = default_claim(composed_config(
      {block("notify_backend"), block("put_user_status_on_notify", {{"grace_ms", "5000"}})}));
  EXPECT_EQ(graced.ghost_bound_us - plain.ghost_bound_us, 5'000'000);
  EXPECT_FALSE(plain.no_spurious_offline);  // a notified backend sets a reloading agent Offline
  // The preset is the same blocks: the same claim.
  const Claim preset = default_claim(default_config(StrategyKind::PutUserStatusBackend));
  EXPECT_EQ(preset.close_kinds, plain.close_kinds);
  EXPECT_EQ(preset.max_api_calls, plain.max_api_calls);
  // A composition that does nothing on a close claims never to set a working agent Offline.
  EXPECT_TRUE(default_claim(composed_config({})).no_spurious_offline);
}

TEST(Components, NoSwitchOnAStrategyKindIsLeftInSim) {
  // Adding a block is one file and one registry line: nothing in sim/ may branch on a strategy
  // kind (the presets are a table, the behaviour is in the components).
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(AGENTSIM_SOURCE_DIR) / "sim")) {
    if (!entry.is_regular_file()) continue;
    const std::string ext = entry.path().extension().string();
    if (ext != ".cpp" && ext != ".h") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    EXPECT_EQ(s.find("case StrategyKind::"), std::string::npos) << entry.path();
    // Comparisons with a kind: only "is it a composition" (StrategyKind::Composed) remains.
    for (const char* compare : {"kind == StrategyKind::", "kind != StrategyKind::"}) {
      for (std::size_t at = s.find(compare); at != std::string::npos; at = s.find(compare, at + 1)) {
        const std::string what = s.substr(at + std::string(compare).size(), 8);
        EXPECT_EQ(what, "Composed") << entry.path() << ": " << s.substr(at, 40);
      }
    }
  }
  EXPECT_GT(files, 40);
}

}  // namespace
}  // namespace agentsim::sim
