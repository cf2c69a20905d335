// 200 runs of `agentsim run`, each sent a SIGTERM at a pseudo-random moment (fixed seed) spread
// over the whole run — loading, simulating, rendering, writing the reports, exiting — and after
// each one the report directory holds exactly the complete previous set or exactly the complete
// new one, with nothing left beside it; the exit code says which (143: the previous set, the
// run's own code: the new one). Labelled `ci` (tests/CMakeLists.txt): CI runs it in Release and
// under the sanitizers; the delays scale with the measured length of a run, so it stays bounded
// in both (about 200 run lengths).
//
// What landed before: the set was renamed file by file, and `*.partial` files were written in
// the report directory itself, so 8 of 300 interrupted runs left a mix of old and new reports
// or debris.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::read_text_file;
using testing::TempDir;
using testing::write_text_file;

using Contents = testing::DirectoryContents;

void put_set(const fs::path& dir, const Contents& set) {
  fs::remove_all(dir);
  fs::create_directory(dir);
  for (const auto& [name, content] : set) write_text_file(dir / name, content);
}

// How `now` differs from the two sets: per file, "old", "new", "missing" or "other"; and any file
// that is in neither.
std::string describe(const Contents& now, const Contents& old_set, const Contents& new_set) {
  std::string out;
  for (const auto& [name, content] : old_set) {
    const auto it = now.find(name);
    out += " " + name + ": " +
           (it == now.end()                                              ? "missing"
            : it->second == content                                      ? "old"
            : new_set.count(name) && it->second == new_set.at(name) ? "new"
                                                                         : "other");
    out += ";";
  }
  for (const auto& [name, content] : now) {
    if (!old_set.count(name)) out += " extra " + name + ";";
  }
  return out;
}

// splitmix64: the test's own fixed-seed stream of delays.
std::uint64_t next(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Two small scenarios: a run is short, and its reports are several files of some size.
const char kSuite[] =
    "scenarios:\n"
    "  - name: seed code\n    strategy: beforeunload_setstate\n    sessions: 1000\n"
    "    expect:\n      - ghost_rate <= 0.9\n"
    "  - name: retry\n    strategy: beforeunload_retry\n    sessions: 1000\n"
    "    expect:\n      - ghost_rate <= 0.9\n";

struct RunResult {
  int status = -1;
  std::string output;
  double seconds = 0;
};

RunResult run_once(const fs::path& suite, const fs::path& out, const fs::path& log, int seed, int kill_after_us) {
  RunResult r;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = testing::spawn_agentsim(
      {"run", suite.string(), "--seed", std::to_string(seed), "--threads", "1", "--report-dir", out.string()}, log);
  if (pid <= 0) return r;
  if (kill_after_us >= 0) {
    ::usleep(static_cast<useconds_t>(kill_after_us));
    ::kill(pid, SIGTERM);
  }
  r.status = testing::wait_for(pid);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.output = read_text_file(log);
  return r;
}

TEST(ReportSetInterrupt, a_sigterm_at_any_point_of_a_run_never_leaves_a_mixed_set_or_debris_200_runs) {
  TempDir dir("interrupt-ci");
  const fs::path suite = dir.path() / "suite.yaml";
  write_text_file(suite, kSuite);
  const fs::path parent = dir.path() / "ci";
  const fs::path out = parent / "out";
  const fs::path log = dir.path() / "log.txt";
  fs::create_directory(parent);

  // The two sets, from uninterrupted runs: seed 1 (the previous) and seed 2 (the new one).
  RunResult first = run_once(suite, out, log, 1, -1);
  ASSERT_TRUE(WIFEXITED(first.status) && WEXITSTATUS(first.status) == 0) << first.output;
  const Contents old_set = testing::directory_contents(out);
  std::vector<double> lengths;
  int normal_code = -1;
  Contents new_set;
  for (int i = 0; i < 3; ++i) {  // the length of a run, measured (ASan runs are longer)
    put_set(out, old_set);
    const RunResult r = run_once(suite, out, log, 2, -1);
    ASSERT_TRUE(WIFEXITED(r.status)) << r.output;
    normal_code = WEXITSTATUS(r.status);
    new_set = testing::directory_contents(out);
    lengths.push_back(r.seconds);
  }
  ASSERT_EQ(normal_code, 0);
  ASSERT_GE(old_set.size(), 5u);
  ASSERT_NE(old_set, new_set);
  ASSERT_EQ(testing::directory_names(parent), std::vector<std::string>{"out"});

  std::uint64_t state = 20261125;
  // The median of the three (the first run of a cold binary is slower), and a little more, so
  // that some signals come after the run ended.
  std::sort(lengths.begin(), lengths.end());
  const double typical = lengths[1];
  const int window_us = static_cast<int>(typical * 1.25e6);
  std::map<std::string, int> outcomes;
  std::vector<std::string> failures;
  std::map<std::string, int> kinds;  // of failures
  for (int i = 0; i < 200; ++i) {
    if (testing::directory_contents(out) != old_set || testing::directory_names(parent) != std::vector<std::string>{"out"}) {
      fs::remove_all(parent);
      fs::create_directory(parent);
      put_set(out, old_set);
    }
    const int delay_us = static_cast<int>(next(state) % static_cast<std::uint64_t>(window_us));
    const RunResult r = run_once(suite, out, log, 2, delay_us);
    const Contents now = testing::directory_contents(out);
    const std::string held = now == old_set ? "the previous set" : now == new_set ? "the new set" : "a mixed set";
    std::string debris;
    for (const std::string& n : testing::directory_names(parent)) debris += n == "out" ? "" : " " + n;
    // What the exit status says the directory must hold: killed by the default action (the
    // signal came before the handler was installed, while the process was starting) or 143,
    // the previous set; the run's own code, the new one.
    const bool killed = WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGTERM;
    const int code = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
    const char* expected = killed || code == 143 ? "the previous set" : code == normal_code ? "the new set" : nullptr;
    std::string failure;
    if (held == "a mixed set") failure += " a mixed set:" + describe(now, old_set, new_set);
    if (!debris.empty()) failure += " debris beside the report directory:" + debris;
    if (expected == nullptr) {
      failure += " wait status " + std::to_string(r.status);
    } else if (held != "a mixed set" && held != expected) {
      failure += " " + held + " after " + (killed ? "being killed" : "exit " + std::to_string(code));
    }
    if (code == 143 && r.output.find("the reports in " + out.string() + "/ are untouched") == std::string::npos) {
      failure += " no line saying the reports are untouched";
    }
    ++outcomes[killed        ? "killed before the handler was installed"
               : code != 143 ? "finished"
               : r.output.find("while writing the reports") != std::string::npos ? "143 while writing"
                                                                                 : "143 before writing"];
    if (!failure.empty()) {
      ++kinds[held == "a mixed set" ? "mixed sets" : !debris.empty() ? "debris" : "the set the status contradicts"];
      failures.push_back("run " + std::to_string(i) + ", SIGTERM after " + std::to_string(delay_us) + " µs:" + failure);
    }
  }
  std::string summary;
  for (const auto& [what, n] : outcomes) summary += "  " + what + ": " + std::to_string(n) + "\n";
  std::printf("200 interrupted runs (a run takes %.0f ms here):\n%s", typical * 1e3, summary.c_str());
  std::string listed;
  for (std::size_t i = 0; i < failures.size() && i < 10; ++i) listed += "  " + failures[i] + "\n";
  std::string counted;
  for (const auto& [what, n] : kinds) counted += (counted.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  EXPECT_TRUE(failures.empty()) << failures.size() << " of 200 runs failed (" << counted << "):\n" << listed;
  EXPECT_GT(outcomes["143 before writing"] + outcomes["143 while writing"], 0) << summary;
  EXPECT_GT(outcomes["finished"], 0) << summary;
}

}  // namespace
}  // namespace agentsim
