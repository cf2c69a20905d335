// What `agentsim run` prints by default: one line per scenario whose expectations were met, the
// details of the others; `-q` prints the failures (a red CI log needs the reason); `-v` everything.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::run_agentsim;
using testing::TempDir;

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

TEST(TerminalOutput, TheBundledSuiteFitsOnOneScreenWhenEverythingPasses) {
  const auto r = run_agentsim("run --format none");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_LE(lines(r.output), 60u) << r.output;
  EXPECT_NE(r.output.find("PASS   beforeunload_retry — 20,000 sessions"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("server side:"), std::string::npos) << "no settings line for a passing scenario";
  const auto verbose = run_agentsim("run --format none -v");
  EXPECT_GT(lines(verbose.output), 400u) << "-v prints every metric of every scenario";
}

TEST(TerminalOutput, AFailureShowsItsIntervalAndTheReproduceCommandByDefaultAndWithQuiet) {
  TempDir dir("terminal-failure");
  std::ofstream(dir.path() / "s.yaml") << "scenarios:\n"
                                          "  - name: fine\n    strategy: ccp_v2_logout\n    sessions: 2000\n"
                                          "    expect: [unaccepted_events <= 0]\n"
                                          "  - name: too strict\n    strategy: beforeunload_setstate\n"
                                          "    sessions: 2000\n    expect: [ghost_rate <= 0.01]\n";
  for (const std::string flag : {"", " -q"}) {
    const auto r = run_agentsim("run " + (dir.path() / "s.yaml").string() + " --format none" + flag);
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_NE(r.output.find("FAIL          ghost_rate <= 0.01 @95%"), std::string::npos) << flag << "\n" << r.output;
    EXPECT_NE(r.output.find("%]"), std::string::npos) << "the interval";
    EXPECT_NE(r.output.find("agentsim run " + (dir.path() / "s.yaml").string()), std::string::npos) << r.output;
    if (flag == " -q") {
      EXPECT_EQ(r.output.find("fine —"), std::string::npos) << "-q leaves out what passed\n" << r.output;
    } else {
      EXPECT_NE(r.output.find("PASS   fine — 2,000 sessions, 1 expectation met"), std::string::npos) << r.output;
    }
  }
}

}  // namespace
}  // namespace agentsim
