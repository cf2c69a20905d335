// The documents cite tests by name (`Suite.test_name`) as the evidence for what they claim — each
// failure mode in docs/strategies.md, for instance. A renamed or deleted test must not leave a
// citation pointing nowhere: every cited name must be a test defined under tests/.
#include <gtest/gtest.h>

#include <filesystem>
// GCC 12 reports a false -Wmaybe-uninitialized inside <regex>'s std::function when inlining
// under -fsanitize (GCC bug 105562); the warning concerns the library, not this file.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

namespace fs = std::filesystem;
using agentsim::testing::read_text_file;

// "Suite.name" for every TEST / TEST_F / RC_GTEST_PROP / TEST_P definition in tests/.
std::set<std::string> defined_tests() {
  std::set<std::string> out;
  const std::regex def(R"((?:TEST|TEST_F|TEST_P|RC_GTEST_PROP|RC_GTEST_FIXTURE_PROP)\(\s*(\w+)\s*,\s*(\w+))");
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(AGENTSIM_SOURCE_DIR) / "tests")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".cpp") continue;
    const std::string text = read_text_file(entry.path());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), def); it != std::sregex_iterator(); ++it) {
      out.insert((*it)[1].str() + "." + (*it)[2].str());
    }
  }
  return out;
}

// The Chrome DevTools Protocol's domains: `Page.crash` in docs/lab.md is a CDP command the lab
// sends, not a test. No test suite under tests/ has one of these names.
bool is_cdp_domain(const std::string& suite) {
  static const std::set<std::string> domains = {"Browser", "Emulation", "Input", "Network",
                                                "Page", "Runtime", "Target"};
  return domains.count(suite) == 1;
}

// Names in backticks that look like a test: `Suite.name` with a capitalised suite (not a CDP
// command).
std::set<std::string> cited_tests(const std::string& doc) {
  std::set<std::string> out;
  const std::regex cite(R"(`([A-Z]\w*)\.(\w+)`)");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), cite); it != std::sregex_iterator(); ++it) {
    if (is_cdp_domain((*it)[1].str())) continue;
    out.insert((*it)[1].str() + "." + (*it)[2].str());
  }
  return out;
}

TEST(DocTestReferences, EveryTestCitedInTheStrategiesDocumentExists) {
  const std::string doc = read_text_file(fs::path(AGENTSIM_SOURCE_DIR) / "docs" / "strategies.md");
  ASSERT_FALSE(doc.empty());
  const std::set<std::string> defined = defined_tests();
  const std::set<std::string> cited = cited_tests(doc);
  // The document backs its failure modes with tests: there are many citations.
  EXPECT_GE(cited.size(), 20u);
  for (const std::string& name : cited) {
    EXPECT_TRUE(defined.count(name) == 1) << "docs/strategies.md cites `" << name
                                          << "`, which no test under tests/ defines";
  }
}

TEST(DocTestReferences, EveryTestCitedInTheOtherDocumentsAndTheReadmeExists) {
  const std::set<std::string> defined = defined_tests();
  std::vector<fs::path> docs = {fs::path(AGENTSIM_SOURCE_DIR) / "README.md"};
  for (const auto& entry : fs::directory_iterator(fs::path(AGENTSIM_SOURCE_DIR) / "docs")) {
    if (entry.path().extension() == ".md" && entry.path().filename() != "strategies.md") {
      docs.push_back(entry.path());
    }
  }
  for (const fs::path& doc : docs) {
    for (const std::string& name : cited_tests(read_text_file(doc))) {
      EXPECT_TRUE(defined.count(name) == 1)
          << doc.filename() << " cites `" << name << "`, which no test under tests/ defines";
    }
  }
}

TEST(DocTestReferences, TheCitationCheckRecognisesAMissingTest) {
  const std::set<std::string> defined = defined_tests();
  for (const std::string& name : defined) {
    EXPECT_FALSE(is_cdp_domain(name.substr(0, name.find('.'))))
        << name << ": a test suite named like a CDP domain would never be checked as cited";
  }
  EXPECT_EQ(defined.count("DocTestReferences.EveryTestCitedInTheStrategiesDocumentExists"), 1u);
  const std::set<std::string> cited =
      cited_tests("see `NoSuch.test_name` and `lower.case`; the lab sends `Page.crash`");
  ASSERT_EQ(cited.size(), 1u);
  EXPECT_EQ(defined.count(*cited.begin()), 0u);
}

}  // namespace
