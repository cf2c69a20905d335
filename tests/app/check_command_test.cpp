// End-to-end tests of `agentsim check` and of the replay scenarios `check` and `fuzz` write: the
// replay fails while the flaw is there and passes once the strategy is fixed.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
// GCC 12 reports a false -Wmaybe-uninitialized inside <regex>'s std::function when inlining
// under -fsanitize (GCC bug 105562); the warning concerns the library, not this file.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#include <sstream>

#include <sys/stat.h>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::run_agentsim;
using testing::TempDir;

void write(const fs::path& p, const std::string& text) { testing::write_text_file(p, text); }
std::string read(const fs::path& p) { return testing::read_text_file(p); }

// The retry case: 3 attempts, a constant backoff, no jitter, a 500 ms unload budget.
std::string retry_scenario(int backoff_ms) {
  return "name: retry case\nprofile: streams_custom\n"
         "strategy: {name: beforeunload_retry, max_attempts: 3, backoff: constant, base_ms: " +
         std::to_string(backoff_ms) + ", cap_ms: " + std::to_string(backoff_ms) +
         ", jitter: none, per_attempt_timeout_ms: 0, overall_deadline_ms: 0}\n"
         "environment: {unload_window_tab_close_min_ms: 500, unload_window_tab_close_max_ms: 500}\n";
}

// The fix: a backoff that fits the budget (100 ms: 2 x 100 ms + 2 x 100 ms < 500 ms).
std::string with_backoff_100(const std::string& replay) {
  return std::regex_replace(replay, std::regex(R"(\b(base_ms|cap_ms): 200(\.0+)?\b)"), "$1: 100");
}

void expect_replay_fails_then_passes_once_fixed(const fs::path& replay) {
  ASSERT_TRUE(fs::exists(replay));
  const auto failing = run_agentsim("run " + replay.string() + " --format none");
  EXPECT_EQ(failing.exit_code, 1) << failing.output;
  const std::string fixed_text = with_backoff_100(read(replay));
  ASSERT_NE(fixed_text, read(replay)) << "the replay names the backoff it ran with";
  const fs::path fixed = replay.parent_path() / "fixed.yaml";
  write(fixed, fixed_text);
  const auto passing = run_agentsim("run " + fixed.string() + " --format none");
  EXPECT_EQ(passing.exit_code, 0) << passing.output << "\n" << fixed_text;
}

TEST(CheckCommand, FindsTheRetryCaseAndItsReplayFailsUntilTheBackoffFits) {
  TempDir dir("check-retry");
  write(dir.path() / "retry.yaml", retry_scenario(200));
  const fs::path replay = dir.path() / "replay.yaml";
  const auto r = run_agentsim("check " + (dir.path() / "retry.yaml").string() +
                              " --property no_ghost_after_covered_close --out " + replay.string());
  ASSERT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("no_ghost_after_covered_close: VIOLATED"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("shortest counterexample: 3 environment events"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("timeline:"), std::string::npos) << r.output;
  expect_replay_fails_then_passes_once_fixed(replay);
}

TEST(CheckCommand, FuzzsReplayOfTheRetryCaseFailsUntilTheBackoffFits) {
  TempDir dir("fuzz-retry");
  write(dir.path() / "retry.yaml", retry_scenario(200));
  const fs::path replay = dir.path() / "replay.yaml";
  const auto r = run_agentsim("fuzz " + (dir.path() / "retry.yaml").string() +
                              " --property no_ghost_after_covered_close --out " + replay.string());
  ASSERT_EQ(r.exit_code, 1) << r.output;
  expect_replay_fails_then_passes_once_fixed(replay);
}

TEST(CheckCommand, SaysTheRetryCaseHoldsWithAHundredMillisecondBackoffAndStatesItsBounds) {
  TempDir dir("check-holds");
  write(dir.path() / "retry.yaml", retry_scenario(100));
  const auto r = run_agentsim("check " + (dir.path() / "retry.yaml").string() +
                              " --property no_ghost_after_covered_close");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no_ghost_after_covered_close: HOLDS — every one of"), std::string::npos) << r.output;
  for (const char* bound : {"unload window: 500 ms", "API latency: 1–100 ms", "failures: at most 2",
                            "retry delays (the policy's): 100 ms, 100 ms"}) {
    EXPECT_NE(r.output.find(bound), std::string::npos) << bound << "\n" << r.output;
  }
}

TEST(CheckCommand, StopsWithoutAVerdictAtTheScheduleLimit) {
  TempDir dir("check-limit");
  write(dir.path() / "retry.yaml", retry_scenario(100));
  const auto r = run_agentsim("check " + (dir.path() / "retry.yaml").string() +
                              " --property no_ghost_after_covered_close --max-schedules 5");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("UNFINISHED"), std::string::npos) << r.output;
}

TEST(CheckCommand, FuzzAndCheckRefuseACenterScenario) {
  TempDir dir("check-center");
  write(dir.path() / "center.yaml",
        "name: a center\nstrategy: heartbeat_sweeper\ncenter: {agents: 10}\n");
  for (const char* command : {"check", "fuzz"}) {
    const auto r = run_agentsim(std::string(command) + " " + (dir.path() / "center.yaml").string());
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_NE(r.output.find("is a center scenario"), std::string::npos) << command << "\n" << r.output;
  }
}

TEST(CheckCommand, AFixedCloseKindOutsideTheClaimIsRefusedForAPropertyBoundToTheClaim) {
  TempDir dir("check-outside");
  write(dir.path() / "crash.yaml", "name: crash\nstrategy: beforeunload_setstate\nclose_kind: crash\n");
  const auto r = run_agentsim("check " + (dir.path() / "crash.yaml").string() +
                              " --property no_ghost_after_covered_close");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("close_kind crash lies outside the claim"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace agentsim

namespace agentsim {
namespace {

TEST(CheckCommand, NeverWritesItsReplayOverADeviceOrThroughASymlink) {
  TempDir dir("check-out");
  write(dir.path() / "retry.yaml", retry_scenario(200));
  const fs::path target = dir.path() / "precious.txt";
  write(target, "keep me\n");
  fs::create_symlink(target, dir.path() / "link.yaml");
  // A FIFO stands for any special file (never a real device: were the guard to fail, the test
  // would replace it).
  const fs::path fifo = dir.path() / "fifo.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& out : {fifo.string(), (dir.path() / "link.yaml").string()}) {
    const auto r = testing::run_agentsim("check " + (dir.path() / "retry.yaml").string() +
                                         " --property no_ghost_after_covered_close --out " + out);
    EXPECT_EQ(r.exit_code, 2) << out << "\n" << r.output;
    EXPECT_NE(r.output.find("not a regular file"), std::string::npos) << r.output;
  }
  EXPECT_EQ(read(target), "keep me\n");
  EXPECT_TRUE(fs::is_fifo(fifo));
}

}  // namespace
}  // namespace agentsim
