// End-to-end tests of `agentsim model` and the CLI's usage errors, on the built binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_support.h"

namespace agentsim {
namespace {

using testing::run_agentsim;

TEST(ModelCommand, AnUnknownFormatIsAUsageErrorWithExitCode2) {
  const auto r = run_agentsim("model --format svg");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("svg"), std::string::npos) << r.output;
}

TEST(ModelCommand, NoSubcommandIsAUsageErrorWithExitCode2) {
  const auto r = run_agentsim("");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

TEST(ModelCommand, CheckDocFailsOnAStaleCopyAndUpdateDocRepairsIt) {
  testing::TempDir dir("doc");
  const auto doc = dir.path() / "model.md";
  std::filesystem::copy_file(std::string(AGENTSIM_SOURCE_DIR) + "/docs/model.md", doc);
  EXPECT_EQ(run_agentsim("model --check-doc " + doc.string()).exit_code, 0);
  {
    // Make the generated section stale: drop a row of the table.
    std::ifstream in(doc);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto row = text.find("| AgentMachine | Session | `LoggedOut` | `Login` |");
    ASSERT_NE(row, std::string::npos);
    text.erase(row, text.find('\n', row) - row + 1);
    std::ofstream(doc) << text;
  }
  const auto stale = run_agentsim("model --check-doc " + doc.string());
  EXPECT_EQ(stale.exit_code, 1) << stale.output;
  EXPECT_NE(stale.output.find("stale"), std::string::npos) << stale.output;
  EXPECT_EQ(run_agentsim("model --update-doc " + doc.string()).exit_code, 0);
  EXPECT_EQ(run_agentsim("model --check-doc " + doc.string()).exit_code, 0);
}

TEST(ModelCommand, AMissingDocumentIsAUsageErrorNamingThePath) {
  const auto r = run_agentsim("model --check-doc /nonexistent/model.md");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("/nonexistent/model.md"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace agentsim
