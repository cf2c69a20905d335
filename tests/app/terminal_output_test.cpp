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

namespace agentsim {
namespace {

// "--sessions 2000 turned a 4 s suite into 3 min": a center scenario counts shifts, which
// --sessions no longer scales; --shifts does.
TEST(RunOptions, SessionsDoesNotScaleTheShiftsOfACenterScenarioShiftsDoes) {
  const std::string scenario = " --scenario 'shift change, no strategy' --format none";
  const auto own = testing::run_agentsim("run" + scenario);
  const auto sessions = testing::run_agentsim("run" + scenario + " --sessions 50000");
  const auto shifts = testing::run_agentsim("run" + scenario + " --shifts 2");
  const auto line = [](const std::string& out) {
    const auto at = out.find("shift change, no strategy —");
    return at == std::string::npos ? std::string() : out.substr(at, out.find('\n', at) - at);
  };
  ASSERT_FALSE(line(own.output).empty()) << own.output;
  EXPECT_NE(line(own.output).find("— 20 shifts"), std::string::npos) << line(own.output);
  EXPECT_EQ(line(sessions.output), line(own.output)) << "--sessions left the shifts alone";
  EXPECT_NE(line(shifts.output).find("— 2 shifts"), std::string::npos) << line(shifts.output);
  EXPECT_NE(shifts.output.find("--shifts 2"), std::string::npos) << "the reproduce command keeps it";
}

}  // namespace
}  // namespace agentsim
