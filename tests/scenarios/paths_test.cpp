// Files and directories: missing or unreadable paths, directories of files in name order, names
// unique across files, and files refused by size before they are read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "scenario_fixtures.h"
#include "test_support.h"

namespace agentsim::scenarios {
namespace {

namespace fs = std::filesystem;
using agentsim::testing::TempDir;
using testing::first_message;
using testing::write_file;

std::string scenario(const std::string& name) { return "name: " + name + "\nstrategy: none\n"; }

TEST(Paths, a_missing_file_is_an_error_naming_the_file_without_a_position) {
  const LoadResult r = load_scenario_file("/nonexistent/agentsim/scenario.yaml");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(),
            "/nonexistent/agentsim/scenario.yaml: error: cannot read the file: No such file or "
            "directory");
  EXPECT_EQ(r.errors[0].where.line, 0);
  EXPECT_TRUE(r.scenarios.empty());
}

TEST(Paths, a_directory_loads_its_yaml_and_yml_files_in_name_order) {
  TempDir dir("paths-order");
  write_file(dir.path() / "b.yml", scenario("from b"));
  write_file(dir.path() / "a.yaml", scenario("from a"));
  write_file(dir.path() / "c.yaml",
             "suite: third\nscenarios:\n  - name: from c 1\n  - name: from c 2\n");
  write_file(dir.path() / "notes.txt", "not a scenario");
  write_file(dir.path() / ".hidden.yaml", "not: loaded");
  fs::create_directory(dir.path() / "sub.yaml");  // a directory is not a file: not recursive
  const LoadResult r = load_paths({dir.path().string()});
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  ASSERT_EQ(r.scenarios.size(), 4u);
  EXPECT_EQ(r.scenarios[0].name, "from a");
  EXPECT_EQ(r.scenarios[1].name, "from b");
  EXPECT_EQ(r.scenarios[2].name, "from c 1");
  EXPECT_EQ(r.scenarios[3].name, "from c 2");
  EXPECT_EQ(r.scenarios[1].where.file, (dir.path() / "b.yml").string());
  EXPECT_EQ(r.suite_name, dir.path().filename().string())
      << "files that disagree: the directory's name";
}

TEST(Paths, files_that_name_the_same_suite_keep_that_name) {
  TempDir dir("paths-suite");
  write_file(dir.path() / "1.yaml",
             "suite: nightly\ndescription: first\nscenarios: [{name: one}]\n");
  write_file(dir.path() / "2.yaml",
             "suite: nightly\ndescription: second\nscenarios: [{name: two}]\n");
  const LoadResult r =
      load_paths({(dir.path() / "1.yaml").string(), (dir.path() / "2.yaml").string()});
  ASSERT_TRUE(r.ok()) << testing::all_errors(r);
  EXPECT_EQ(r.suite_name, "nightly");
  EXPECT_EQ(r.suite_description, "first");
}

TEST(Paths, a_scenario_name_used_in_two_files_is_reported_at_the_second) {
  TempDir dir("paths-duplicate");
  write_file(dir.path() / "a.yaml", scenario("twin"));
  write_file(dir.path() / "b.yaml", "\n" + scenario("twin"));
  const LoadResult r = load_paths({dir.path().string()});
  ASSERT_EQ(r.errors.size(), 1u) << testing::all_errors(r);
  EXPECT_EQ(r.errors[0].format(),
            (dir.path() / "b.yaml").string() +
                ":2:1: error: duplicate scenario name 'twin'\n  hint: the first is in " +
                (dir.path() / "a.yaml").string() +
                " at line 1; scenario names must be unique across the files loaded together");
  EXPECT_TRUE(r.scenarios.empty()) << "nothing is half-loaded";
}

TEST(Paths, one_bad_file_among_good_ones_fails_the_whole_load) {
  TempDir dir("paths-bad");
  write_file(dir.path() / "a.yaml", scenario("good"));
  write_file(dir.path() / "b.yaml", "name: bad\nsessions: 0\n");
  const LoadResult r = load_paths({dir.path().string()});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].where.file, (dir.path() / "b.yaml").string());
  EXPECT_TRUE(r.scenarios.empty());
}

TEST(Paths, a_directory_without_scenario_files_is_an_error) {
  TempDir dir("paths-empty");
  write_file(dir.path() / "README.md", "nothing here");
  const LoadResult r = load_paths({dir.path().string()});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(),
            dir.path().string() + ": error: no scenario files (*.yaml, *.yml) in this directory");
}

TEST(Paths, no_paths_at_all_is_an_error) {
  EXPECT_EQ(first_message(load_paths({})), "no scenario files given");
}

TEST(Paths, an_unreadable_directory_is_an_error) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads a directory whatever its mode";
  TempDir dir("paths-unreadable");
  const fs::path locked = dir.path() / "locked";
  fs::create_directory(locked);
  write_file(locked / "a.yaml", scenario("hidden"));
  ::chmod(locked.c_str(), 0);
  const LoadResult r = load_paths({locked.string()});
  ::chmod(locked.c_str(), 0700);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "cannot read the directory: Permission denied");
}

TEST(Paths, a_path_through_a_regular_file_is_an_error) {
  TempDir dir("paths-through-file");
  write_file(dir.path() / "a.yaml", scenario("a"));
  const LoadResult r = load_paths({(dir.path() / "a.yaml" / "b.yaml").string()});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message.rfind("cannot read the file: ", 0), 0u) << r.errors[0].message;
  EXPECT_EQ(r.errors[0].where.line, 0);
}

TEST(Paths, a_device_is_not_a_scenario_file) {
  EXPECT_EQ(first_message(load_paths({"/dev/null"})), "not a regular file");
  EXPECT_EQ(first_message(load_scenario_file("/dev/null")), "not a regular file");
}

TEST(Paths, a_directory_given_as_a_file_is_an_error) {
  TempDir dir("paths-dir-as-file");
  EXPECT_EQ(first_message(load_scenario_file(dir.path().string())),
            "is a directory, not a scenario file");
}

TEST(Paths, a_file_larger_than_the_limit_is_refused_before_it_is_read) {
  TempDir dir("paths-huge");
  const fs::path huge = dir.path() / "huge.yaml";
  write_file(huge, "");
  fs::resize_file(huge, std::uintmax_t{4} << 30);  // sparse: 4 GiB that would take long to read
  const LoadResult r = load_scenario_file(huge.string());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(),
            huge.string() +
                ":1:1: error: the file is 4294967296 bytes, more than the limit of "
                "1048576 bytes (1 MiB)\n  hint: split its scenarios over several "
                "files; a directory of files loads as one suite");
}

}  // namespace
}  // namespace agentsim::scenarios
