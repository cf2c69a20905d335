// `agentsim run --shard i/n` and `agentsim merge` through the built binary: n processes, each a
// shard, merged, give the unsharded run's reports byte for byte (#16 acceptance 4) — for the
// bundled suite and for a sweep, for n = 1, 2, 3 and 7, with the first round sharded (merge runs
// later sequential-sampling rounds itself) and with every round sharded; and every way a merge's
// input can be wrong is refused with the reason, writing nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::directory_contents;
using testing::read_text_file;
using testing::run_agentsim;
using testing::TempDir;
using testing::write_text_file;

bool says(const CommandResult& r, const std::string& text) { return r.output.find(text) != std::string::npos; }

class ShardMerge : public ::testing::Test {
 protected:
  ShardMerge() : dir_("shard-merge") {}

  // Runs `n` shards of `run_args` (each its own process, as on n machines), merges them into
  // `out`, and returns the merge's result.
  CommandResult shard_and_merge(const std::string& run_args, unsigned n, const fs::path& out,
                                const std::string& shard_args = "") {
    std::string partials;
    for (unsigned i = 1; i <= n; ++i) {
      const fs::path partial = dir_.path() / ("p" + std::to_string(n) + "-" + std::to_string(i) + ".json");
      const CommandResult shard = run_agentsim("run " + run_args + " -q -j 1 --shard " + std::to_string(i) + "/" +
                                               std::to_string(n) + " --partial " + partial.string() + " " +
                                               shard_args);
      EXPECT_EQ(shard.exit_code, 0) << shard.output;
      // Given in reverse order: the merge sorts them by shard.
      partials = partial.string() + " " + partials;
    }
    return run_agentsim("merge " + partials + "-q --report-dir " + out.string());
  }

  // The unsharded run's reports, in `out`.
  CommandResult unsharded(const std::string& run_args, const fs::path& out) {
    return run_agentsim("run " + run_args + " -q --report-dir " + out.string());
  }

  fs::path path(const std::string& name) const { return dir_.path() / name; }
  TempDir dir_;
};

// Every file of both report directories, equal byte for byte (and the same set of files).
void expect_identical_reports(const fs::path& expected, const fs::path& actual, const std::string& what) {
  const auto a = directory_contents(expected);
  const auto b = directory_contents(actual);
  ASSERT_FALSE(a.empty()) << expected;
  ASSERT_EQ(a.size(), b.size()) << what;
  for (const auto& [name, content] : a) {
    ASSERT_EQ(b.count(name), 1u) << what << ": " << name << " missing";
    EXPECT_TRUE(b.at(name) == content) << what << ": " << name << " differs";
  }
}

TEST_F(ShardMerge, TheBundledSuiteMergedFromOneTwoThreeAndSevenShardsIsByteIdenticalToTheUnshardedRun) {
  const CommandResult reference = unsharded("", path("ref"));
  // 0 when every expectation is met: the bundled suite passes.
  ASSERT_EQ(reference.exit_code, 0) << reference.output;
  for (unsigned n : {1u, 2u, 3u, 7u}) {
    const fs::path out = path("merged-" + std::to_string(n));
    const CommandResult merged = shard_and_merge("", n, out);
    EXPECT_EQ(merged.exit_code, reference.exit_code) << merged.output;
    expect_identical_reports(path("ref"), out, std::to_string(n) + " shards");
    // The reproduce line is the unsharded run's.
    EXPECT_TRUE(says(merged, "reproduce: agentsim run\n")) << merged.output;
  }
}

TEST_F(ShardMerge, ASweepMergedFromOneTwoThreeAndSevenShardsIsByteIdenticalToTheUnshardedRun) {
  const std::string sweep = std::string(AGENTSIM_SOURCE_DIR) + "/examples/sweeps/retry-sweep.yaml --sessions 2000";
  const CommandResult reference = unsharded(sweep, path("ref"));
  ASSERT_TRUE(fs::exists(path("ref") / "sweep.csv")) << reference.output;
  for (unsigned n : {1u, 2u, 3u, 7u}) {
    const fs::path out = path("merged-" + std::to_string(n));
    const CommandResult merged = shard_and_merge(sweep, n, out);
    EXPECT_EQ(merged.exit_code, reference.exit_code) << merged.output;
    expect_identical_reports(path("ref"), out, std::to_string(n) + " shards of the sweep");
  }
}

// A scenario whose verdict needs more rounds than the first (its offline_rate is about 0.87, on
// the bound): the shards run round 1, the merge
// runs the rest and says so; with --shard-rounds all the shards run every round and the merge
// runs nothing. Both give the unsharded reports.
constexpr const char* kNeedsMoreRounds = R"(name: needs more rounds
profile: ccp_v1
close_kind: tab_close
pre_close: idle
strategy: beforeunload_setstate
sessions: 500
max_sessions: 4000
seed: 5
expect:
  - offline_rate >= 0.87
)";

TEST_F(ShardMerge, RoundsTheShardsDidNotRunAreRunByTheMergeAndEveryRoundCanBeSharded) {
  write_text_file(path("s.yaml"), kNeedsMoreRounds);
  const std::string args = path("s.yaml").string();
  const CommandResult reference = unsharded(args, path("ref"));
  const nlohmann::json report = nlohmann::json::parse(read_text_file(path("ref") / "report.json"));
  // The premise: sequential sampling went past the first round (else this tests nothing).
  ASSERT_GT(report["scenarios"][0]["sampling_rounds"].get<int>(), 1) << reference.output;

  const CommandResult first_round = shard_and_merge(args, 3, path("first"));
  EXPECT_EQ(first_round.exit_code, reference.exit_code) << first_round.output;
  expect_identical_reports(path("ref"), path("first"), "first round sharded");

  const CommandResult every_round = shard_and_merge(args, 3, path("all"), "--shard-rounds all");
  EXPECT_EQ(every_round.exit_code, reference.exit_code) << every_round.output;
  expect_identical_reports(path("ref"), path("all"), "every round sharded");
  // Not quiet: the merge says when it ran rounds itself, and only then.
  std::string partials;
  for (unsigned i = 1; i <= 3; ++i) partials += " " + path("p3-" + std::to_string(i) + ".json").string();
  const CommandResult loud_all = run_agentsim("merge" + partials + " --format none");
  EXPECT_FALSE(says(loud_all, "needed more sampling")) << loud_all.output;
  for (unsigned i = 1; i <= 3; ++i) {
    const CommandResult shard = run_agentsim("run " + args + " -q --shard " + std::to_string(i) +
                                             "/3 --partial " + path("p3-" + std::to_string(i) + ".json").string());
    ASSERT_EQ(shard.exit_code, 0) << shard.output;
  }
  const CommandResult loud_first = run_agentsim("merge" + partials + " --format none");
  EXPECT_TRUE(says(loud_first, "1 scenario needed more sampling than the shards ran")) << loud_first.output;
}

class ShardMergeErrors : public ShardMerge {
 protected:
  ShardMergeErrors() {
    write_text_file(path("s.yaml"), kNeedsMoreRounds);
    for (unsigned i = 1; i <= 2; ++i) {
      const CommandResult r = run_agentsim("run " + path("s.yaml").string() + " -q --shard " + std::to_string(i) +
                                           "/2 --partial " + partial(i).string());
      EXPECT_EQ(r.exit_code, 0) << r.output;
    }
  }
  fs::path partial(unsigned i) const { return path("p" + std::to_string(i) + ".json"); }
  // A merge that must be refused: exit 2, the reason, and no report directory.
  void expect_refused(const std::string& partials, const std::string& reason) {
    const fs::path out = path("out");
    const CommandResult r = run_agentsim("merge " + partials + " --report-dir " + out.string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_TRUE(says(r, reason)) << r.output;
    EXPECT_FALSE(fs::exists(out)) << r.output;
  }
};

TEST_F(ShardMergeErrors, AMissingOrRepeatedShardIsRefused) {
  expect_refused(partial(1).string(), "missing shard 2/2");
  expect_refused(partial(1).string() + " " + partial(1).string(), "are both shard 1/2");
}

TEST_F(ShardMergeErrors, ShardsOfDifferentRunsAreRefused) {
  const fs::path other = path("other.json");
  const CommandResult r = run_agentsim("run " + path("s.yaml").string() + " -q --seed 9 --shard 2/2 --partial " +
                                       other.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  expect_refused(partial(1).string() + " " + other.string(), "are not shards of the same run");
}

TEST_F(ShardMergeErrors, AScenarioFileChangedSinceTheShardsRanIsRefusedNamingTheChange) {
  std::string changed = kNeedsMoreRounds;
  changed.replace(changed.find("seed: 5"), 7, "seed: 6");
  write_text_file(path("s.yaml"), changed);
  expect_refused(partial(1).string() + " " + partial(2).string(), "changed since the shards ran (seed: 5 -> 6)");
}

TEST_F(ShardMergeErrors, ATamperedCutOrForeignPartialIsRefused) {
  nlohmann::json j = nlohmann::json::parse(read_text_file(partial(2)));
  // One ghost session more than the sessions it counts: counts that contradict each other.
  j["scenarios"][0]["slices"][0]["tally"][2] = j["scenarios"][0]["slices"][0]["tally"][0].get<std::uint64_t>() + 1;
  write_text_file(path("tampered.json"), j.dump());
  expect_refused(partial(1).string() + " " + path("tampered.json").string(), "contradict each other");

  const std::string text = read_text_file(partial(2));
  write_text_file(path("cut.json"), text.substr(0, text.size() / 2));
  expect_refused(partial(1).string() + " " + path("cut.json").string(), "not valid JSON");

  j = nlohmann::json::parse(text);
  j["layout"] = "summary/c1";
  write_text_file(path("layout.json"), j.dump());
  expect_refused(partial(1).string() + " " + path("layout.json").string(), "written by another agentsim build");

  write_text_file(path("report.json"), R"({"schema": "agentsim-report/1"})");
  expect_refused(path("report.json").string(), "unsupported schema \"agentsim-report/1\"");
}

TEST(ShardOptions, BadShardsAndOptionsThatBelongToTheMergeAreRefused) {
  for (const char* bad : {"0/3", "4/3", "3", "a/b", "1/1001", "1/-2"}) {
    const CommandResult r = run_agentsim(std::string("run --shard ") + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.output;
    EXPECT_TRUE(says(r, "--shard expects i/n")) << bad << ": " << r.output;
  }
  const CommandResult format = run_agentsim("run --shard 1/2 --format json");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_TRUE(says(format, "--format does not go with --shard")) << format.output;
  const CommandResult rounds = run_agentsim("run --shard 1/2 --shard-rounds 0");
  EXPECT_EQ(rounds.exit_code, 2);
  EXPECT_TRUE(says(rounds, "expected a number of rounds from 1 to 64, or all")) << rounds.output;
  const CommandResult alone = run_agentsim("run --shard-rounds 2");
  EXPECT_EQ(alone.exit_code, 2);
  const CommandResult nowhere = run_agentsim("run --shard 1/2 --partial /nonexistent-dir/p.json");
  EXPECT_EQ(nowhere.exit_code, 2);
  EXPECT_TRUE(says(nowhere, "does not exist")) << nowhere.output;
}

}  // namespace
}  // namespace agentsim
