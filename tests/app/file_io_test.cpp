// write_file_atomically and write_new_file, in-process: what a symlink planted where a file goes
// does to them (nothing), what a failed write leaves (the target as it was, no temporary file),
// the modes they create files with.
#include "file_io.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>

#include "test_support.h"

namespace agentsim {
namespace {

namespace fs = std::filesystem;
using testing::read_text_file;
using testing::TempDir;
using testing::write_text_file;

// The names in `dir`, sorted.
std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

// A file-size limit for this process, restored when it goes; SIGXFSZ ignored, so that a write
// past the limit fails with EFBIG — a full disk, without a full disk (the tests run as root, so a
// read-only directory would not stop them).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &previous_);
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = previous_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, previous_handler_);
  }

 private:
  rlimit previous_{};
  void (*previous_handler_)(int) = nullptr;
};

TEST(WriteFileAtomically, a_symlink_planted_at_the_temporary_name_of_earlier_versions_is_not_followed) {
  // What landed: the temporary file was `<target>.tmp-<pid>`, opened with std::ofstream, so a
  // symlink planted at that name in a shared directory made agentsim overwrite its target.
  TempDir dir("atomic-planted");
  const fs::path victim = dir.path() / "victim.txt";
  write_text_file(victim, "keep me\n");
  const fs::path target = dir.path() / "replay.yaml";
  const fs::path planted = dir.path() / ("replay.yaml.tmp-" + std::to_string(::getpid()));
  fs::create_symlink(victim, planted);
  std::string error;
  ASSERT_TRUE(app::write_file_atomically(target.string(), "new content\n", error)) << error;
  EXPECT_EQ(read_text_file(victim), "keep me\n");
  EXPECT_EQ(read_text_file(target), "new content\n");
  EXPECT_TRUE(fs::is_symlink(planted)) << "what is not agentsim's is left alone";
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(target)));
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"replay.yaml", planted.filename().string(), "victim.txt"}));
}

TEST(WriteNewFile, never_opens_a_symlink_planted_at_its_name_even_a_dangling_one) {
  TempDir dir("new-file-planted");
  const fs::path victim = dir.path() / "victim.txt";
  write_text_file(victim, "keep me\n");
  fs::create_symlink(victim, dir.path() / "to-victim");
  fs::create_symlink(dir.path() / "nothing-yet", dir.path() / "dangling");
  for (const char* name : {"to-victim", "dangling"}) {
    std::string error;
    EXPECT_FALSE(app::write_new_file((dir.path() / name).string(), "new\n", error)) << name;
    EXPECT_NE(error.find(name), std::string::npos) << error;
    EXPECT_NE(error.find("File exists"), std::string::npos) << error;
  }
  EXPECT_EQ(read_text_file(victim), "keep me\n");
  EXPECT_FALSE(fs::exists(dir.path() / "nothing-yet")) << "a dangling symlink is not followed to create its target";
}

TEST(WriteFileAtomically, refuses_a_target_that_is_a_symlink_a_directory_or_a_fifo) {
  TempDir dir("atomic-targets");
  const fs::path victim = dir.path() / "victim.txt";
  write_text_file(victim, "keep me\n");
  fs::create_symlink(victim, dir.path() / "link");
  fs::create_symlink(dir.path() / "nothing-yet", dir.path() / "dangling");
  fs::create_directory(dir.path() / "dir");
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  for (const char* name : {"link", "dangling", "dir", "fifo"}) {
    std::string error;
    EXPECT_FALSE(app::write_file_atomically((dir.path() / name).string(), "new\n", error)) << name;
    EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
  }
  EXPECT_EQ(read_text_file(victim), "keep me\n");
  EXPECT_FALSE(fs::exists(dir.path() / "nothing-yet"));
  EXPECT_TRUE(fs::is_symlink(dir.path() / "link"));
  EXPECT_TRUE(fs::is_fifo(dir.path() / "fifo"));
  EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"dangling", "dir", "fifo", "link", "victim.txt"}))
      << "no temporary file left";
}

TEST(WriteFileAtomically, a_failed_write_leaves_the_target_as_it_was_and_no_temporary_file) {
  TempDir dir("atomic-full");
  const fs::path target = dir.path() / "doc.md";
  write_text_file(target, "old\n");
  std::string error;
  {
    const FileSizeLimit limit(1024);
    EXPECT_FALSE(app::write_file_atomically(target.string(), std::string(4096, 'x'), error));
  }
  EXPECT_NE(error.find("doc.md"), std::string::npos) << error;
  EXPECT_NE(error.find("File too large"), std::string::npos) << "the system's reason: " << error;
  EXPECT_EQ(read_text_file(target), "old\n");
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"doc.md"});
}

TEST(WriteFileAtomically, a_missing_directory_is_an_error_naming_the_file) {
  TempDir dir("atomic-missing");
  std::string error;
  EXPECT_FALSE(app::write_file_atomically((dir.path() / "no" / "such.yaml").string(), "x", error));
  EXPECT_NE(error.find("such.yaml"), std::string::npos) << error;
  EXPECT_NE(error.find("No such file or directory"), std::string::npos) << error;
}

TEST(WriteFileAtomically, creates_files_0644_less_the_umask_and_keeps_the_mode_of_a_file_it_replaces) {
  TempDir dir("atomic-mode");
  const mode_t previous = ::umask(022);
  std::string error;
  EXPECT_TRUE(app::write_file_atomically((dir.path() / "a").string(), "a", error)) << error;
  EXPECT_EQ(mode_of(dir.path() / "a"), 0644u);
  ::umask(077);
  EXPECT_TRUE(app::write_file_atomically((dir.path() / "b").string(), "b", error)) << error;
  EXPECT_EQ(mode_of(dir.path() / "b"), 0600u);
  ::umask(022);
  write_text_file(dir.path() / "c", "old");
  fs::permissions(dir.path() / "c", fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_TRUE(app::write_file_atomically((dir.path() / "c").string(), "new", error)) << error;
  EXPECT_EQ(mode_of(dir.path() / "c"), 0640u);
  EXPECT_EQ(read_text_file(dir.path() / "c"), "new");
  ::umask(previous);
}

TEST(WriteFileAtomically, writes_a_large_content_whole) {
  TempDir dir("atomic-large");
  std::string content;
  for (int i = 0; i < 200000; ++i) content += static_cast<char>('a' + i % 26);
  std::string error;
  ASSERT_TRUE(app::write_file_atomically((dir.path() / "big").string(), content, error)) << error;
  EXPECT_EQ(read_text_file(dir.path() / "big"), content);
}

}  // namespace
}  // namespace agentsim
