#include "run_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <limits>
#include <set>

#include "agentsim/reports/baseline.h"
#include "agentsim/reports/html_report.h"
#include "agentsim/reports/json_report.h"
#include "agentsim/reports/junit_report.h"
#include "agentsim/reports/markdown_report.h"
#include "agentsim/reports/sweep_report.h"
#include "agentsim/reports/terminal_report.h"
#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/suite.h"
#include "cli_guards.h"
#include "exit_codes.h"
#include "file_io.h"
#include "interrupt.h"
#include "report_set.h"

namespace agentsim::app {

namespace {

struct RunOptions {
  std::vector<std::string> paths;
  std::vector<std::string> scenario_names;
  std::uint64_t seed = 0;
  std::uint64_t sessions = 0;
  std::uint64_t shifts = 0;
  int threads = 0;
  std::string report_dir = "agentsim-report";
  std::string formats = "json,junit,markdown,html";
  std::string baseline;
  bool baseline_allow_missing = false;
  bool quiet = false;
  bool verbose = false;
  double confidence = sim::kDefaultReportConfidence;
};

const std::set<std::string> kFormats = {"json", "junit", "markdown", "html", "none"};

// Quotes an argument for a POSIX shell when it needs it.
std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./=:,+@%") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string reproduce_command(const RunOptions& o) {
  std::string cmd = "agentsim run";
  for (const std::string& p : o.paths) cmd += " " + shell_quote(p);
  for (const std::string& n : o.scenario_names) cmd += " --scenario " + shell_quote(n);
  if (o.seed != 0) cmd += fmt::format(" --seed {}", o.seed);
  if (o.sessions != 0) cmd += fmt::format(" --sessions {}", o.sessions);
  if (o.shifts != 0) cmd += fmt::format(" --shifts {}", o.shifts);
  if (o.confidence != sim::kDefaultReportConfidence) cmd += fmt::format(" --confidence {}", o.confidence);
  return cmd;
}

void print_load_errors(const scenarios::LoadResult& r) {
  for (const scenarios::LoadError& e : r.errors) fmt::print(stderr, "{}\n", e.format());
  fmt::print(stderr, "agentsim: {} error{} in the scenario files; nothing was run.\n", r.errors.size(),
             r.errors.size() == 1 ? "" : "s");
}

scenarios::LoadResult load(const std::vector<std::string>& paths) {
  return paths.empty() ? scenarios::load_default_suite() : scenarios::load_paths(paths);
}

// A progress line on a terminal, shown only once a run has taken more than a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}
  ~Progress() { clear(); }
  void update(std::size_t scenario, std::size_t scenarios, std::uint64_t done, std::uint64_t planned) {
    if (!enabled_) return;
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    if (elapsed < std::chrono::seconds(1)) return;
    const int width = 30;
    const double frac = (static_cast<double>(scenario) + static_cast<double>(done) / static_cast<double>(planned)) /
                        static_cast<double>(scenarios);
    const int filled = static_cast<int>(frac * width);
    fmt::print(stderr, "\r[{}{}] scenario {}/{}  {} sessions", std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(width - filled), '.'), scenario + 1, scenarios, done);
    shown_ = true;
  }
  void clear() {
    if (shown_) fmt::print(stderr, "\r{}\r", std::string(70, ' '));
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The reports asked for by --format, rendered (none for `--format none`).
std::vector<ReportFile> render_reports(const RunOptions& o, const sim::SuiteResult& result) {
  std::vector<ReportFile> files;
  std::set<std::string> wanted;
  std::stringstream ss(o.formats);
  for (std::string f; std::getline(ss, f, ',');) wanted.insert(f);
  if (wanted.count("none")) return files;
  // A run without sweeps writes exactly what it always did.
  const std::vector<sim::SweepSummary> sweeps = sim::summarize_sweeps(result);
  const bool swept = !sweeps.empty();
  if (wanted.count("json")) files.push_back({"report.json", reports::render_json(result)});
  if (wanted.count("junit")) files.push_back({"junit.xml", reports::render_junit(result)});
  if (wanted.count("markdown")) {
    files.push_back({"summary.md", reports::render_markdown(result) +
                                       (swept ? reports::render_sweep_markdown(sweeps, result) : "")});
  }
  if (wanted.count("html")) files.push_back({"report.html", reports::render_html(result)});
  files.push_back({"table.txt", reports::render_terminal(result, false, true) +
                                    (swept ? reports::render_sweep_terminal(sweeps, result) : "")});
  if (swept) {
    // The sweep's own files, whatever the formats: scripts read the CSV or the JSON, people the page.
    files.push_back({"sweep.csv", reports::render_sweep_csv(sweeps, result)});
    files.push_back({"sweep.json", reports::render_sweep_json(sweeps, result)});
    files.push_back({"sweep.html", reports::render_sweep_html(sweeps, result)});
  }
  return files;
}

// The report directory as messages show it, "out/" for "out" and "out/".
std::string shown_dir(std::string dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir;
}

// The one line printed when a signal stops the run: what was done, and that the reports already
// in the report directory are as they were.
int report_interrupted(const RunOptions& o, const std::string& during) {
  const std::string dir = shown_dir(o.report_dir);
  std::error_code ec;
  const bool had_reports = o.formats != "none" && std::filesystem::exists(dir, ec);
  fmt::print(stderr, "agentsim run: interrupted by {} {}; stopped{}; exit {}\n", interrupt_signal_name(), during,
             o.formats == "none" ? ""
             : had_reports       ? fmt::format(" without writing: the reports in {}/ are untouched", dir)
                                 : fmt::format(" without writing: no report was written ({}/ was not created)", dir),
             interrupted_exit_code());
  return interrupted_exit_code();
}

int run(RunOptions o) {
  // Every item of --format is a known format, and there is at least one ("" and "json," name an
  // empty one).
  const char* const formats_expected = "expected a comma-separated list of json, junit, markdown, html, or none";
  if (o.formats.empty() || o.formats.back() == ',') {
    fmt::print(stderr, "agentsim run: --format '{}' names an empty report format: {}\n", sim::echo(o.formats),
               formats_expected);
    return kExitUsage;
  }
  std::stringstream ss(o.formats);
  for (std::string f; std::getline(ss, f, ',');) {
    if (!kFormats.count(f)) {
      fmt::print(stderr, "agentsim run: unknown report format '{}': {}\n", sim::echo(f), formats_expected);
      return kExitUsage;
    }
  }
  std::optional<reports::Baseline> baseline;
  if (!o.baseline.empty()) {
    std::string error;
    const auto text = read_file(o.baseline, error);
    if (!text) {
      fmt::print(stderr, "agentsim run: --baseline: {}\n", error);
      return kExitUsage;
    }
    baseline = reports::parse_baseline(*text, error);
    if (!baseline) {
      fmt::print(stderr, "agentsim run: --baseline {}: {}\n", sim::echo(o.baseline), error);
      return kExitUsage;
    }
  }
  // A report directory that cannot take the reports is refused now, not after the run.
  if (o.formats != "none") {
    const std::string problem = report_dir_problem(o.report_dir);
    if (!problem.empty()) {
      fmt::print(stderr, "agentsim run: {}\n", problem);
      return kExitUsage;
    }
  }
  scenarios::LoadResult loaded = load(o.paths);
  if (!loaded.ok()) {
    print_load_errors(loaded);
    return kExitUsage;
  }
  std::vector<sim::Scenario> selected;
  for (const sim::Scenario& s : loaded.scenarios) {
    if (o.scenario_names.empty() ||
        std::find(o.scenario_names.begin(), o.scenario_names.end(), s.name) != o.scenario_names.end()) {
      selected.push_back(s);
    }
  }
  for (const std::string& n : o.scenario_names) {
    if (std::none_of(loaded.scenarios.begin(), loaded.scenarios.end(),
                     [&](const sim::Scenario& s) { return s.name == n; })) {
      std::vector<std::string> names;
      for (const sim::Scenario& s : loaded.scenarios) names.push_back(s.name);
      const std::string hint = scenarios::suggest_name(n, names);
      fmt::print(stderr, "agentsim run: no scenario named '{}' in the loaded files ({} scenario{}){}\n",
                 sim::echo(n), names.size(), names.size() == 1 ? "" : "s", hint.empty() ? "" : "; " + hint);
      return kExitUsage;
    }
  }
  sim::SuiteResult result;
  result.name = o.paths.empty() ? "default" : loaded.suite_name;
  result.seed_override = o.seed;
  result.report_confidence = o.confidence;
  result.command = reproduce_command(o);
  if (!o.quiet) {
    fmt::print("agentsim run: {} scenario{} from {}; seed {}\n", selected.size(),
               selected.size() == 1 ? "" : "s", o.paths.empty() ? "the bundled default suite" : "the given files",
               o.seed != 0 ? fmt::format("{} (for every scenario)", o.seed) : std::string("per scenario"));
  }
  Progress progress(!o.quiet);
  sim::RunOptions ro;
  ro.seed_override = o.seed;
  ro.sessions_override = o.sessions;
  ro.shifts_override = o.shifts;
  ro.report_confidence = o.confidence;
  ro.threads = o.threads;
  ro.stop = &interrupt_flag();
  for (std::size_t i = 0; i < selected.size(); ++i) {
    ro.progress = [&](std::uint64_t done, std::uint64_t planned) {
      progress.update(i, selected.size(), done, planned);
    };
    result.scenarios.push_back(sim::run_scenario(selected[i], ro));
    if (interrupted()) {
      progress.clear();
      return report_interrupted(
          o, fmt::format("while running scenario {} of {} ('{}')", i + 1, selected.size(), selected[i].name));
    }
  }
  progress.clear();
  // The comparison with the baseline is part of the result: every report shows it, and the
  // exit code, the totals and each report's status include it.
  if (baseline) result.baseline = reports::compare_with_baseline(result, *baseline, o.baseline, o.baseline_allow_missing);
  const int code = sim::suite_exit_code(result);
  // -q still prints every failure with its interval (a red CI log needs the reason); the default
  // is one line per scenario whose expectations were met; -v everything.
  const auto detail = o.quiet     ? reports::TerminalDetail::Failures
                      : o.verbose ? reports::TerminalDetail::Everything
                                  : reports::TerminalDetail::Summary;
  if (!o.quiet || code != 0) fmt::print("{}", reports::render_terminal(result, ::isatty(STDOUT_FILENO) == 1, detail));
  // A sweep's table after the scenarios (its points); -q keeps only the best point's line.
  for (const sim::SweepSummary& s : sim::summarize_sweeps(result)) {
    fmt::print("{}", o.quiet ? reports::best_point_line(s, result) + "\n" : reports::render_sweep_terminal({s}, result));
  }
  if (result.baseline && result.baseline->failed()) {
    // On stderr too, so a red CI log says why even when stdout is not shown.
    for (const sim::BaselineRegression& r : result.baseline->regressions) {
      fmt::print(stderr, "REGRESSION {} / {}: {}\n", r.scenario, r.metric, r.explanation);
    }
    if (!result.baseline->allow_missing) {
      for (const std::string& m : result.baseline->missing) fmt::print(stderr, "BASELINE MISMATCH: {}\n", m);
    }
    if (result.baseline->compares_nothing()) {
      fmt::print(stderr, "BASELINE MISMATCH: {} compares no metric of this run\n", o.baseline);
    }
  }
  const std::vector<ReportFile> files = render_reports(o, result);
  if (!files.empty()) {
    const ReportSetResult written = write_report_set(o.report_dir, files, [] { return interrupted(); });
    switch (written.outcome) {
      case ReportSetOutcome::Written:
        break;
      case ReportSetOutcome::Interrupted:
        return report_interrupted(o, "while writing the reports");
      case ReportSetOutcome::Refused:
      case ReportSetOutcome::Failed:
        std::error_code ec;
        fmt::print(stderr, "agentsim run: {}; no report was written{}\n", written.message,
                   std::filesystem::exists(o.report_dir, ec) ? fmt::format(", {}/ is as it was", shown_dir(o.report_dir))
                                                             : "");
        return code == kExitFailed ? kExitFailed : kExitUsage;  // a failed verdict stays a failure
    }
    if (!written.warning.empty()) fmt::print(stderr, "agentsim run: warning: {}\n", written.warning);
    if (!o.quiet) fmt::print("reports written to {}/\n", shown_dir(o.report_dir));
  }
  // The terminal report ends with the reproduce command; quiet runs still say it.
  const std::string seed = o.seed != 0 ? fmt::format("{}", o.seed) : std::string("each scenario's own (in the files)");
  if (o.quiet) {
    fmt::print("seed: {}; reproduce: {}\n", seed, result.command);
  } else {
    fmt::print("seed: {}\n", seed);
  }
  return code;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Run scenario files or directories (default: the bundled suite) and write reports");
  cmd->add_option("paths", o->paths, "Scenario files or directories (*.yaml, *.yml)");
  cmd->add_option("--scenario", o->scenario_names, "Run only the scenario with this name (repeatable)");
  cmd->add_option("--seed", o->seed, "Seed for every scenario (default: each scenario's own)")
      ->check(CLI::Range(std::uint64_t{1}, std::numeric_limits<std::uint64_t>::max()));
  cmd->add_option("--shifts", o->shifts,
                  "First batch of shifts per center scenario, at most 10,000 (default: the file's)")
      ->check(shifts_count());
  cmd->add_option("--sessions,-n", o->sessions,
                  "First batch of sessions per single-agent scenario, at most 100,000,000 (default: "
                  "the file's; center scenarios: --shifts)")
      ->check(sessions_count());
  cmd->add_option("--threads,-j", o->threads, "Threads (0: all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--confidence", o->confidence,
                  "Confidence of the intervals the reports show, from 0.5 to 0.9999 (each expectation keeps "
                  "its own for its verdict)")
      ->capture_default_str()
      ->check(confidence_validator());
  cmd->add_option("--report-dir", o->report_dir, "Directory for the reports")->capture_default_str();
  cmd->add_option("--format", o->formats, "Reports to write: json,junit,markdown,html or none")
      ->capture_default_str();
  cmd->add_option("--baseline", o->baseline,
                  "Fail when a metric got worse than in this earlier report.json, or when the baseline "
                  "does not match the run (a scenario or metric on one side only, nothing compared)");
  cmd->add_flag("--baseline-allow-missing", o->baseline_allow_missing,
                "Compare what both sides have; a scenario or metric on one side only is listed, not a failure");
  auto* quiet = cmd->add_flag("--quiet,-q", o->quiet,
                              "Print only what failed (with its interval) and the reproduce line");
  cmd->add_flag("--verbose,-v", o->verbose, "Print every metric and the assumptions in effect")->excludes(quiet);
  cmd->callback([o, &exit_code] {
    catch_interrupts();  // SIGINT/SIGTERM stop the run; the reports stay as they were
    exit_code = run(*o);
  });
}

void add_validate_command(CLI::App& app, int& exit_code) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("validate", "Check scenario files without running them");
  cmd->add_option("paths", *paths, "Scenario files or directories")->required();
  cmd->callback([paths, &exit_code] {
    const scenarios::LoadResult r = scenarios::load_paths(*paths);
    if (!r.ok()) {
      print_load_errors(r);
      exit_code = kExitUsage;
      return;
    }
    fmt::print("OK: {} scenario{} valid\n", r.scenarios.size(), r.scenarios.size() == 1 ? "" : "s");
    exit_code = kExitOk;
  });
}

void add_replay_command(CLI::App& app, int& exit_code) {
  struct Options {
    std::string file;
    std::string scenario;
    std::uint64_t session = 0;
    std::uint64_t seed = 0;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("replay", "Print the timeline of one session of a scenario");
  cmd->add_option("file", o->file, "Scenario file (or directory)")->required();
  cmd->add_option("--session,-k", o->session, "Session index (0-based)")->required();
  cmd->add_option("--scenario", o->scenario, "Scenario name, when the file holds several");
  cmd->add_option("--seed", o->seed, "Seed (default: the scenario's)")
      ->check(CLI::Range(std::uint64_t{1}, std::numeric_limits<std::uint64_t>::max()));
  cmd->callback([o, &exit_code] {
    const scenarios::LoadResult r = scenarios::load_paths({o->file});
    if (!r.ok()) {
      print_load_errors(r);
      exit_code = kExitUsage;
      return;
    }
    const sim::Scenario* chosen = nullptr;
    for (const sim::Scenario& s : r.scenarios) {
      if (o->scenario.empty() ? r.scenarios.size() == 1 : s.name == o->scenario) chosen = &s;
    }
    if (chosen == nullptr) {
      fmt::print(stderr, "agentsim replay: {} — choose one with --scenario:\n",
                 o->scenario.empty() ? "the file holds several scenarios" : "no scenario named '" + o->scenario + "'");
      for (const sim::Scenario& s : r.scenarios) fmt::print(stderr, "  {}\n", s.name);
      exit_code = kExitUsage;
      return;
    }
    if (chosen->center) {
      // A center's agents share a queue, a token bucket and a backend: no session of it runs
      // alone, and `simulate --center` prints no timeline either.
      fmt::print(stderr,
                 "agentsim replay: scenario '{}' is a center scenario; replay prints one agent's "
                 "session, and a center's agents share one queue, token bucket and backend, so "
                 "none of its sessions runs alone\n"
                 "  run the center with `agentsim run {} --scenario {}`, or trace one agent's "
                 "session of its strategy with `agentsim simulate --strategy {} --trace {}` "
                 "(with --param and --set for the scenario's parameters and environment)\n",
                 chosen->name, shell_quote(o->file), shell_quote(chosen->name),
                 sim::to_string(chosen->session.strategy.kind), o->session);
      exit_code = kExitUsage;
      return;
    }
    const std::uint64_t seed = o->seed != 0 ? o->seed : chosen->seed;
    sim::Trace trace;
    const sim::Outcome out = sim::run_session(chosen->session, seed, o->session, &trace);
    fmt::print("scenario '{}', session {} of seed {}\n{}", chosen->name, o->session, seed, sim::format_timeline(trace));
    fmt::print("outcome: ghost {:.3f} s{}; contacts missed on the ghost {}; spurious Offline {}; offline at end {}; "
               "unaccepted events {}\n",
               static_cast<double>(out.ghost_us) / 1e6, out.ghost_at_horizon ? " (still a ghost at the horizon)" : "",
               out.contacts_missed_on_ghost, out.spurious_offline ? "yes" : "no", out.offline_at_end ? "yes" : "no",
               out.unaccepted_events);
    exit_code = kExitOk;
  });
}

}  // namespace agentsim::app
