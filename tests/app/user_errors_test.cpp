// Issue 13, items 7 and 9, through the built binary: user errors that were reported as exit 4
// "internal error" (or killed the process, or ran under another seed) are usage errors, exit 2,
// with a message that says what was wrong.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::run_agentsim;
using testing::run_command;
using testing::TempDir;

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

bool says(const CommandResult& r, const std::string& text) {
  return r.output.find(text) != std::string::npos;
}

class UserErrors : public ::testing::Test {
 protected:
  UserErrors() : dir_("user-errors") { write(scenario(), "name: s\nstrategy: beforeunload_setstate\n"); }
  fs::path scenario() const { return dir_.path() / "s.yaml"; }
  std::string s() const { return scenario().string(); }
  TempDir dir_;
};

TEST_F(UserErrors, AnUnreadableReproduceStringIsAUsageError) {
  // What landed: exit 4, "internal error".
  const CommandResult r = run_agentsim("fuzz " + s() + " --reproduce 'seed=abc'");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(says(r, "agentsim fuzz: --reproduce: cannot read 'seed=abc': 'seed' must be a valid integer"))
      << r.output;
  EXPECT_FALSE(says(r, "internal error")) << r.output;
}

TEST_F(UserErrors, ADeviceGivenAsADocumentIsRefusedBeforeItIsRead) {
  // What landed: `list --update-doc /dev/full` read zeros until the process was killed.
  for (const char* command : {"list --update-doc /dev/full", "list --check-doc /dev/zero",
                              "model --check-doc /dev/zero"}) {
    const CommandResult r = run_agentsim(command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_TRUE(says(r, "not a regular file")) << command << "\n" << r.output;
  }
  const CommandResult dir = run_agentsim("list --check-doc " + dir_.path().string());
  EXPECT_EQ(dir.exit_code, 2) << dir.output;
  EXPECT_TRUE(says(dir, "is a directory")) << dir.output;
}

TEST_F(UserErrors, AFailedWriteOfADocumentIsExitTwoWithTheSystemsReason) {
  const fs::path doc = dir_.path() / "doc.md";
  write(doc, "# doc\n<!-- BEGIN GENERATED: agentsim list: strategies (do not edit by hand) -->\nstale\n"
             "<!-- END GENERATED -->\n");
  // No file may grow beyond 0 bytes (and the signal that would kill the process is ignored), so
  // writing the refreshed document fails.
  const CommandResult r = run_command("trap '' XFSZ; ulimit -f 0; " + std::string(AGENTSIM_BINARY) +
                                      " list --update-doc " + doc.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(says(r, "write error: File too large")) << r.output;
  EXPECT_NE(testing::read_text_file(doc).find("stale"), std::string::npos);
}

TEST_F(UserErrors, ABaselineThatIsNotARegularFileOrTooLargeIsRefused) {
  // What landed: `--baseline /dev/zero` read until the process was killed.
  const CommandResult zero = run_agentsim("run " + s() + " --format none --baseline /dev/zero");
  EXPECT_EQ(zero.exit_code, 2) << zero.output;
  EXPECT_TRUE(says(zero, "agentsim run: --baseline: /dev/zero: not a regular file")) << zero.output;
  const CommandResult dir = run_agentsim("run " + s() + " --format none --baseline " + dir_.path().string());
  EXPECT_EQ(dir.exit_code, 2) << dir.output;
  EXPECT_TRUE(says(dir, "is a directory")) << dir.output;
  const fs::path big = dir_.path() / "big.json";
  write(big, "{");
  fs::resize_file(big, (std::uintmax_t{64} << 20) + 1);  // sparse: nothing is written
  const CommandResult large = run_agentsim("run " + s() + " --format none --baseline " + big.string());
  EXPECT_EQ(large.exit_code, 2) << large.output;
  EXPECT_TRUE(says(large, "bytes, more than the limit of 64 MiB")) << large.output;
}

TEST_F(UserErrors, ASeedOutOfRangeIsRefusedByEveryCommandThatTakesOne) {
  // What landed: -1 ran as 18446744073709551615, and 2^64 as 2^64 - 1.
  const std::string commands[] = {"run " + s() + " --format none --sessions 100",
                                  "replay " + s() + " --session 0", "fuzz " + s() + " --cases 1",
                                  "simulate --sessions 100"};
  for (const std::string& command : commands) {
    for (const char* seed : {"-1", "18446744073709551616", "1.5", "0x10", "+3"}) {
      const CommandResult r = run_agentsim(command + " --seed " + seed);
      EXPECT_EQ(r.exit_code, 2) << command << " --seed " << seed << "\n" << r.output;
      EXPECT_TRUE(says(r, std::string("--seed: expected a whole number from 0 to "
                                      "18446744073709551615 in decimal digits, got '") +
                              seed + "'"))
          << r.output;
    }
  }
  const CommandResult negative = run_agentsim("simulate --sessions 100 --seed -1");
  EXPECT_TRUE(says(negative, "(negative)")) << negative.output;
  const CommandResult large = run_agentsim("simulate --sessions 100 --seed 18446744073709551616");
  EXPECT_TRUE(says(large, "(too large)")) << large.output;
  const CommandResult max = run_agentsim("simulate --sessions 100 --seed 18446744073709551615");
  EXPECT_EQ(max.exit_code, 0) << max.output;
  EXPECT_TRUE(says(max, "seed 18446744073709551615")) << max.output;
  const CommandResult session = run_agentsim("replay " + s() + " --session -1");
  EXPECT_EQ(session.exit_code, 2) << session.output;
  EXPECT_TRUE(says(session, "--session: expected a whole number")) << session.output;
}

TEST_F(UserErrors, AnEmptyReportFormatIsRefusedWithTheListOfFormats) {
  // What landed: `--format ""` exited 0 having written nothing.
  for (const char* formats : {"''", "json,", "json,,html"}) {
    const CommandResult r = run_agentsim("run " + s() + " --sessions 100 --report-dir " +
                                         (dir_.path() / "out").string() + " --format " + formats);
    EXPECT_EQ(r.exit_code, 2) << formats << "\n" << r.output;
    EXPECT_TRUE(says(r, "expected a comma-separated list of json, junit, markdown, html, or none"))
        << r.output;
  }
  EXPECT_FALSE(fs::exists(dir_.path() / "out"));
}

TEST_F(UserErrors, TheCommandLineReadsNumbersByTheGrammarOfTheScenarioFiles) {
  // What landed: `--set` read "0x0" with std::stod and `--param` with strtod.
  const CommandResult set = run_agentsim("simulate --sessions 100 --set api_5xx_prob=0x0");
  EXPECT_EQ(set.exit_code, 2) << set.output;
  EXPECT_TRUE(says(set, "--set api_5xx_prob: expected a number, got '0x0'")) << set.output;
  const CommandResult param =
      run_agentsim("simulate --strategy beforeunload_retry --sessions 100 --param base_ms=0x10");
  EXPECT_EQ(param.exit_code, 2) << param.output;
  EXPECT_TRUE(says(param, "expected a number, got '0x10'")) << param.output;
  const CommandResult center =
      run_agentsim("simulate --strategy heartbeat_sweeper --center --shifts 1 --center-param agents=0x2");
  EXPECT_EQ(center.exit_code, 2) << center.output;
  const CommandResult ok = run_agentsim("simulate --sessions 100 --set api_5xx_prob=5e-2");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

TEST_F(UserErrors, TheSharedBucketsOldNamesAreRefusedNamingThePerApiReplacements) {
  // Each API has its own bucket [D 21,22]: account_rate_rps and friends are gone, and both the
  // command line and the scenario files say what replaced them instead of guessing.
  const CommandResult set = run_agentsim("simulate --sessions 100 --set account_rate_rps=4");
  EXPECT_EQ(set.exit_code, 2) << set.output;
  EXPECT_TRUE(says(set, "put_user_status_rate_rps")) << set.output;
  EXPECT_TRUE(says(set, "dismiss_user_contact_rate_rps")) << set.output;
  write(dir_.path() / "old.yaml",
        "name: old\nstrategy: none\nenvironment:\n  account_burst: 9\n  background_api_load_rps: 1\n");
  const CommandResult file = run_agentsim("validate " + (dir_.path() / "old.yaml").string());
  EXPECT_EQ(file.exit_code, 2) << file.output;
  EXPECT_TRUE(says(file, "old.yaml:4:3: error: unknown environment parameter 'account_burst'")) << file.output;
  EXPECT_TRUE(says(file, "put_user_status_burst")) << file.output;
  EXPECT_TRUE(says(file, "old.yaml:5:3: error: unknown environment parameter 'background_api_load_rps'"))
      << file.output;
  EXPECT_TRUE(says(file, "put_user_status_background_load_rps")) << file.output;
}

TEST_F(UserErrors, ABaselineWithANumberNoDoubleHoldsIsABadBaselineNotAnInternalError) {
  // What landed: exit 4, "internal error: [json.exception.out_of_range.406] number overflow".
  write(dir_.path() / "b.json",
        "{\"schema\": \"agentsim-report/1\", \"scenarios\": [{\"name\": \"s\", \"metrics\": "
        "{\"ghost_rate\": {\"estimate\": 1e400, \"lo\": 0, \"hi\": 1}}}]}");
  const CommandResult r =
      run_agentsim("run " + s() + " --format none --baseline " + (dir_.path() / "b.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(says(r, "not a valid JSON report: [json.exception.out_of_range.406] number overflow parsing '1e400'"))
      << r.output;
  EXPECT_FALSE(says(r, "internal error")) << r.output;
}

TEST_F(UserErrors, AnUnknownScenarioNameIsEchoedShortAndAMisspeltOneGetsASuggestion) {
  const std::string huge(100000, 'y');
  const CommandResult r = run_agentsim("run " + s() + " --format none --scenario " + huge);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(says(r, "no scenario named '" + std::string(80, 'y') + "…' in the loaded files (1 scenario)"))
      << r.output.substr(0, 300);
  EXPECT_LT(r.output.size(), 400u);
  const CommandResult near = run_agentsim("run --format none --scenario 'CCPv2 logout sets Ofline'");
  EXPECT_EQ(near.exit_code, 2);
  EXPECT_TRUE(says(near, "did you mean 'CCPv2 logout sets Offline'?")) << near.output;
}

// Issue 13, item 6: work without bound. What landed: this center, every value inside its
// documented range, validated, then ran for more than 200 s and grew past 600 MB.
constexpr const char* kUnboundedCenter =
    "name: a big center\n"
    "strategy: heartbeat_sweeper\n"
    "center:\n"
    "  agents: 5000\n"
    "  shift_ms: 28800000\n"
    "  contact_rate_per_min: 100000\n"
    "sessions: 1\n"
    "max_sessions: 1\n";

TEST_F(UserErrors, ACenterWhoseShiftWouldRunWithoutBoundIsRefusedAtValidation) {
  const fs::path file = dir_.path() / "big.yaml";
  write(file, kUnboundedCenter);
  const std::string at = file.string() + ":3:1: error: ";
  const std::string commands[] = {"validate " + file.string(),
                                  "run " + file.string() + " --format none"};
  for (const std::string& command : commands) {
    const CommandResult r = run_agentsim(command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_TRUE(says(r, at + "center: 100,000 contacts/min × 480 min (shift_ms) = 48,000,000 "
                             "contacts per shift, more than the limit of 1,000,000"))
        << r.output;
    EXPECT_TRUE(says(r, at + "center: about 491,648,672 events per shift, more than the limit of "
                             "20,000,000: "))
        << r.output;
    EXPECT_TRUE(says(r, "nothing was run")) << r.output;
  }
  // The same center on the command line.
  const CommandResult sim = run_agentsim(
      "simulate --strategy heartbeat_sweeper --center --shifts 1 --center-param agents=5000 "
      "--center-param contact_rate_per_min=100000");
  EXPECT_EQ(sim.exit_code, 2) << sim.output;
  EXPECT_TRUE(says(sim, "agentsim simulate: center: 100,000 contacts/min × 480 min (shift_ms) = "
                        "48,000,000 contacts per shift, more than the limit of 1,000,000"))
      << sim.output;
  EXPECT_TRUE(says(sim, "  hint: each contact keeps a record until the shift ends")) << sim.output;
}

TEST_F(UserErrors, SessionsAndShiftsAboveTheirMaximumAreRefusedSayingHowLongTheyWouldTake) {
  // What landed: `--sessions 1000000000` ran for an hour or more without a word.
  const std::string sessions[] = {"run " + s() + " --format none --sessions 1000000000",
                                  "simulate --sessions 1000000000", "demo --sessions 1000000000"};
  for (const std::string& command : sessions) {
    const CommandResult r = run_agentsim(command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_TRUE(says(r, "--sessions: expected a whole number of sessions from 1 to 100,000,000, "
                        "got '1000000000': 1,000,000,000 sessions would take one core 8.8 min to "
                        "1.7 h"))
        << r.output;
  }
  const std::string shifts[] = {"run " + s() + " --format none --shifts 10001",
                                "simulate --center --shifts 10001"};
  for (const std::string& command : shifts) {
    const CommandResult r = run_agentsim(command);
    EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.output;
    EXPECT_TRUE(says(r, "--shifts: expected a whole number of shifts from 1 to 10,000, got '10001'"))
        << r.output;
  }
  const fs::path file = dir_.path() / "billion.yaml";
  write(file, "name: a billion\nsessions: 1e9\n");
  const CommandResult r = run_agentsim("validate " + file.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_TRUE(says(r, file.string() + ":2:11: error: sessions: must be at most 100000000, got 1e9"))
      << r.output;
  EXPECT_TRUE(says(r, "1,000,000,000 sessions would take one core 8.8 min to 1.7 h")) << r.output;
  const CommandResult most = run_agentsim("run " + s() + " --format none --shifts 10000 --sessions 100");
  EXPECT_EQ(most.exit_code, 0) << most.output;
}

}  // namespace
}  // namespace agentsim
