#include "report_set.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "file_io.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)  // <linux/fs.h>; glibc before 2.28 does not define it
#endif

namespace agentsim::app {

const std::vector<std::string> kReportSetFiles = {"report.json", "junit.xml", "summary.md",
                                                  "report.html", "table.txt",
                                                  // a run with a sweep (docs/sweeps.md)
                                                  "sweep.csv", "sweep.json", "sweep.html",
                                                  // `agentsim conform --out DIR`
                                                  "conformance.txt", "conformance.json",
                                                  "environment.yaml",
                                                  // `agentsim sensitivity --report-dir DIR`
                                                  "sensitivity.json", "sensitivity.md",
                                                  "sensitivity.html"};

namespace {

namespace fs = std::filesystem;

std::string reason(int err) { return std::strerror(err); }

// Where the report set goes: the directory `path` (symlinks in it resolved), as `name` in `parent`.
struct Location {
  fs::path path;
  fs::path parent;
  std::string name;
  std::string shown;  // the user's spelling, for messages
};

std::optional<Location> locate(const std::string& dir, std::string& error) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec).lexically_normal();
  if (ec) {
    error = fmt::format("--report-dir {}: {}", dir, ec.message());
    return std::nullopt;
  }
  if (p.filename().empty()) p = p.parent_path();  // "out/" is "out"
  // A symlink to a directory stands for that directory: the set is swapped in where it points,
  // and the symlink keeps pointing at it.
  struct stat st {};
  if (::lstat(p.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    const fs::path target = fs::canonical(p, ec);
    if (ec) {
      error = fmt::format("--report-dir {} is a symlink to nothing ({}): make it point at a directory, or remove it",
                          dir, ec.message());
      return std::nullopt;
    }
    p = target;
  }
  if (p == p.root_path() || p.filename() == "..") {
    error = fmt::format("--report-dir {}: the root directory cannot be a report directory", dir);
    return std::nullopt;
  }
  return Location{p, p.parent_path(), p.filename().string(), dir};
}

bool is_report_set_name(const std::string& name) {
  if (name == kReportSetMarker) return true;
  for (const std::string& f : kReportSetFiles) {
    if (name == f) return true;
    // The debris of earlier versions, which renamed file by file: X.partial, X.partial.tmp-<pid>.
    const std::string partial = f + ".partial";
    if (name == partial) return true;
    const std::string tmp = partial + ".tmp-";
    if (name.size() > tmp.size() && name.compare(0, tmp.size(), tmp) == 0 &&
        name.find_first_not_of("0123456789", tmp.size()) == std::string::npos) {
      return true;
    }
  }
  return false;
}

// The entries of the directory `path` that a report set does not consist of ("" when none):
// anything but a regular file or a symlink of a report set's name.
std::string foreign_entries(const fs::path& path, std::string& error) {
  std::error_code ec;
  std::vector<std::string> foreign;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    if (!is_report_set_name(name) || !(fs::is_regular_file(st) || fs::is_symlink(st))) {
      foreign.push_back(name + (fs::is_directory(st) ? "/" : ""));
    }
  }
  if (ec) {
    error = fmt::format("cannot read the directory {}: {}", path.string(), ec.message());
    return {};
  }
  std::sort(foreign.begin(), foreign.end());
  std::string out;
  for (std::size_t i = 0; i < foreign.size() && i < 3; ++i) out += (i == 0 ? "" : ", ") + foreign[i];
  if (foreign.size() > 3) out += fmt::format(" and {} more", foreign.size() - 3);
  return out;
}

std::string problem_at(const Location& loc) {
  struct stat st {};
  if (::lstat(loc.path.c_str(), &st) != 0) {
    return errno == ENOENT ? std::string() : fmt::format("--report-dir {}: {}", loc.shown, reason(errno));
  }
  if (!S_ISDIR(st.st_mode)) {
    return fmt::format("--report-dir {} exists and is not a directory: choose another --report-dir", loc.shown);
  }
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  const fs::path real = fs::canonical(loc.path, ec);
  if (!ec) {
    const auto mismatch = std::mismatch(real.begin(), real.end(), cwd.begin(), cwd.end());
    if (mismatch.first == real.end()) {
      return fmt::format("--report-dir {} is the current directory{}: agentsim replaces the report directory as "
                         "a whole (a new one is swapped in), which would leave the shell in a removed directory; "
                         "run from outside it",
                         loc.shown, real == cwd ? "" : "'s ancestor");
    }
  }
  std::string error;
  const std::string foreign = foreign_entries(loc.path, error);
  if (!error.empty()) return "--report-dir " + loc.shown + ": " + error;
  if (foreign.empty()) return {};
  return fmt::format("--report-dir {} holds {}, which agentsim did not write: agentsim replaces the report "
                     "directory as a whole, and only an empty directory or an earlier report set; move what is "
                     "yours out of it, or choose another --report-dir (a new or empty directory)",
                     loc.shown, foreign);
}

int exchange(const fs::path& a, const fs::path& b) {
#ifdef SYS_renameat2
  return static_cast<int>(::syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE));
#else
  errno = ENOSYS;
  return -1;
#endif
}

// A fresh directory `.<name>.agentsim-XXXXXX` in `parent`, private (0700) while it is assembled;
// `mode` is what mkdir(0777) gives under the umask, for a set that replaces no directory.
std::optional<fs::path> make_fresh_directory(const Location& loc, mode_t& mode, std::string& error) {
  const std::string stem = "." + loc.name.substr(0, std::min<std::size_t>(loc.name.size(), 200)) + ".agentsim-";
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path fresh = loc.parent / (stem + random_suffix());
    if (::mkdir(fresh.c_str(), 0700) == 0) {
      const mode_t mask = ::umask(0);
      ::umask(mask);  // read back; the process is single-threaded here (no worker runs)
      mode = 0777 & ~mask;
      return fresh;
    }
    if (errno != EEXIST) {
      error = fmt::format("cannot create a directory beside {} to assemble the reports in ({}): {}", loc.shown,
                          fresh.string(), reason(errno));
      return std::nullopt;
    }
  }
  error = fmt::format("cannot create a directory beside {}: every name tried exists", loc.shown);
  return std::nullopt;
}

void remove_quietly(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
}

// Moves `fresh` to `loc.path`: exchanged with the directory there, or renamed when there is none.
// On success `fresh` names the previous directory (or nothing) and `replaced` says which.
bool swap_in(const Location& loc, const fs::path& fresh, fs::path& previous, bool& replaced, std::string& error) {
  previous.clear();
  replaced = false;
  if (::rename(fresh.c_str(), loc.path.c_str()) == 0) {
    // There was no directory, or an empty one (rename(2) replaces an empty directory).
    return true;
  }
  if (errno != ENOTEMPTY && errno != EEXIST) {
    error = fmt::format("cannot move the new report set into place as {}: {}", loc.shown, reason(errno));
    return false;
  }
  if (exchange(fresh, loc.path) == 0) {
    previous = fresh;
    replaced = true;
    return true;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
    error = fmt::format("cannot swap the new report set with {}: {}", loc.shown, reason(errno));
    return false;
  }
  // No RENAME_EXCHANGE here: the old set aside, the new one in, the old one back on failure.
  const fs::path aside = fresh.string() + "-old";
  if (::rename(loc.path.c_str(), aside.c_str()) != 0) {
    error = fmt::format("cannot move the previous report set {} aside: {}", loc.shown, reason(errno));
    return false;
  }
  if (::rename(fresh.c_str(), loc.path.c_str()) != 0) {
    error = fmt::format("cannot move the new report set into place as {}: {}", loc.shown, reason(errno));
    ::rename(aside.c_str(), loc.path.c_str());
    return false;
  }
  previous = aside;
  replaced = true;
  return true;
}

}  // namespace

std::string report_dir_problem(const std::string& dir) {
  std::string error;
  const std::optional<Location> loc = locate(dir, error);
  return loc ? problem_at(*loc) : error;
}

ReportSetResult write_report_set(const std::string& dir, const std::vector<ReportFile>& files,
                                 const std::function<bool()>& should_stop) {
  ReportSetResult r;
  const auto stop = [&] { return should_stop && should_stop(); };
  std::optional<Location> loc = locate(dir, r.message);
  if (!loc) {
    r.outcome = ReportSetOutcome::Refused;
    return r;
  }
  std::error_code ec;
  fs::create_directories(loc->parent, ec);
  if (ec) {
    r.message = fmt::format("cannot create the directory {} for --report-dir {}: {}", loc->parent.string(),
                            loc->shown, ec.message());
    return r;
  }
  r.message = problem_at(*loc);
  if (!r.message.empty()) {
    r.outcome = ReportSetOutcome::Refused;
    return r;
  }
  if (stop()) {
    r.outcome = ReportSetOutcome::Interrupted;
    return r;
  }
  mode_t mode = 0755;
  const std::optional<fs::path> fresh = make_fresh_directory(*loc, mode, r.message);
  if (!fresh) return r;
  struct stat st {};
  if (::stat(loc->path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) mode = st.st_mode & 07777;  // keep DIR's mode
  const auto fail = [&](std::string message) {
    remove_quietly(*fresh);
    // "out/report.html: write error: ...", not the name of the directory just removed.
    const std::string prefix = fresh->string() + "/";
    if (message.compare(0, prefix.size(), prefix) == 0) message = (fs::path(loc->shown) / message.substr(prefix.size())).string();
    r.message = std::move(message);
    return r;
  };
  std::string error;
  std::string marker = "This directory is an agentsim report set, written by `agentsim run --report-dir`.\n"
                       "A run replaces it as a whole; it refuses to replace a directory holding anything else.\n"
                       "Files:";
  for (const ReportFile& f : files) marker += " " + f.name;
  if (!write_new_file((*fresh / kReportSetMarker).string(), marker + "\n", error)) return fail(error);
  for (const ReportFile& f : files) {
    if (std::find(kReportSetFiles.begin(), kReportSetFiles.end(), f.name) == kReportSetFiles.end()) {
      return fail("internal error: '" + f.name + "' is not a report set's file");
    }
    if (stop()) {
      remove_quietly(*fresh);
      r.outcome = ReportSetOutcome::Interrupted;
      return r;
    }
    if (!write_new_file((*fresh / f.name).string(), f.content, error)) return fail(error);
  }
  if (::chmod(fresh->c_str(), mode) != 0) return fail(fmt::format("{}: cannot set its mode: {}", fresh->string(), reason(errno)));
  if (!fsync_directory(fresh->string(), error)) return fail(error);
  // The last moment the run can still be called off; after the swap the new set is the result.
  if (stop()) {
    remove_quietly(*fresh);
    r.outcome = ReportSetOutcome::Interrupted;
    return r;
  }
  fs::path previous;
  if (!swap_in(*loc, *fresh, previous, r.replaced, error)) return fail(error);
  r.outcome = ReportSetOutcome::Written;
  if (!fsync_directory(loc->parent.string(), error)) r.warning = error;
  if (previous.empty()) return r;
  // What was swapped out was checked before the run; check it again, now that nobody else can
  // reach it, and put it back should something have been added to it meanwhile.
  const std::string foreign = foreign_entries(previous, error);
  if (!foreign.empty()) {
    if (exchange(previous, loc->path) == 0) {
      remove_quietly(previous);
      r.outcome = ReportSetOutcome::Refused;
      r.message = fmt::format("--report-dir {} came to hold {} during the run, which agentsim did not write: "
                              "it was left as it was",
                              loc->shown, foreign);
      return r;
    }
    r.warning = fmt::format("the previous content of {} ({} among it) is in {}", loc->shown, foreign, previous.string());
    return r;
  }
  fs::remove_all(previous, ec);
  if (ec) r.warning = fmt::format("the previous report set could not be removed from {}: {}", previous.string(), ec.message());
  return r;
}

}  // namespace agentsim::app
