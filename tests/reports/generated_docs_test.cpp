// The committed documents embed tables generated from the code; these tests fail when one is
// stale, and say the command that refreshes it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "agentsim/reports/catalog.h"
#include "test_support.h"

namespace agentsim::reports {
namespace {

void expect_fresh(const std::string& relative, int expected_sections, const char* command) {
  const std::string doc = agentsim::testing::read_text_file(std::string(AGENTSIM_SOURCE_DIR) + "/" + relative);
  ASSERT_FALSE(doc.empty()) << relative;
  int sections = 0;
  const auto refreshed = refresh_generated_sections(doc, sections);
  ASSERT_TRUE(refreshed.has_value()) << relative;
  EXPECT_EQ(sections, expected_sections) << relative;
  EXPECT_EQ(*refreshed, doc) << relative << " is stale. Run: build/agentsim " << command
                             << " --update-doc " << relative;
}

TEST(GeneratedDocs, DocsModelMdIsUpToDate) { expect_fresh("docs/model.md", 1, "model"); }
TEST(GeneratedDocs, DocsEnvironmentMdIsUpToDate) { expect_fresh("docs/environment.md", 3, "list"); }
TEST(GeneratedDocs, DocsStrategiesMdIsUpToDate) { expect_fresh("docs/strategies.md", 2, "list"); }
TEST(GeneratedDocs, DocsSensitivityMdIsUpToDate) { expect_fresh("docs/sensitivity.md", 1, "list"); }

TEST(GeneratedDocs, TheEnvironmentTableNamesEveryParameterWithItsProvenance) {
  const std::string md = render_environment_markdown();
  EXPECT_NE(md.find("| `ring_timeout_ms` | ms | 20000 |"), std::string::npos);
  EXPECT_NE(md.find("**assumed**"), std::string::npos);
  EXPECT_NE(md.find("| `put_user_status_rate_rps` | requests/s | 2 |"), std::string::npos);
}

}  // namespace
}  // namespace agentsim::reports
