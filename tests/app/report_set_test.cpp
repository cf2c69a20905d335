// write_report_set, in-process: the report directory holds the complete previous set or the
// complete new one, whatever happens — a stop at any step before the swap, a failed write, a
// symlink planted in it — and a directory holding anything agentsim did not write is refused.
#include "report_set.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <map>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using app::ReportFile;
using app::ReportSetOutcome;
using testing::read_text_file;
using testing::TempDir;
using testing::write_text_file;

using Contents = testing::DirectoryContents;

const std::vector<ReportFile> kOld = {{"report.json", "{\"old\": 1}\n"}, {"report.html", "<p>old</p>\n"},
                                      {"table.txt", "old table\n"}};
const std::vector<ReportFile> kNew = {{"report.json", "{\"new\": 2}\n"}, {"table.txt", "new table\n"}};

// What write_report_set(kNew) must leave: exactly the new files and the marker.
bool is_new_set(const Contents& c) {
  return c.size() == 3 && c.count(app::kReportSetMarker) == 1 && c.at("report.json") == kNew[0].content &&
         c.at("table.txt") == kNew[1].content;
}

class ReportSet : public ::testing::Test {
 protected:
  TempDir dir_{"report-set"};
  fs::path parent_ = dir_.path() / "ci";
  fs::path out_ = parent_ / "out";

  void SetUp() override {
    fs::create_directories(parent_);
    ASSERT_EQ(app::write_report_set(out_.string(), kOld, {}).outcome, ReportSetOutcome::Written);
    old_ = testing::directory_contents(out_);
  }
  Contents old_;
};

TEST_F(ReportSet, a_new_set_replaces_the_previous_one_whole_and_leaves_nothing_beside_it) {
  EXPECT_EQ(old_.size(), 4u);
  EXPECT_EQ(old_.at("report.html"), "<p>old</p>\n");
  const app::ReportSetResult r = app::write_report_set(out_.string(), kNew, {});
  ASSERT_EQ(r.outcome, ReportSetOutcome::Written) << r.message;
  EXPECT_TRUE(r.replaced);
  EXPECT_TRUE(r.warning.empty()) << r.warning;
  EXPECT_TRUE(is_new_set(testing::directory_contents(out_))) << "report.html of the previous set is gone too";
  EXPECT_EQ(testing::directory_names(parent_), std::vector<std::string>{"out"}) << "no temporary directory left";
}

TEST_F(ReportSet, a_stop_at_any_step_before_the_swap_leaves_the_previous_set_and_no_debris) {
  for (int allowed = 0;; ++allowed) {
    int asked = 0;
    const app::ReportSetResult r =
        app::write_report_set(out_.string(), kNew, [&] { return asked++ >= allowed; });
    if (r.outcome == ReportSetOutcome::Written) {
      EXPECT_GE(allowed, 3) << "asked before each file and before the swap";
      EXPECT_TRUE(is_new_set(testing::directory_contents(out_)));
      break;
    }
    ASSERT_EQ(r.outcome, ReportSetOutcome::Interrupted) << r.message;
    EXPECT_EQ(testing::directory_contents(out_), old_) << "stopped after " << allowed << " steps";
    EXPECT_EQ(testing::directory_names(parent_), std::vector<std::string>{"out"}) << "stopped after " << allowed << " steps";
  }
}

TEST_F(ReportSet, a_failed_write_leaves_the_previous_set_and_no_debris) {
  // A file-size limit makes the large report fail with EFBIG, as a full disk would; the tests
  // run as root, so a read-only directory would not stop them.
  rlimit previous{};
  ::getrlimit(RLIMIT_FSIZE, &previous);
  const auto handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = previous;
  limit.rlim_cur = 4096;
  ::setrlimit(RLIMIT_FSIZE, &limit);
  const app::ReportSetResult r =
      app::write_report_set(out_.string(), {{"report.json", "{}\n"}, {"report.html", std::string(10000, 'x')}}, {});
  ::setrlimit(RLIMIT_FSIZE, &previous);
  std::signal(SIGXFSZ, handler);
  EXPECT_EQ(r.outcome, ReportSetOutcome::Failed);
  EXPECT_NE(r.message.find(out_.string() + "/report.html: write error: File too large"), std::string::npos) << r.message;
  EXPECT_EQ(testing::directory_contents(out_), old_);
  EXPECT_EQ(testing::directory_names(parent_), std::vector<std::string>{"out"});
}

TEST_F(ReportSet, a_directory_holding_a_file_agentsim_did_not_write_is_refused_and_left_as_it_was) {
  write_text_file(out_ / "notes.txt", "mine\n");
  fs::create_directory(out_ / "history");
  const Contents before = testing::directory_contents(out_);
  const app::ReportSetResult r = app::write_report_set(out_.string(), kNew, {});
  EXPECT_EQ(r.outcome, ReportSetOutcome::Refused);
  EXPECT_NE(r.message.find("holds history/, notes.txt, which agentsim did not write"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("choose another --report-dir"), std::string::npos) << r.message;
  EXPECT_EQ(app::report_dir_problem(out_.string()), r.message) << "the check before the run says the same";
  EXPECT_EQ(testing::directory_contents(out_), before);
  EXPECT_EQ(testing::directory_names(parent_), std::vector<std::string>{"out"});
}

TEST_F(ReportSet, symlinks_planted_in_the_report_directory_are_never_followed) {
  // What landed: report.json.partial.tmp-<pid> was opened with std::ofstream, so a symlink planted
  // at that name (or at report.json.partial) made agentsim overwrite what it points at.
  const fs::path victim = dir_.path() / "victim.txt";
  write_text_file(victim, "keep me\n");
  for (const char* name : {"report.json", "report.json.partial", "report.json.partial.tmp-4242", "summary.md"}) {
    fs::remove(out_ / name);
    fs::create_symlink(victim, out_ / name);
  }
  const app::ReportSetResult r = app::write_report_set(out_.string(), kNew, {});
  ASSERT_EQ(r.outcome, ReportSetOutcome::Written) << r.message;
  EXPECT_EQ(read_text_file(victim), "keep me\n");
  EXPECT_TRUE(is_new_set(testing::directory_contents(out_)));
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(out_ / "report.json")));
}

TEST_F(ReportSet, the_debris_of_earlier_versions_is_part_of_the_set_it_replaces) {
  // An earlier version's set: no marker, and the *.partial files an interrupted run left.
  fs::remove(out_ / app::kReportSetMarker);
  write_text_file(out_ / "junit.xml.partial", "<half");
  write_text_file(out_ / "summary.md.partial.tmp-31337", "# half");
  const app::ReportSetResult r = app::write_report_set(out_.string(), kNew, {});
  ASSERT_EQ(r.outcome, ReportSetOutcome::Written) << r.message;
  EXPECT_TRUE(is_new_set(testing::directory_contents(out_)));
}

TEST_F(ReportSet, an_empty_directory_is_filled_and_its_mode_kept) {
  const fs::path empty = parent_ / "empty";
  fs::create_directory(empty);
  ::chmod(empty.c_str(), 0750);
  ASSERT_EQ(app::write_report_set(empty.string(), kNew, {}).outcome, ReportSetOutcome::Written);
  EXPECT_TRUE(is_new_set(testing::directory_contents(empty)));
  struct stat st {};
  ::stat(empty.c_str(), &st);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
  EXPECT_EQ(testing::directory_names(parent_), (std::vector<std::string>{"empty", "out"}));
}

TEST_F(ReportSet, a_symlink_to_a_directory_is_written_through_and_kept) {
  fs::create_symlink(out_, parent_ / "latest");
  ASSERT_EQ(app::write_report_set((parent_ / "latest").string(), kNew, {}).outcome, ReportSetOutcome::Written);
  EXPECT_TRUE(fs::is_symlink(parent_ / "latest"));
  EXPECT_TRUE(is_new_set(testing::directory_contents(out_)));
  EXPECT_EQ(testing::directory_names(parent_), (std::vector<std::string>{"latest", "out"}));
}

TEST_F(ReportSet, a_file_where_the_directory_should_be_is_refused_and_left_as_it_was) {
  write_text_file(parent_ / "file", "mine\n");
  const app::ReportSetResult file = app::write_report_set((parent_ / "file").string(), kNew, {});
  EXPECT_EQ(file.outcome, ReportSetOutcome::Refused);
  EXPECT_NE(file.message.find("exists and is not a directory"), std::string::npos) << file.message;
  // A file where a parent directory should be: nothing can be created.
  const app::ReportSetResult under = app::write_report_set((parent_ / "file" / "out").string(), kNew, {});
  EXPECT_EQ(under.outcome, ReportSetOutcome::Failed);
  EXPECT_NE(under.message.find("cannot create the directory"), std::string::npos) << under.message;
  EXPECT_EQ(read_text_file(parent_ / "file"), "mine\n");
  EXPECT_EQ(testing::directory_names(parent_), (std::vector<std::string>{"file", "out"}));
}

TEST_F(ReportSet, the_current_directory_and_its_ancestors_are_refused) {
  const fs::path cwd = fs::current_path();
  fs::create_directories(out_ / ".." / "out2" / "inner");
  fs::current_path(parent_ / "out2" / "inner");
  const std::string here = app::report_dir_problem(".");
  const std::string above = app::report_dir_problem("..");
  fs::current_path(cwd);
  EXPECT_NE(here.find("is the current directory"), std::string::npos) << here;
  EXPECT_NE(above.find("is the current directory's ancestor"), std::string::npos) << above;
}

}  // namespace
}  // namespace agentsim
