// The default suite is compiled into the library: it loads from any directory, without the
// checkout, and names its files "<bundled>/default/<file>.yaml".
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "agentsim/sim/center.h"
#include "scenario_fixtures.h"
#include "test_support.h"

namespace agentsim::scenarios {
namespace {

namespace fs = std::filesystem;

std::vector<std::pair<std::string, std::string>> files_on_disk() {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : fs::directory_iterator(testing::source_path("scenarios/default"))) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    files.emplace_back(
        entry.path().filename().string(),
        std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(BundledSuite, embeds_every_file_of_scenarios_default_byte_for_byte_in_name_order) {
  EXPECT_EQ(bundled_default_files(), files_on_disk());
}

TEST(BundledSuite, loads_without_errors_as_the_suite_named_default) {
  const LoadResult r = load_default_suite();
  if (bundled_default_files().empty()) {
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].message, "the bundled default suite is empty");
    return;
  }
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(r.suite_name, "default");
  EXPECT_FALSE(r.scenarios.empty());
  for (const sim::Scenario& s : r.scenarios) {
    EXPECT_EQ(s.where.file.rfind("<bundled>/default/", 0), 0u) << s.where.file;
    EXPECT_TRUE(s.session.validate().empty()) << s.name;
  }
}

TEST(BundledSuite, holds_the_same_scenarios_as_the_directory_in_the_checkout) {
  if (bundled_default_files().empty()) GTEST_SKIP() << "no default suite yet";
  const LoadResult bundled = load_default_suite();
  const LoadResult directory = load_paths({testing::source_path("scenarios/default")});
  ASSERT_TRUE(directory.ok()) << testing::all_errors(directory);
  EXPECT_EQ(directory.suite_name, "default");
  ASSERT_EQ(bundled.scenarios.size(), directory.scenarios.size());
  for (std::size_t i = 0; i < bundled.scenarios.size(); ++i) {
    EXPECT_EQ(bundled.scenarios[i].name, directory.scenarios[i].name);
    EXPECT_EQ(bundled.scenarios[i].overrides, directory.scenarios[i].overrides);
    EXPECT_EQ(bundled.scenarios[i].where.line, directory.scenarios[i].where.line);
  }
}

TEST(BundledSuite, loads_the_same_from_another_working_directory) {
  const fs::path before = fs::current_path();
  agentsim::testing::TempDir elsewhere("bundled-cwd");
  fs::current_path(elsewhere.path());
  const LoadResult r = load_default_suite();
  fs::current_path(before);
  EXPECT_EQ(r.ok(), !bundled_default_files().empty()) << testing::all_errors(r);
}

TEST(BundledSuite, every_center_scenario_fits_its_shift_limits_with_room_to_spare) {
  // The limits on a shift (sim/center.h) were chosen from measurements: each bundled center is at
  // least a hundred times under each of them, and its shifts stay within the estimate.
  const LoadResult r = load_default_suite();
  ASSERT_TRUE(r.ok());
  int centers = 0;
  for (const sim::Scenario& s : r.scenarios) {
    if (!s.center) continue;
    SCOPED_TRACE(s.name);
    ++centers;
    const sim::CenterWork w = sim::estimate_center_work(s.session, *s.center);
    EXPECT_LE(w.contacts_upper * 100, static_cast<double>(sim::kMaxContactsPerShift));
    EXPECT_LE(w.events() * 100, static_cast<double>(sim::kMaxEventsPerShift));
    EXPECT_LE(w.sweep_checks * 100, static_cast<double>(sim::kMaxSweepChecksPerShift));
    EXPECT_LE(w.events(), static_cast<double>(w.event_budget));
    EXPECT_LE(s.max_sessions, sim::kMaxShifts);
    const sim::CenterOutcome o = sim::run_center(s.session, *s.center, s.seed, 0);
    EXPECT_FALSE(o.budget_exceeded);
    EXPECT_LE(static_cast<double>(o.events_processed), w.events());
    EXPECT_LE(static_cast<double>(o.contacts_arrived), w.contacts_upper);
  }
  EXPECT_GE(centers, 5);
}

}  // namespace
}  // namespace agentsim::scenarios
