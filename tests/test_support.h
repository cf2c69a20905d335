// Helpers shared by the tests: running the built agentsim binary, temporary directories.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace agentsim::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

// The whole content of a text file ("" when it cannot be read).
inline std::string read_text_file(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return {};
  std::string out;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
  std::fclose(f);
  return out;
}

// Writes `text` to `path` (a test's input file).
inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return;
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

// Runs `command` through the shell, capturing stdout and stderr.
inline CommandResult run_command(const std::string& command) {
  CommandResult r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return r;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.output.append(buffer, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Runs the built agentsim binary with `args`.
inline CommandResult run_agentsim(const std::string& args) {
  return run_command(std::string(AGENTSIM_BINARY) + " " + args);
}

// Starts the built agentsim binary with `args` (no shell) in the background, its stdout and
// stderr going to the file `output`; `before_exec`, when given, runs in the parent with the
// child's pid before the child may exec (to plant something named after the pid). Returns the
// pid, or -1.
inline pid_t spawn_agentsim(const std::vector<std::string>& args, const std::filesystem::path& output,
                            const std::function<void(pid_t)>& before_exec = {}) {
  std::vector<std::string> strings{AGENTSIM_BINARY};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string out = output.string();
  int go[2];
  if (::pipe(go) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {  // only async-signal-safe calls from here to exec
    ::close(go[1]);
    char byte;
    while (::read(go[0], &byte, 1) < 0) {
    }
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(go[0]);
  if (pid > 0 && before_exec) before_exec(pid);
  const char byte = 1;
  (void)!::write(go[1], &byte, 1);
  ::close(go[1]);
  return pid;
}

// Waits for the child `pid`; its wait status (-1 on failure).
inline int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

// True once the process `pid` catches `sig` (its handler is installed: /proc/<pid>/status,
// SigCgt), false after `timeout_ms` or when the process is gone.
inline bool wait_until_catching(pid_t pid, int sig, int timeout_ms) {
  for (int waited = 0; waited <= timeout_ms; waited += 2) {
    const std::string status = read_text_file("/proc/" + std::to_string(pid) + "/status");
    const auto at = status.find("SigCgt:");
    if (at == std::string::npos) return false;
    const unsigned long long mask = std::stoull(status.substr(at + 7), nullptr, 16);
    if ((mask >> (sig - 1)) & 1u) return true;
    ::usleep(2000);
  }
  return false;
}

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() /
            ("agentsim-test-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A directory's entries, name -> content (a symlink: "-> target"), for tests that compare a
// report directory before and after; empty when the directory cannot be read.
using DirectoryContents = std::map<std::string, std::string>;
inline DirectoryContents directory_contents(const std::filesystem::path& dir) {
  DirectoryContents out;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    out[it->path().filename().string()] = it->is_symlink()
                                              ? "-> " + std::filesystem::read_symlink(it->path()).string()
                                              : read_text_file(it->path());
  }
  return out;
}

// A directory's entry names, sorted.
inline std::vector<std::string> directory_names(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace agentsim::testing
