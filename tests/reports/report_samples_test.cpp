// Writes every report of the sample suite into $AGENTSIM_REPORT_SAMPLES_DIR when that variable is
// set (for looking at them, and for scripts/check-html-report.sh); does nothing otherwise.
//
//   AGENTSIM_REPORT_SAMPLES_DIR=/tmp/samples build/agentsim_reports_tests --gtest_filter='ReportSamples*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "agentsim/reports/html_report.h"
#include "agentsim/reports/json_report.h"
#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/markdown_report.h"
#include "agentsim/reports/terminal_report.h"
#include "report_test_support.h"

namespace agentsim::reports {
namespace {

TEST(ReportSamples, WritesEveryReportOfTheSampleSuiteWhenAskedTo) {
  const char* dir = std::getenv("AGENTSIM_REPORT_SAMPLES_DIR");
  if (dir == nullptr || *dir == '\0') GTEST_SKIP() << "AGENTSIM_REPORT_SAMPLES_DIR is not set";
  const sim::SuiteResult& suite = testing::sample_suite();
  std::filesystem::create_directories(dir);
  const std::pair<const char*, std::string> files[] = {
      {"report.txt", render_terminal(suite, false, false)},
      {"report-verbose.txt", render_terminal(suite, false, true)},
      {"report-color.txt", render_terminal(suite, true, true)},
      {"report.json", render_json(suite)},
      {"report.xml", render_junit(suite)},
      {"report.md", render_markdown(suite)},
      {"report.html", render_html(suite)},
      // A suite with center scenarios beside single-agent ones.
      {"center-report.txt", render_terminal(testing::center_suite(), false, true)},
      {"center-report.json", render_json(testing::center_suite())},
      {"center-report.xml", render_junit(testing::center_suite())},
      {"center-report.md", render_markdown(testing::center_suite())},
      {"center-report.html", render_html(testing::center_suite())},
  };
  for (const auto& [name, text] : files) {
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out << text;
    EXPECT_TRUE(out.good()) << name;
  }
}

}  // namespace
}  // namespace agentsim::reports
