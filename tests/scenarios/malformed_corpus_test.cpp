// The corpus of malformed scenario files: each tests/scenarios/malformed/NN-name.yaml is refused
// with the first error its NN-name.expected holds ("LINE:COLUMN: error: MESSAGE", optionally
// followed by the "  hint: ..." line), and contributes no scenarios.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "agentsim/scenarios/loader.h"

namespace agentsim::scenarios {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(AGENTSIM_SOURCE_DIR) / "tests/scenarios/malformed";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(MalformedCorpus, holds_at_least_thirty_files_each_with_an_expectation) {
  const auto files = corpus_files();
  EXPECT_GE(files.size(), 30u);
  for (const fs::path& file : files) {
    EXPECT_TRUE(fs::exists(fs::path(file).replace_extension(".expected"))) << file;
  }
}

TEST(MalformedCorpus, every_file_is_refused_with_its_expected_first_error) {
  for (const fs::path& file : corpus_files()) {
    SCOPED_TRACE(file.filename().string());
    const LoadResult r = load_scenario_file(file.string());
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.scenarios.empty()) << "a file with an error contributes no scenarios";
    const std::string prefix = file.string() + ":";
    const std::string formatted = r.errors.front().format();
    ASSERT_EQ(formatted.rfind(prefix, 0), 0u) << formatted;
    const std::vector<std::string> actual = lines_of(formatted.substr(prefix.size()));
    const std::vector<std::string> expected =
        lines_of(read_text(fs::path(file).replace_extension(".expected")));
    ASSERT_FALSE(expected.empty()) << "actual:\n" << formatted.substr(prefix.size());
    EXPECT_EQ(actual[0], expected[0]);
    if (expected.size() > 1) {
      ASSERT_GT(actual.size(), 1u) << "expected a hint";
      EXPECT_EQ(actual[1], expected[1]);
    }
  }
}

}  // namespace
}  // namespace agentsim::scenarios
