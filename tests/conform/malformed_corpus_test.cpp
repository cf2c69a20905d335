// The corpus of malformed Agent Event Stream files: each tests/conform/malformed/NN-name.jsonl is
// refused with the first error its NN-name.expected holds ("LINE:COLUMN: error: MESSAGE"), or —
// when the expectation starts with "ok" — tolerated, with the counts it lists. Never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "agentsim/conform/conformance.h"
#include "agentsim/conform/reader.h"
#include "test_support.h"

namespace agentsim::conform {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(AGENTSIM_SOURCE_DIR) / "tests/conform/malformed";

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST(MalformedStreamCorpus, HoldsThirtyFilesEachWithAnExpectation) {
  const auto files = corpus_files();
  EXPECT_GE(files.size(), 30u);
  for (const fs::path& f : files) EXPECT_TRUE(fs::exists(fs::path(f).replace_extension(".expected"))) << f;
}

TEST(MalformedStreamCorpus, EveryFileIsRefusedWithItsFirstErrorOrToleratedAsDocumented) {
  for (const fs::path& file : corpus_files()) {
    SCOPED_TRACE(file.filename().string());
    const std::string expected = first_line(agentsim::testing::read_text_file(fs::path(file).replace_extension(".expected")));
    ReadResult r;
    std::unordered_set<std::string> agents;
    read_records(agentsim::testing::read_text_file(file), file.string(), ReadLimits{}, r, agents);
    if (expected.rfind("ok", 0) == 0) {
      ASSERT_TRUE(r.ok()) << r.errors[0].format();
      const Analysis a = analyze(std::move(r.records), ConformOptions{});
      std::ostringstream counts;
      counts << "ok out_of_order=" << a.out_of_order << " duplicates=" << a.duplicates << " records=" << a.records;
      EXPECT_EQ(counts.str(), expected);
    } else {
      ASSERT_FALSE(r.ok());
      EXPECT_TRUE(r.records.empty() || r.errors.size() > 0);
      EXPECT_EQ(r.errors.front().format(), file.string() + ":" + expected);
    }
  }
}

TEST(MalformedStreamCorpus, ATenMegabyteLineIsRefusedWithItsLineAndTheOthersStillRead) {
  // Generated here, not committed: a record padded to 10 MB between two good ones.
  const std::string good =
      "{\"AgentARN\":\"a\",\"EventId\":\"1\",\"EventTimestamp\":\"2026-01-05T08:00:00Z\",\"EventType\":\"LOGIN\"}";
  const std::string huge = "{\"AgentARN\":\"a\",\"EventId\":\"2\",\"Pad\":\"" + std::string(10u << 20, 'x') + "\"}";
  ReadResult r;
  std::unordered_set<std::string> agents;
  read_records(good + "\n" + huge + "\n" + good + "\n", "big.jsonl", ReadLimits{}, r, agents);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(),
            "big.jsonl:2:1: error: line 2 is " + std::to_string(huge.size()) +
                " bytes, over the limit of 1 MiB per record: not read");
  EXPECT_EQ(r.records.size(), 2u);
}

TEST(MalformedStreamCorpus, ATenMegabyteRecordInAnArrayIsRefusedToo) {
  const std::string huge = "{\"AgentARN\":\"a\",\"Pad\":\"" + std::string(10u << 20, 'x') + "\"}";
  ReadResult r;
  std::unordered_set<std::string> agents;
  read_records("[" + huge + "]", "big.json", ReadLimits{}, r, agents);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("over the limit of 1 MiB per record"), std::string::npos);
}

TEST(MalformedStreamCorpus, AFileOverTheSizeLimitIsRefusedBeforeItIsRead) {
  ReadLimits small;
  small.file_bytes = 10;
  ReadResult r;
  std::unordered_set<std::string> agents;
  read_records(std::string(11, ' '), "f.jsonl", small, r, agents);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(), "f.jsonl:1:1: error: the file is 11 bytes, over the limit of 10 bytes per input file: split it");
}

TEST(MalformedStreamCorpus, TheRecordLimitIsEnforced) {
  ReadLimits small;
  small.records = 2;
  std::string text;
  for (int i = 0; i < 3; ++i) {
    text += "{\"AgentARN\":\"a\",\"EventId\":\"" + std::to_string(i) +
            "\",\"EventTimestamp\":\"2026-01-05T08:00:00Z\",\"EventType\":\"HEART_BEAT\"}\n";
  }
  ReadResult r;
  std::unordered_set<std::string> agents;
  read_records(text, "f.jsonl", small, r, agents);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.errors[0].line, 3);
  EXPECT_NE(r.errors[0].message.find("more than 2 records"), std::string::npos);
}

}  // namespace
}  // namespace agentsim::conform
