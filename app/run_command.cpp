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
#include "agentsim/reports/partial.h"
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

// What `agentsim merge` brings to a run: the shards' partial results, checked to fit together
// (same run, every shard once, the same scenarios in the same order).
struct MergeInput {
  std::vector<std::string> files;           // as given, in shard order
  std::vector<reports::Partial> partials;   // in shard order: partials[k] is shard k + 1
  std::uint64_t local_sessions = 0;         // rounds no shard ran, run here (sequential sampling)
  std::uint64_t local_shifts = 0;
  std::size_t local_scenarios = 0;
};

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
  // --shard i/n: run shard i's slice of every scenario's first --shard-rounds rounds and write a
  // partial result to --partial instead of reports.
  std::string shard;
  unsigned shard_index = 0;  // 0: not sharded
  unsigned shard_count = 0;
  std::string shard_rounds = "1";
  unsigned rounds = 1;  // reports::kAllRounds for "all"
  std::string partial;
  MergeInput* merge = nullptr;  // agentsim merge
  const char* command = "agentsim run";
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
  fmt::print(stderr, "{}: interrupted by {} {}; stopped{}; exit {}\n", o.command, interrupt_signal_name(), during,
             o.formats == "none" ? ""
             : had_reports       ? fmt::format(" without writing: the reports in {}/ are untouched", dir)
                                 : fmt::format(" without writing: no report was written ({}/ was not created)", dir),
             interrupted_exit_code());
  return interrupted_exit_code();
}

// Reads --shard "i/n" and --shard-rounds into the options; an error sentence, or empty.
std::string parse_shard(RunOptions& o) {
  const std::string expected = fmt::format(
      "--shard expects i/n, shard i (from 1) of n (at most {}), e.g. --shard 2/7; a Kubernetes Indexed Job's "
      "JOB_COMPLETION_INDEX counts from 0: --shard $((JOB_COMPLETION_INDEX + 1))/N", reports::kMaxShards);
  const std::size_t slash = o.shard.find('/');
  const auto number = [](const std::string& t, unsigned& out) {
    if (t.empty() || t.size() > 4 || t.find_first_not_of("0123456789") != std::string::npos) return false;
    out = static_cast<unsigned>(std::stoul(t));
    return true;
  };
  unsigned i = 0, n = 0;
  if (slash == std::string::npos || !number(o.shard.substr(0, slash), i) || !number(o.shard.substr(slash + 1), n)) {
    return fmt::format("--shard '{}' is not i/n: {}", sim::echo(o.shard), expected);
  }
  if (n < 1 || n > reports::kMaxShards || i < 1 || i > n) {
    return fmt::format("--shard {}: {}", o.shard, i == 0 ? "shards count from 1 (" + expected + ")" : expected);
  }
  o.shard_index = i;
  o.shard_count = n;
  if (o.shard_rounds == "all") {
    o.rounds = reports::kAllRounds;
  } else {
    unsigned k = 0;
    if (!number(o.shard_rounds, k) || k < 1 || k > reports::kMaxShardRounds) {
      return fmt::format("--shard-rounds '{}': expected a number of rounds from 1 to {}, or all",
                         sim::echo(o.shard_rounds), reports::kMaxShardRounds);
    }
    o.rounds = k;
  }
  return {};
}

// The partial result's name when --partial is not given.
std::string default_partial_path(unsigned index, unsigned count) {
  return fmt::format("agentsim-partial-{}-of-{}.json", index, count);
}

// --shard i/n: shard i's slice of the first rounds of every selected scenario, written as one
// partial result; no report, no verdict (those need every shard: agentsim merge).
int run_shard(const RunOptions& o, const std::string& suite_name, const std::vector<sim::Scenario>& selected,
              sim::RunOptions ro) {
  reports::Partial partial;
  partial.shard_index = o.shard_index;
  partial.shard_count = o.shard_count;
  partial.rounds = o.rounds;
  partial.suite_name = suite_name;
  partial.run = {o.paths, o.scenario_names, o.seed, o.sessions, o.shifts, o.confidence};
  std::uint64_t sessions = 0, shifts = 0;
  Progress progress(!o.quiet);
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const sim::Scenario& scenario = selected[i];
    reports::PartialScenario part;
    part.name = scenario.name;
    part.center = scenario.center.has_value();
    part.fingerprint = reports::scenario_fingerprint(scenario, ro, &part.settings);
    const std::vector<sim::SamplingRound> rounds = sim::sampling_rounds(scenario, ro);
    const std::size_t n = o.rounds == reports::kAllRounds ? rounds.size() : std::min<std::size_t>(o.rounds, rounds.size());
    for (std::size_t r = 0; r < n; ++r) {
      const sim::SamplingRound slice = reports::shard_slice(rounds[r], o.shard_index, o.shard_count);
      const sim::Tally tally = sim::run_slice(scenario, ro, slice.first, slice.count);
      if (interrupted()) {
        progress.clear();
        fmt::print(stderr, "agentsim run: interrupted by {} while running shard {}/{} of scenario {} of {} ('{}'); "
                   "stopped without writing the partial result; exit {}\n", interrupt_signal_name(), o.shard_index,
                   o.shard_count, i + 1, selected.size(), scenario.name, interrupted_exit_code());
        return interrupted_exit_code();
      }
      part.slices.push_back({r, slice, part.center ? sim::encode_words(*tally.center) : sim::encode_words(tally.summary)});
      (part.center ? shifts : sessions) += slice.count;
      progress.update(i, selected.size(), r + 1, n);
    }
    partial.scenarios.push_back(std::move(part));
  }
  progress.clear();
  const std::string path = o.partial.empty() ? default_partial_path(o.shard_index, o.shard_count) : o.partial;
  std::string error;
  if (!write_file_atomically(path, reports::render_partial(partial), error)) {
    fmt::print(stderr, "agentsim run: {}; no partial result was written\n", error);
    return kExitUsage;
  }
  if (!o.quiet) {
    fmt::print("agentsim run: shard {}/{}: {} scenario{}, {} session{} and {} shift{} ({} of sequential "
               "sampling); no verdict yet\n",
               o.shard_index, o.shard_count, selected.size(), selected.size() == 1 ? "" : "s", sim::thousands(sessions),
               sessions == 1 ? "" : "s", sim::thousands(shifts), shifts == 1 ? "" : "s",
               o.rounds == reports::kAllRounds ? std::string("every round")
                                               : fmt::format("the first round{}", o.rounds == 1 ? "" : fmt::format("s ({})", o.rounds)));
    fmt::print("partial result written to {}; the verdicts and reports come from `agentsim merge` of all {} "
               "shards' files\n", path, o.shard_count);
  } else {
    fmt::print("shard {}/{}: partial result written to {}\n", o.shard_index, o.shard_count, path);
  }
  return kExitOk;
}

// Whether the partials fit the scenarios loaded again for the merge: the same suite, the same
// scenarios in the same order, each with the fingerprint it had when the shards ran, and every
// round's slices tiling the round. Empty when they do, else one sentence.
std::string merge_problem(const MergeInput& m, const std::string& suite_name, const std::vector<sim::Scenario>& selected,
                          const sim::RunOptions& ro) {
  const reports::Partial& first = m.partials.front();
  if (suite_name != first.suite_name) {
    return fmt::format("the shards ran suite '{}', these files load as suite '{}': run the merge where the shards "
                       "ran (the same paths, relative to the same directory)", first.suite_name, suite_name);
  }
  if (selected.size() != first.scenarios.size()) {
    return fmt::format("the shards ran {} scenario{}, the files load {} now: the scenario files changed since the "
                       "shards ran; run the shards again", first.scenarios.size(),
                       first.scenarios.size() == 1 ? "" : "s", selected.size());
  }
  for (std::size_t i = 0; i < selected.size(); ++i) {
    const reports::PartialScenario& part = first.scenarios[i];
    if (selected[i].name != part.name) {
      return fmt::format("scenario {} is '{}' now, '{}' when the shards ran: the scenario files changed; run the "
                         "shards again", i + 1, selected[i].name, part.name);
    }
    std::map<std::string, std::string> settings;
    if (reports::scenario_fingerprint(selected[i], ro, &settings) != part.fingerprint) {
      std::vector<std::string> changes;
      for (const auto& [key, value] : settings) {
        const auto it = part.settings.find(key);
        if (it == part.settings.end()) {
          changes.push_back(fmt::format("{}: (none) -> {}", key, value));
        } else if (it->second != value) {
          changes.push_back(fmt::format("{}: {} -> {}", key, it->second, value));
        }
      }
      for (const auto& [key, value] : part.settings) {
        if (settings.count(key) == 0) changes.push_back(fmt::format("{}: {} -> (none)", key, value));
      }
      std::string shown;
      for (std::size_t k = 0; k < changes.size() && k < 5; ++k) shown += (k == 0 ? "" : "; ") + changes[k];
      if (changes.size() > 5) shown += fmt::format("; and {} more", changes.size() - 5);
      return fmt::format("scenario '{}' changed since the shards ran ({}); run the shards again", part.name,
                         changes.empty() ? std::string("its expectations or another detail the settings do not list")
                                         : shown);
    }
    const std::vector<sim::SamplingRound> rounds = sim::sampling_rounds(selected[i], ro);
    if (part.slices.size() > rounds.size()) {
      return fmt::format("scenario '{}': the shards ran {} rounds, sequential sampling has only {}", part.name,
                         part.slices.size(), rounds.size());
    }
    for (std::size_t r = 0; r < part.slices.size(); ++r) {
      for (const reports::Partial& p : m.partials) {
        const reports::PartialSlice& slice = p.scenarios[i].slices[r];
        if (!(slice.slice == reports::shard_slice(rounds[r], p.shard_index, p.shard_count))) {
          return fmt::format("scenario '{}': shard {}/{} ran {} [{}, {}) of round {}, which is not its slice",
                             part.name, p.shard_index, p.shard_count, part.center ? "shifts" : "sessions",
                             slice.slice.first, slice.slice.first + slice.slice.count, r + 1);
        }
      }
    }
  }
  return {};
}

int run(RunOptions o) {
  // Every item of --format is a known format, and there is at least one ("" and "json," name an
  // empty one).
  const char* const formats_expected = "expected a comma-separated list of json, junit, markdown, html, or none";
  if (o.formats.empty() || o.formats.back() == ',') {
    fmt::print(stderr, "{}: --format '{}' names an empty report format: {}\n", o.command, sim::echo(o.formats),
               formats_expected);
    return kExitUsage;
  }
  std::stringstream ss(o.formats);
  for (std::string f; std::getline(ss, f, ',');) {
    if (!kFormats.count(f)) {
      fmt::print(stderr, "{}: unknown report format '{}': {}\n", o.command, sim::echo(f), formats_expected);
      return kExitUsage;
    }
  }
  if (!o.shard.empty()) {
    if (const std::string problem = parse_shard(o); !problem.empty()) {
      fmt::print(stderr, "agentsim run: {}\n", problem);
      return kExitUsage;
    }
  }
  std::optional<reports::Baseline> baseline;
  if (!o.baseline.empty()) {
    std::string error;
    const auto text = read_file(o.baseline, error);
    if (!text) {
      fmt::print(stderr, "{}: --baseline: {}\n", o.command, error);
      return kExitUsage;
    }
    baseline = reports::parse_baseline(*text, error);
    if (!baseline) {
      fmt::print(stderr, "{}: --baseline {}: {}\n", o.command, sim::echo(o.baseline), error);
      return kExitUsage;
    }
  }
  // A report directory (or a partial's directory) that cannot take what the run writes is refused
  // now, not after the run.
  if (o.shard_count != 0) {
    const std::string path = o.partial.empty() ? default_partial_path(o.shard_index, o.shard_count) : o.partial;
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      fmt::print(stderr, "agentsim run: --partial {} is a directory; name the file to write, e.g. {}/{}\n",
                 sim::echo(path), shown_dir(path), default_partial_path(o.shard_index, o.shard_count));
      return kExitUsage;
    }
    if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
      fmt::print(stderr, "agentsim run: --partial {}: the directory {} does not exist\n", sim::echo(path),
                 sim::echo(parent.string()));
      return kExitUsage;
    }
  } else if (o.formats != "none") {
    const std::string problem = report_dir_problem(o.report_dir);
    if (!problem.empty()) {
      fmt::print(stderr, "{}: {}\n", o.command, problem);
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
      fmt::print(stderr, "{}: no scenario named '{}' in the loaded files ({} scenario{}){}\n", o.command,
                 sim::echo(n), names.size(), names.size() == 1 ? "" : "s", hint.empty() ? "" : "; " + hint);
      return kExitUsage;
    }
  }
  sim::RunOptions ro;
  ro.seed_override = o.seed;
  ro.sessions_override = o.sessions;
  ro.shifts_override = o.shifts;
  ro.report_confidence = o.confidence;
  ro.threads = o.threads;
  ro.stop = &interrupt_flag();
  const std::string suite_name = o.paths.empty() ? "default" : loaded.suite_name;
  if (o.shard_count != 0) return run_shard(o, suite_name, selected, ro);
  if (o.merge != nullptr) {
    if (const std::string problem = merge_problem(*o.merge, suite_name, selected, ro); !problem.empty()) {
      fmt::print(stderr, "agentsim merge: {}\n", problem);
      return kExitUsage;
    }
  }
  sim::SuiteResult result;
  result.name = suite_name;
  result.seed_override = o.seed;
  result.report_confidence = o.confidence;
  result.command = reproduce_command(o);
  if (!o.quiet) {
    fmt::print("{}: {} scenario{} from {}; seed {}{}\n", o.command, selected.size(),
               selected.size() == 1 ? "" : "s", o.paths.empty() ? "the bundled default suite" : "the given files",
               o.seed != 0 ? fmt::format("{} (for every scenario)", o.seed) : std::string("per scenario"),
               o.merge != nullptr ? fmt::format("; {} shard{}", o.merge->partials.size(),
                                                o.merge->partials.size() == 1 ? "" : "s")
                                  : std::string());
  }
  Progress progress(!o.quiet);
  for (std::size_t i = 0; i < selected.size(); ++i) {
    ro.progress = [&](std::uint64_t done, std::uint64_t planned) {
      progress.update(i, selected.size(), done, planned);
    };
    if (o.merge != nullptr) {
      MergeInput& m = *o.merge;
      const std::vector<sim::SamplingRound> rounds = sim::sampling_rounds(selected[i], ro);
      bool ran_here = false;
      ro.supply = [&m, &selected, &rounds, &ran_here, i](std::size_t round) -> std::optional<sim::Tally> {
        if (round >= m.partials.front().scenarios[i].slices.size()) {
          // A round no shard ran: sequential sampling asked for more, so it runs here.
          (selected[i].center ? m.local_shifts : m.local_sessions) += rounds[round].count;
          ran_here = true;
          return std::nullopt;
        }
        sim::Tally tally;
        if (selected[i].center) tally.center.emplace();
        for (const reports::Partial& p : m.partials) {
          // Decoded a second time: parse_partial checked these words but keeps them, not the
          // summaries — a Summary holds a 57 KiB histogram, and 1,000 shards of 1,000 sweep points
          // would hold 57 GB of them, where the sparse words take a few KB. Cannot fail here.
          std::string error;
          const sim::Words& words = p.scenarios[i].slices[round].tally;
          if (selected[i].center) {
            sim::CenterSummary c;
            sim::decode_words(words, c, error);
            tally.center->merge(c);
          } else {
            sim::Summary s;
            sim::decode_words(words, s, error);
            tally.summary.merge(s);
          }
        }
        return tally;
      };
      result.scenarios.push_back(sim::run_scenario(selected[i], ro));
      if (ran_here) ++m.local_scenarios;
    } else {
      result.scenarios.push_back(sim::run_scenario(selected[i], ro));
    }
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
        fmt::print(stderr, "{}: {}; no report was written{}\n", o.command, written.message,
                   std::filesystem::exists(o.report_dir, ec) ? fmt::format(", {}/ is as it was", shown_dir(o.report_dir))
                                                             : "");
        return code == kExitFailed ? kExitFailed : kExitUsage;  // a failed verdict stays a failure
    }
    if (!written.warning.empty()) fmt::print(stderr, "{}: warning: {}\n", o.command, written.warning);
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
  auto* shard = cmd->add_option("--shard", o->shard,
                                "Run shard i of n (i/n, from 1): a deterministic slice of every scenario's sessions, "
                                "written as a partial result for `agentsim merge` (docs/scaling.md)");
  cmd->add_option("--shard-rounds", o->shard_rounds,
                  "With --shard: rounds of sequential sampling each shard runs, 1 to 64 or all (merge runs any "
                  "further round a verdict needs itself)")
      ->capture_default_str()
      ->needs(shard);
  cmd->add_option("--partial", o->partial, "With --shard: the partial result's file (default: "
                                           "agentsim-partial-I-of-N.json)")
      ->needs(shard);
  cmd->callback([o, cmd, shard, &exit_code] {
    // A shard writes a partial result, no report and no verdict: the report options belong to
    // the merge, and saying so beats ignoring them.
    if (shard->count() > 0) {
      for (const char* name : {"--report-dir", "--format", "--baseline", "--baseline-allow-missing"}) {
        if (cmd->get_option(name)->count() > 0) {
          fmt::print(stderr, "agentsim run: {} does not go with --shard: a shard writes a partial result, not "
                     "reports; give {} to `agentsim merge`, which writes the reports\n", name, name);
          exit_code = kExitUsage;
          return;
        }
      }
    }
    catch_interrupts();  // SIGINT/SIGTERM stop the run; the reports stay as they were
    exit_code = run(*o);
  });
}

namespace {

// Reads and checks the partial results `agentsim merge` was given: each a partial this build can
// merge, all of one run split the same way, every shard exactly once. Sorted by shard. An error
// sentence, or empty.
std::string read_partials(const std::vector<std::string>& files, MergeInput& m) {
  if (files.size() > reports::kMaxShards) {
    return fmt::format("{} files given; a run has at most {} shards", files.size(), reports::kMaxShards);
  }
  std::vector<std::pair<reports::Partial, std::string>> read;
  for (const std::string& f : files) {
    std::string error;
    const auto text = read_file(f, error);
    if (!text) return error;
    auto partial = reports::parse_partial(*text, error);
    if (!partial) return fmt::format("{}: {}", f, error);
    read.emplace_back(std::move(*partial), f);
  }
  const auto& [first, first_file] = read.front();
  for (const auto& [p, f] : read) {
    const auto differs = [&](const std::string& what) {
      return fmt::format("{} and {} are not shards of the same run: {} differ{}", first_file, f, what,
                         what.back() == 's' ? "" : "s");
    };
    if (p.shard_count != first.shard_count) {
      return differs(fmt::format("their shard counts ({} and {})", first.shard_count, p.shard_count));
    }
    if (p.rounds != first.rounds) return differs("their --shard-rounds");
    if (!(p.run == first.run) || p.suite_name != first.suite_name) {
      return differs("the runs' paths, --scenario, --seed, --sessions, --shifts or --confidence");
    }
    if (p.scenarios.size() != first.scenarios.size()) return differs("their scenario counts");
    for (std::size_t i = 0; i < p.scenarios.size(); ++i) {
      const reports::PartialScenario& a = first.scenarios[i];
      const reports::PartialScenario& b = p.scenarios[i];
      if (a.name != b.name || a.center != b.center || a.fingerprint != b.fingerprint) {
        return differs(fmt::format("their scenario {} ('{}' and '{}', or its settings)", i + 1, a.name, b.name));
      }
      if (a.slices.size() != b.slices.size()) return differs(fmt::format("the rounds of '{}'", a.name));
    }
  }
  const unsigned n = first.shard_count;
  std::vector<std::string> by_index(n + 1);
  for (const auto& [p, f] : read) {
    if (!by_index[p.shard_index].empty()) {
      return fmt::format("{} and {} are both shard {}/{}", by_index[p.shard_index], f, p.shard_index, n);
    }
    by_index[p.shard_index] = f;
  }
  std::vector<std::string> missing;
  for (unsigned k = 1; k <= n; ++k) {
    if (by_index[k].empty()) missing.push_back(fmt::format("{}/{}", k, n));
  }
  if (!missing.empty()) {
    std::string shown;
    for (std::size_t k = 0; k < missing.size() && k < 10; ++k) shown += (k == 0 ? "" : ", ") + missing[k];
    if (missing.size() > 10) shown += fmt::format(" and {} more", missing.size() - 10);
    return fmt::format("missing shard{} {}: a merge needs every shard's partial result (run `agentsim run --shard` "
                       "for {})", missing.size() == 1 ? "" : "s", shown, missing.size() == 1 ? "it" : "them");
  }
  std::sort(read.begin(), read.end(),
            [](const auto& a, const auto& b) { return a.first.shard_index < b.first.shard_index; });
  for (auto& [p, f] : read) {
    m.partials.push_back(std::move(p));
    m.files.push_back(f);
  }
  return {};
}

}  // namespace

void add_merge_command(CLI::App& app, int& exit_code) {
  struct Options {
    std::vector<std::string> files;
    RunOptions run;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "Combine the partial results of `agentsim run --shard i/n` into the reports of the unsharded run");
  cmd->add_option("partials", o->files, "Every shard's partial result (agentsim-partial-I-of-N.json)")->required();
  cmd->add_option("--threads,-j", o->run.threads, "Threads, for rounds the shards did not run (0: all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--report-dir", o->run.report_dir, "Directory for the reports")->capture_default_str();
  cmd->add_option("--format", o->run.formats, "Reports to write: json,junit,markdown,html or none")
      ->capture_default_str();
  cmd->add_option("--baseline", o->run.baseline,
                  "Fail when a metric got worse than in this earlier report.json (as agentsim run --baseline)");
  cmd->add_flag("--baseline-allow-missing", o->run.baseline_allow_missing,
                "Compare what both sides have; a scenario or metric on one side only is listed, not a failure");
  auto* quiet = cmd->add_flag("--quiet,-q", o->run.quiet,
                              "Print only what failed (with its interval) and the reproduce line");
  cmd->add_flag("--verbose,-v", o->run.verbose, "Print every metric and the assumptions in effect")->excludes(quiet);
  cmd->callback([o, &exit_code] {
    catch_interrupts();
    MergeInput m;
    if (const std::string problem = read_partials(o->files, m); !problem.empty()) {
      fmt::print(stderr, "agentsim merge: {}; nothing was merged\n", problem);
      exit_code = kExitUsage;
      return;
    }
    RunOptions r = o->run;
    const reports::PartialRunOptions& asked = m.partials.front().run;
    r.paths = asked.paths;
    r.scenario_names = asked.scenario_names;
    r.seed = asked.seed;
    r.sessions = asked.sessions;
    r.shifts = asked.shifts;
    r.confidence = asked.confidence;
    r.merge = &m;
    r.command = "agentsim merge";
    exit_code = run(r);
    if (m.local_scenarios > 0 && !r.quiet && exit_code != kExitUsage && !interrupted()) {
      fmt::print("agentsim merge: {} scenario{} needed more sampling than the shards ran: {} session{} and {} "
                 "shift{} ran here (shard every round with --shard-rounds all)\n",
                 m.local_scenarios, m.local_scenarios == 1 ? "" : "s", sim::thousands(m.local_sessions),
                 m.local_sessions == 1 ? "" : "s", sim::thousands(m.local_shifts), m.local_shifts == 1 ? "" : "s");
    }
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
