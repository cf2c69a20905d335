// The report directory of `agentsim run --report-dir DIR`, replaced as a whole: a reader (a CI
// step, a person, the next run's --baseline) sees either the complete previous set of reports or
// the complete new one — never a mix, never a half-written file, never debris.
//
// How: the new set is assembled in a fresh private directory beside DIR
// (`.<name>.agentsim-XXXXXX`, created with mkdir(2), so nothing there can be planted in advance),
// every file created O_EXCL|O_NOFOLLOW and fsync'ed, the directory fsync'ed; then it is swapped
// with DIR in one step — renameat2(RENAME_EXCHANGE) — or renamed to DIR when there is none; the
// parent is fsync'ed and the previous set, now under the fresh name, removed. On a file system
// without RENAME_EXCHANGE, DIR is renamed aside and the new set renamed in: DIR is then missing
// for an instant, but still never mixed.
//
// What DIR may hold: agentsim replaces it only when it is absent, empty, or holds nothing but the
// files a report set consists of (kReportSetFiles, the marker, and the `*.partial` debris that
// earlier versions, which renamed file by file, could leave) — only what an earlier run wrote. Anything else (a file of the user's, a
// subdirectory, `--report-dir .` in a source tree) makes it refuse, naming what it found, rather
// than destroy it. The current directory and its ancestors are refused too (the shell would be
// left in the removed old directory).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace agentsim::app {

// The files a report set may hold (each --format's file, and table.txt; and the three files of
// `agentsim conform --out DIR`).
extern const std::vector<std::string> kReportSetFiles;
// Written into every report set: says what the directory is, and that a run replaces it whole.
inline constexpr const char* kReportSetMarker = ".agentsim-report-set";

struct ReportFile {
  std::string name;  // one of kReportSetFiles
  std::string content;
};

enum class ReportSetOutcome {
  Written,      // the new set is in place
  Refused,      // DIR holds something that is not agentsim's, or is not a directory: untouched
  Failed,       // a system call failed (disk full, ...): DIR untouched, nothing left behind
  Interrupted,  // should_stop() said so before the swap: DIR untouched, nothing left behind
};

struct ReportSetResult {
  ReportSetOutcome outcome = ReportSetOutcome::Failed;
  std::string message;   // Refused, Failed: why, naming the path and the system's reason
  bool replaced = false;  // Written: an earlier set (or an empty directory) was replaced
  std::string warning;   // Written: something after the swap went wrong (the old set not removed)
};

// "" when `dir` can take a report set; else why not (as write_report_set would refuse it). Used to
// refuse before a long run, not only after it.
std::string report_dir_problem(const std::string& dir);

// Writes `files` (and the marker) as the report set `dir`, as described above. `should_stop` is
// asked between steps up to the swap; once it says true, the fresh directory is removed and
// nothing else happens. After the swap nothing is undone: the new set is the result.
ReportSetResult write_report_set(const std::string& dir, const std::vector<ReportFile>& files,
                                 const std::function<bool()>& should_stop);

}  // namespace agentsim::app
