// End-to-end tests of the report directory of `agentsim run --report-dir`, and of SIGINT/SIGTERM
// during run, fuzz and check, on the built binary: a symlink planted where earlier versions put
// their temporary files is not followed; a signal stops the command with exit 130/143 and leaves
// the previous reports as they were; a failed write does too; a directory holding files agentsim
// did not write is refused before anything runs.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::read_text_file;
using testing::run_agentsim;
using testing::run_command;
using testing::TempDir;
using testing::write_text_file;

using Contents = testing::DirectoryContents;

const char kScenario[] =
    "name: seed code\nstrategy: beforeunload_setstate\nsessions: 2000\nexpect:\n  - ghost_rate <= 0.9\n";

// A directory `ci/` holding the scenario file and the report set `ci/out/` of a first run.
class ReportDir : public ::testing::Test {
 protected:
  TempDir dir_{"report-dir"};
  fs::path scenario_ = dir_.path() / "s.yaml";
  fs::path parent_ = dir_.path() / "ci";
  fs::path out_ = parent_ / "out";

  void SetUp() override {
    write_text_file(scenario_, kScenario);
    fs::create_directories(parent_);
    const auto r = run_agentsim("run " + scenario_.string() + " --seed 1 --report-dir " + out_.string());
    ASSERT_EQ(r.exit_code, 0) << r.output;
    old_ = testing::directory_contents(out_);
  }
  Contents old_;
};

TEST_F(ReportDir, a_run_writes_the_set_with_its_marker_and_replaces_an_earlier_set_whole) {
  EXPECT_EQ(testing::directory_names(out_), (std::vector<std::string>{".agentsim-report-set", "junit.xml", "report.html",
                                                   "report.json", "summary.md", "table.txt"}));
  EXPECT_NE(old_.at(".agentsim-report-set").find("agentsim report set"), std::string::npos);
  const auto r = run_agentsim("run " + scenario_.string() + " --seed 2 --format json --report-dir " + out_.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("reports written to " + out_.string() + "/"), std::string::npos) << r.output;
  EXPECT_EQ(testing::directory_names(out_), (std::vector<std::string>{".agentsim-report-set", "report.json", "table.txt"}))
      << "no report of the earlier run is left to pass for this one's";
  EXPECT_NE(testing::directory_contents(out_).at("report.json"), old_.at("report.json"));
  EXPECT_EQ(testing::directory_names(parent_), std::vector<std::string>{"out"});
}

TEST_F(ReportDir, a_symlink_planted_where_earlier_versions_put_their_temporary_files_is_not_followed) {
  // What landed: `report.json.partial.tmp-<pid>` was opened with std::ofstream: a symlink planted
  // at that name in a shared report directory made agentsim overwrite its target.
  const fs::path victim = dir_.path() / "victim.txt";
  write_text_file(victim, "keep me\n");
  const fs::path log = dir_.path() / "log.txt";
  const pid_t pid = testing::spawn_agentsim({"run", scenario_.string(), "--seed", "2", "--report-dir", out_.string()},
                                            log, [&](pid_t child) {
                                              for (const char* f : {"report.json", "junit.xml", "report.html"}) {
                                                fs::create_symlink(victim, out_ / (std::string(f) + ".partial.tmp-" +
                                                                                   std::to_string(child)));
                                              }
                                              fs::create_symlink(victim, out_ / "summary.md.partial");
                                            });
  ASSERT_GT(pid, 0);
  const int status = testing::wait_for(pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << read_text_file(log);
  EXPECT_EQ(read_text_file(victim), "keep me\n");
  EXPECT_EQ(testing::directory_names(out_), (std::vector<std::string>{".agentsim-report-set", "junit.xml", "report.html",
                                                   "report.json", "summary.md", "table.txt"}));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(out_ / "report.json")));
}

TEST_F(ReportDir, sigint_stops_the_run_exits_130_and_leaves_the_previous_set_untouched) {
  const fs::path log = dir_.path() / "log.txt";
  const auto start = std::chrono::steady_clock::now();
  // Far more sessions than the test waits for: the signal lands in the simulation.
  const pid_t pid = testing::spawn_agentsim(
      {"run", scenario_.string(), "--sessions", "100000000", "--threads", "2", "--report-dir", out_.string()}, log);
  ASSERT_GT(pid, 0);
  ASSERT_TRUE(testing::wait_until_catching(pid, SIGINT, 20000));
  ::usleep(100000);
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  const int status = testing::wait_for(pid);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string output = read_text_file(log);
  ASSERT_TRUE(WIFEXITED(status)) << output;
  EXPECT_EQ(WEXITSTATUS(status), 130) << output;
  EXPECT_NE(output.find("agentsim run: interrupted by SIGINT while running scenario 1 of 1 ('seed code'); stopped "
                        "without writing: the reports in " +
                        out_.string() + "/ are untouched; exit 130"),
            std::string::npos)
      << output;
  EXPECT_EQ(output.find("Totals"), std::string::npos) << "no verdict of a cut-short run: " << output;
  EXPECT_LT(seconds, 20.0) << "the workers stop between sessions";
  EXPECT_EQ(testing::directory_contents(out_), old_);
  EXPECT_EQ(testing::directory_names(parent_), std::vector<std::string>{"out"});
}

TEST_F(ReportDir, a_failed_write_leaves_the_previous_set_untouched_and_nothing_beside_it) {
  // A file-size limit of 8 blocks: the JSON report cannot be written (EFBIG, SIGXFSZ ignored) —
  // a full disk, without a full disk; the tests run as root, so a read-only directory would not
  // stop agentsim.
  const auto r = run_command("trap '' XFSZ; ulimit -f 8; exec " + std::string(AGENTSIM_BINARY) + " run " +
                             scenario_.string() + " --seed 2 --report-dir " + out_.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(out_.string() + "/report.json: write error: File too large; no report was written, " +
                          out_.string() + "/ is as it was"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(testing::directory_contents(out_), old_);
  EXPECT_EQ(testing::directory_names(parent_), std::vector<std::string>{"out"});
}

TEST_F(ReportDir, a_directory_holding_files_agentsim_did_not_write_is_refused_before_the_run) {
  write_text_file(out_ / "notes.txt", "mine\n");
  const Contents before = testing::directory_contents(out_);
  const auto r = run_agentsim("run " + scenario_.string() + " --report-dir " + out_.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("agentsim run: --report-dir " + out_.string() +
                          " holds notes.txt, which agentsim did not write"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("sessions"), std::string::npos) << "refused before running: " << r.output;
  EXPECT_EQ(testing::directory_contents(out_), before);
  // The current directory of a source tree, say.
  const auto here = run_command("cd " + dir_.path().string() + " && " + AGENTSIM_BINARY + " run " +
                                scenario_.string() + " --report-dir .");
  EXPECT_EQ(here.exit_code, 2) << here.output;
  EXPECT_NE(here.output.find("--report-dir . is the current directory"), std::string::npos) << here.output;
}

// A SIGTERM once the command catches it, after `delay_us`; the wait status.
int terminate_after(pid_t pid, int delay_us) {
  if (!testing::wait_until_catching(pid, SIGTERM, 20000)) return -1;
  ::usleep(static_cast<useconds_t>(delay_us));
  ::kill(pid, SIGTERM);
  return testing::wait_for(pid);
}

TEST(Interrupt, sigterm_stops_fuzz_and_check_with_exit_143_and_nothing_written) {
  TempDir dir("interrupt-search");
  // A retry policy that fits its claim: no counterexample, so both searches would go on for long
  // (check: 3 s in Release with these bounds, fuzz: minutes).
  write_text_file(dir.path() / "retry.yaml",
                  "name: retry that fits\nprofile: streams_custom\nstrategy:\n  name: beforeunload_retry\n"
                  "  max_attempts: 3\n  backoff: constant\n  base_ms: 50\n  cap_ms: 50\n  jitter: none\n"
                  "  per_attempt_timeout_ms: 0\n  overall_deadline_ms: 0\n"
                  "environment: {unload_window_tab_close_min_ms: 500, unload_window_tab_close_max_ms: 1000,\n"
                  "  unload_window_browser_quit_min_ms: 500, unload_window_browser_quit_max_ms: 1000}\n");
  const fs::path replay = dir.path() / "replay.yaml";
  write_text_file(replay, "an earlier replay\n");
  const fs::path log = dir.path() / "log.txt";
  const pid_t fuzz = testing::spawn_agentsim(
      {"fuzz", (dir.path() / "retry.yaml").string(), "--property", "no_ghost_after_covered_close", "--cases",
       "100000000", "--out", replay.string()},
      log);
  const int fuzz_status = terminate_after(fuzz, 200000);
  std::string output = read_text_file(log);
  ASSERT_TRUE(WIFEXITED(fuzz_status)) << output;
  EXPECT_EQ(WEXITSTATUS(fuzz_status), 143) << output;
  EXPECT_NE(output.find("agentsim fuzz: interrupted by SIGTERM after "), std::string::npos) << output;
  const pid_t check = testing::spawn_agentsim(
      {"check", (dir.path() / "retry.yaml").string(), "--max-contacts", "3", "--max-failures", "6",
       "--boundaries-outside", "--no-merge", "--max-schedules", "1000000000000", "--out", replay.string()},
      log);
  const int check_status = terminate_after(check, 200000);
  output = read_text_file(log);
  ASSERT_TRUE(WIFEXITED(check_status)) << output;
  EXPECT_EQ(WEXITSTATUS(check_status), 143) << output;
  EXPECT_NE(output.find("agentsim check: interrupted by SIGTERM after "), std::string::npos) << output;
  EXPECT_EQ(read_text_file(replay), "an earlier replay\n");
  EXPECT_EQ(testing::directory_names(dir.path()), (std::vector<std::string>{"log.txt", "replay.yaml", "retry.yaml"}));
}

}  // namespace
}  // namespace agentsim
