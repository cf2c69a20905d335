// `agentsim conform` and `agentsim simulate --emit-event-stream` end to end: exit codes, the
// files written (all or nothing), and the environment file a scenario includes.
#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using agentsim::testing::read_text_file;
using agentsim::testing::run_agentsim;
using agentsim::testing::write_text_file;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("agentsim-conform-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(ConformCommand, ASimulatedCenterConformsAndItsEnvironmentFileFeedsAScenario) {
  const fs::path dir = fresh_dir("round-trip");
  const fs::path stream = dir / "stream.jsonl";
  const auto sim = run_agentsim("simulate --center --shifts 1 -s none --center-param agents=10 "
                                "--center-param close_pattern=none --center-param shift_ms=7200000 "
                                "--emit-event-stream " + stream.string());
  ASSERT_EQ(sim.exit_code, 0) << sim.output;
  const auto c = run_agentsim("conform " + stream.string() + " --out " + (dir / "out").string());
  ASSERT_EQ(c.exit_code, 0) << c.output;
  EXPECT_NE(c.output.find(" 0 not accepted by the model"), std::string::npos) << c.output;
  const std::string env = read_text_file(dir / "out" / "environment.yaml");
  EXPECT_NE(env.find("measured_from: \"stream.jsonl\""), std::string::npos) << env;
  EXPECT_NE(env.find("  acw_duration_ms: 60000"), std::string::npos) << env;
  EXPECT_TRUE(fs::exists(dir / "out" / "conformance.json"));
  write_text_file(dir / "fitted.yaml",
                  "name: fitted\nstrategy: none\nenvironment_file: out/environment.yaml\nsessions: 200\n"
                  "max_sessions: 200\n");
  const auto run = run_agentsim("run " + (dir / "fitted.yaml").string() + " -v --report-dir " + (dir / "rep").string());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("acw_duration_ms=60000 [measured from stream.jsonl]"), std::string::npos) << run.output;
  fs::remove_all(dir);
}

TEST(ConformCommand, BadInputExitsTwoAndWritesNothing) {
  const fs::path dir = fresh_dir("bad");
  write_text_file(dir / "bad.jsonl", "{\"AgentARN\": \"a\"\n");
  const auto c = run_agentsim("conform " + (dir / "bad.jsonl").string() + " --out " + (dir / "out").string());
  EXPECT_EQ(c.exit_code, 2) << c.output;
  EXPECT_NE(c.output.find("bad.jsonl:1:"), std::string::npos) << c.output;
  EXPECT_NE(c.output.find("nothing was written"), std::string::npos) << c.output;
  EXPECT_FALSE(fs::exists(dir / "out"));
  const auto missing = run_agentsim("conform " + (dir / "nothere.jsonl").string());
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  fs::remove_all(dir);
}

TEST(ConformCommand, AnUnacceptedTransitionExitsOneAndNamesTheRecord) {
  const fs::path dir = fresh_dir("unaccepted");
  write_text_file(dir / "s.jsonl",
                  "{\"AgentARN\":\"a\",\"EventId\":\"1\",\"EventTimestamp\":\"2026-01-05T08:00:00Z\",\"EventType\":\"LOGIN\","
                  "\"CurrentAgentSnapshot\":{\"AgentStatus\":{\"Name\":\"Offline\"}}}\n"
                  "{\"AgentARN\":\"a\",\"EventId\":\"2\",\"EventTimestamp\":\"2026-01-05T08:00:05Z\",\"EventType\":\"STATE_CHANGE\","
                  "\"CurrentAgentSnapshot\":{\"AgentStatus\":{\"Name\":\"Offline\"},\"Contacts\":[{\"ContactId\":\"c\",\"State\":\"CONNECTING\"}]}}\n");
  const auto c = run_agentsim("conform " + (dir / "s.jsonl").string());
  EXPECT_EQ(c.exit_code, 1) << c.output;
  EXPECT_NE(c.output.find("s.jsonl:2: ContactOffered in LoggedIn/OnePage/Offline/None/next:None"), std::string::npos)
      << c.output;
  fs::remove_all(dir);
}

TEST(ConformCommand, AStatusTypeFileWithAnErrorIsRefusedWithItsLine) {
  const fs::path dir = fresh_dir("types");
  write_text_file(dir / "types.yaml", "Available: ROUTABLE\nLunch: SNACK\n");
  write_text_file(dir / "s.jsonl", "");
  const auto c = run_agentsim("conform " + (dir / "s.jsonl").string() + " --status-types " + (dir / "types.yaml").string());
  EXPECT_EQ(c.exit_code, 2) << c.output;
  EXPECT_NE(c.output.find("types.yaml:2:8: error:"), std::string::npos) << c.output;
  fs::remove_all(dir);
}

TEST(SimulateCommand, TheEmittedStreamIsByteIdenticalForTheSameSeedAndThreads) {
  const fs::path dir = fresh_dir("emit");
  const std::string base = "simulate --center --shifts 2 -s none --center-param agents=5 --center-param shift_ms=3600000 ";
  ASSERT_EQ(run_agentsim(base + "-j1 --emit-event-stream " + (dir / "a.jsonl").string()).exit_code, 0);
  ASSERT_EQ(run_agentsim(base + "-j2 --emit-event-stream " + (dir / "b.jsonl").string()).exit_code, 0);
  const std::string a = read_text_file(dir / "a.jsonl");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, read_text_file(dir / "b.jsonl"));
  EXPECT_NE(a.find("\"Version\":\"2019-05-25\""), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
