// `agentsim replay` prints one agent's session: a center scenario, whose agents share a queue,
// a token bucket and a backend, has no such session and is refused (exit 2) instead of being
// run silently as one agent alone.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::run_agentsim;
using testing::TempDir;

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(ReplayCommand, RefusesACenterScenarioAndSaysWhatToRunInstead) {
  TempDir dir("replay-center");
  write(dir.path() / "center.yaml",
        "name: shift change\nstrategy: heartbeat_sweeper\ncenter: {agents: 5, shift_ms: 60000}\n");
  const auto r = run_agentsim("replay " + (dir.path() / "center.yaml").string() + " --session 2");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("agentsim replay: scenario 'shift change' is a center scenario; replay "
                          "prints one agent's session"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("agentsim run "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("--scenario 'shift change'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("agentsim simulate --strategy heartbeat_sweeper --trace 2"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("model "), std::string::npos) << "no timeline is printed:\n" << r.output;
}

TEST(ReplayCommand, AReplayFileWrittenForACounterexamplePrintsItsTimeline) {
  TempDir dir("replay-schedule");
  write(dir.path() / "replay.yaml",
        "name: replay\nstrategy: {name: beforeunload_retry, max_attempts: 3, backoff: constant, "
        "base_ms: 200, cap_ms: 200, jitter: none, per_attempt_timeout_ms: 0, overall_deadline_ms: 0}\n"
        "sessions: 1\nmax_sessions: 1\n"
        "schedule:\n  unload_window_ms: 500.000\n"
        "  api: [{outcome: 5xx, latency_ms: 100.000}, {outcome: 5xx, latency_ms: 100.000}]\n"
        "claim: {ghost_bound_ms: 5000}\n");
  const auto r = run_agentsim("replay " + (dir.path() / "replay.yaml").string() + " --session 0");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("a retry scheduled after the unload window never runs"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("the agent is now a GHOST"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace agentsim
