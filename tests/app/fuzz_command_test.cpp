// End-to-end tests of `agentsim fuzz` on the built binary: the counterexample, its replay file
// (which `agentsim run` fails the same way, with the same timeline), and the reproduce string.
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

// The lines after `header` up to the first empty line.
std::string section(const std::string& text, const std::string& header) {
  const auto at = text.find(header);
  if (at == std::string::npos) return {};
  const auto start = at + header.size();
  const auto end = text.find("\n\n", start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
}

TEST(FuzzCommand, FindsTheSeedsCounterexampleAndWritesAReplayThatFailsTheSameWay) {
  TempDir dir("fuzz-seed");
  write(dir.path() / "seed.yaml", "name: seed\nprofile: streams_custom\nstrategy: beforeunload_setstate\n");
  const fs::path replay = dir.path() / "replay.yaml";
  const auto r = run_agentsim("fuzz " + (dir.path() / "seed.yaml").string() +
                              " --property no_ghost_after_covered_close --out " + replay.string());
  ASSERT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("PROPERTY VIOLATED: no_ghost_after_covered_close"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("coverage"), std::string::npos);
  ASSERT_TRUE(fs::exists(replay));

  const auto run = run_agentsim("run " + replay.string() + " --format none");
  EXPECT_EQ(run.exit_code, 1) << run.output;
  // The fix: a setState that passes {enqueueNextState: true} sets the next status during the call,
  // so the agent goes Offline when after-contact work ends — the same schedule then passes.
  {
    std::string text = testing::read_text_file(replay);
    const std::string from = "  name: beforeunload_setstate\n";
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, from.size(), "  name: beforeunload_retry\n  enqueue_next_state: true\n");
    const fs::path fixed = dir.path() / "fixed.yaml";
    write(fixed, text);
    const auto passes = run_agentsim("run " + fixed.string() + " --format none");
    EXPECT_EQ(passes.exit_code, 0) << passes.output << text;
  }
  EXPECT_NE(run.output.find("FAIL          longest_ghost_seconds <= 5"), std::string::npos) << run.output;

  // The same timeline: fuzz prints it after "timeline:", replay after its header line.
  const std::string fuzz_timeline = section(r.output, "timeline:\n");
  ASSERT_FALSE(fuzz_timeline.empty()) << r.output;
  const auto rep = run_agentsim("replay " + replay.string() + " --session 0");
  ASSERT_EQ(rep.exit_code, 0) << rep.output;
  EXPECT_NE(rep.output.find(fuzz_timeline), std::string::npos) << "fuzz:\n" << fuzz_timeline << "\nreplay:\n" << rep.output;
}

TEST(FuzzCommand, TheReproduceStringReFindsTheSameCounterexample) {
  TempDir dir("fuzz-repro");
  write(dir.path() / "seed.yaml", "name: seed\nprofile: streams_custom\nstrategy: beforeunload_setstate\n");
  const std::string base = "fuzz " + (dir.path() / "seed.yaml").string() + " --property no_ghost_after_covered_close";
  const auto first = run_agentsim(base + " --seed 5 --out " + (dir.path() / "a.yaml").string());
  ASSERT_EQ(first.exit_code, 1) << first.output;
  const auto at = first.output.find("--reproduce '");
  ASSERT_NE(at, std::string::npos) << first.output;
  const auto start = at + 13;
  const std::string reproduce = first.output.substr(start, first.output.find('\'', start) - start);
  const auto second = run_agentsim(base + " --seed 999 --reproduce '" + reproduce + "' --out " +
                                   (dir.path() / "b.yaml").string());
  ASSERT_EQ(second.exit_code, 1) << second.output;
  EXPECT_EQ(section(first.output, "shrunk counterexample"), section(second.output, "shrunk counterexample"));
}

TEST(FuzzCommand, ARetryPolicyThatFitsTheBudgetPassesAndSaysWhatItCovered) {
  TempDir dir("fuzz-pass");
  write(dir.path() / "retry.yaml",
        "name: retry that fits\nprofile: streams_custom\nstrategy:\n  name: beforeunload_retry\n"
        "  max_attempts: 3\n  backoff: constant\n  base_ms: 50\n  cap_ms: 50\n  jitter: none\n"
        "  per_attempt_timeout_ms: 0\n  overall_deadline_ms: 0\n"
        // The claim is for windows of at least 500 ms, longer than the measured ones.
        "environment: {unload_window_tab_close_min_ms: 500, unload_window_tab_close_max_ms: 1000,\n"
        "  unload_window_browser_quit_min_ms: 500, unload_window_browser_quit_max_ms: 1000}\n");
  const auto r = run_agentsim("fuzz " + (dir.path() / "retry.yaml").string() +
                              " --property no_ghost_after_covered_close --cases 2000");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("no counterexample in 2000 cases"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("close:tab_close="), std::string::npos) << r.output;
}

TEST(FuzzCommand, AReproduceStringForAnotherPropertyIsAUsageError) {
  TempDir dir("fuzz-repro-other");
  write(dir.path() / "seed.yaml", "name: seed\nprofile: streams_custom\nstrategy: beforeunload_setstate\n");
  const std::string file = (dir.path() / "seed.yaml").string();
  const auto first = run_agentsim("fuzz " + file + " --property no_ghost_after_covered_close --out " +
                                  (dir.path() / "a.yaml").string());
  const auto at = first.output.find("--reproduce '");
  ASSERT_NE(at, std::string::npos) << first.output;
  const std::string reproduce = first.output.substr(at + 13, first.output.find('\'', at + 13) - at - 13);
  const auto other = run_agentsim("fuzz " + file + " --property every_event_accepted --reproduce '" + reproduce + "'");
  EXPECT_EQ(other.exit_code, 2) << other.output;
  const auto garbage = run_agentsim("fuzz " + file + " --reproduce 'not a reproduce string'");
  EXPECT_NE(garbage.exit_code, 0) << garbage.output;
}

TEST(FuzzCommand, ASearchStoppedByItsTimeBudgetIsInconclusive) {
  TempDir dir("fuzz-budget");
  write(dir.path() / "s.yaml", "name: s\nstrategy: beforeunload_retry\n");
  const auto r = run_agentsim("fuzz " + (dir.path() / "s.yaml").string() +
                              " --property every_event_accepted --cases 100000000 --time-budget 0.2");
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_NE(r.output.find("Not fully checked: every_event_accepted"), std::string::npos) << r.output;
}

TEST(FuzzCommand, AnUnknownPropertyIsAUsageError) {
  TempDir dir("fuzz-bad");
  write(dir.path() / "s.yaml", "name: s\n");
  const auto r = run_agentsim("fuzz " + (dir.path() / "s.yaml").string() + " --property no_ghosts");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("no_ghost_after_covered_close"), std::string::npos) << "lists the properties";
}

}  // namespace
}  // namespace agentsim
