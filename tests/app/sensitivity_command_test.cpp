// `agentsim sensitivity` through the built binary: the reports it writes, byte-identical on a rerun
// and on another thread count; its exit codes; its errors for bad input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::read_text_file;
using testing::run_agentsim;
using testing::TempDir;
using testing::write_text_file;

// The known answer of tests/scenarios/sensitivity_test.cpp: a beacon to the backend, offline_rate
// = (1 - beacon_blocked_prob) x inflight_delivered_prob_beacon; 0.9 is the bound.
constexpr const char* kScenario = R"(name: beacon to the backend
profile: ccp_v1
close_kind: tab_close
pre_close: idle
sessions: 2000
max_sessions: 2000
seed: 11
strategy:
  name: beacon_backend
  page:
    - on: [beforeunload]
      do: {notify_backend: {transport: beacon}}
  backend:
    - put_user_status_on_notify: {}
environment:
  api_5xx_prob: 0
  contact_arrival_rate_per_min: 0
expect:
  - offline_rate >= 0.9
)";

class SensitivityCommand : public ::testing::Test {
 protected:
  SensitivityCommand() : dir_("sensitivity-command") { write_text_file(file(), kScenario); }
  fs::path file() const { return dir_.path() / "s.yaml"; }
  std::string run(const std::string& args) const { return "sensitivity " + file().string() + " " + args; }
  TempDir dir_;
};

bool says(const CommandResult& r, const std::string& text) { return r.output.find(text) != std::string::npos; }

TEST_F(SensitivityCommand, WritesItsReportsIdenticallyOnEveryRunAndThreadCount) {
  const fs::path a = dir_.path() / "a";
  const fs::path b = dir_.path() / "b";
  // beacon_blocked_prob's own range ends at 0.1, where offline_rate is 0.9, on the bound: 0..0.2
  // puts it wholly below.
  const std::string args = "--only beacon_blocked_prob,dialog_stay_prob --range beacon_blocked_prob=0..0.2";
  const CommandResult first = run_agentsim(run(args + " -j 1 --report-dir " + a.string()));
  ASSERT_EQ(first.exit_code, 0) << first.output;
  const CommandResult second = run_agentsim(run(args + " -j 2 --report-dir " + b.string()));
  ASSERT_EQ(second.exit_code, 0) << second.output;
  for (const char* f : {"sensitivity.json", "sensitivity.md", "sensitivity.html", "table.txt"}) {
    ASSERT_TRUE(fs::exists(a / f)) << f;
    EXPECT_EQ(read_text_file(a / f), read_text_file(b / f)) << f;
  }
  // The flip is named; the parameter the sessions never read is listed as moving nothing.
  EXPECT_TRUE(says(first, "FLIPS at 0.2: offline_rate >= 0.9 @95% pass -> fail")) << first.output;
  EXPECT_TRUE(says(first, "1 assumption could flip a verdict")) << first.output;
  const nlohmann::json j = nlohmann::json::parse(read_text_file(a / "sensitivity.json"));
  ASSERT_EQ(j["flipping_assumptions"].size(), 1u);
  EXPECT_EQ(j["flipping_assumptions"][0]["parameter"], "beacon_blocked_prob");
  const auto& params = j["scenarios"][0]["parameters"];
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0]["parameter"], "beacon_blocked_prob");
  EXPECT_EQ(params[1]["parameter"], "dialog_stay_prob");
  EXPECT_EQ(params[1]["effect"][0], 0.0);
  // The HTML has a tornado for the expectation, with the flipping name marked.
  const std::string html = read_text_file(a / "sensitivity.html");
  EXPECT_NE(html.find("id=\"tornado-1-1\""), std::string::npos);
  EXPECT_NE(html.find("class=\"flip\""), std::string::npos);
}

TEST_F(SensitivityCommand, FailOnFlipMakesAFlipExitOne) {
  const CommandResult flip = run_agentsim(run("--range beacon_blocked_prob=0..0.2 --only beacon_blocked_prob --format none --fail-on-flip"));
  EXPECT_EQ(flip.exit_code, 1) << flip.output;
  const CommandResult no_flip = run_agentsim(run("--only dialog_stay_prob --format none --fail-on-flip"));
  EXPECT_EQ(no_flip.exit_code, 0) << no_flip.output;
  EXPECT_TRUE(says(no_flip, "No assumption flips a verdict within its range.")) << no_flip.output;
}

TEST_F(SensitivityCommand, RangeGivesAnyParameterARangeOfItsOwn) {
  // A narrower range than the registry's: no flip.
  const CommandResult r = run_agentsim(run("--only beacon_blocked_prob --range beacon_blocked_prob=0..0.05 --format none"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(says(r, "0 .. 0.05 (0.03)")) << r.output;
  EXPECT_TRUE(says(r, "No assumption flips a verdict")) << r.output;
  // ring_timeout_ms is documented, so it has no assumed range; --range studies it anyway.
  const CommandResult documented = run_agentsim(run("--only ring_timeout_ms --range ring_timeout_ms=10000..30000 --format none"));
  EXPECT_EQ(documented.exit_code, 0) << documented.output;
  // No contact arrives in this scenario, so the ring timeout moves nothing — but it was run.
  EXPECT_TRUE(says(documented, "1 scenario of")) << documented.output;
  EXPECT_TRUE(says(documented, "3 runs")) << documented.output;
  EXPECT_TRUE(says(documented, "1 of 1 assumptions leave every metric here exactly as in the base run")) << documented.output;
}

TEST_F(SensitivityCommand, RefusesBadInputWithAClearMessage) {
  const CommandResult misspelt = run_agentsim(run("--only beacon_blocked_prb --format none"));
  EXPECT_EQ(misspelt.exit_code, 2) << misspelt.output;
  EXPECT_TRUE(says(misspelt, "unknown environment parameter 'beacon_blocked_prb'; did you mean 'beacon_blocked_prob'?"))
      << misspelt.output;
  const CommandResult set = run_agentsim(run("--only api_5xx_prob --format none"));
  EXPECT_EQ(set.exit_code, 2) << set.output;
  EXPECT_TRUE(says(set, "set by the scenario")) << set.output;
  EXPECT_TRUE(says(set, "--range api_5xx_prob=LOW..HIGH")) << set.output;
  const CommandResult documented = run_agentsim(run("--only ring_timeout_ms --format none"));
  EXPECT_EQ(documented.exit_code, 2) << documented.output;
  EXPECT_TRUE(says(documented, "documented or measured")) << documented.output;
  const CommandResult shape = run_agentsim(run("--range beacon_blocked_prob=0-1 --format none"));
  EXPECT_EQ(shape.exit_code, 2) << shape.output;
  EXPECT_TRUE(says(shape, "expected NAME=LOW..HIGH")) << shape.output;
  const CommandResult outside = run_agentsim(run("--range beacon_blocked_prob=0..2 --format none"));
  EXPECT_EQ(outside.exit_code, 2) << outside.output;
  EXPECT_TRUE(says(outside, "beacon_blocked_prob at 2")) << outside.output;
  const CommandResult format = run_agentsim(run("--format pdf"));
  EXPECT_EQ(format.exit_code, 2) << format.output;
  EXPECT_TRUE(says(format, "unknown report format 'pdf'")) << format.output;
  const CommandResult scenario = run_agentsim(run("--scenario 'beacon to the backnd' --format none"));
  EXPECT_EQ(scenario.exit_code, 2) << scenario.output;
  EXPECT_TRUE(says(scenario, "did you mean 'beacon to the backend'?")) << scenario.output;
}

}  // namespace
}  // namespace agentsim
