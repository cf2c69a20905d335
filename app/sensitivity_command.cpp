#include "sensitivity_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <sstream>

#include "agentsim/reports/sensitivity_report.h"
#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/sensitivity.h"
#include "exit_codes.h"
#include "interrupt.h"
#include "report_set.h"

namespace agentsim::app {

namespace {

// At most this many simulation runs in one command (scenarios x (1 + 2 x parameters)): the whole
// registry over a large suite is about 3,000; more is a mistake, not a study.
constexpr std::size_t kMaxRuns = 20000;

struct SensitivityCliOptions {
  std::string file;
  std::vector<std::string> scenario_names;
  std::vector<std::string> only;
  std::vector<std::string> ranges;
  std::uint64_t sessions = 0;
  std::uint64_t seed = 0;
  int threads = 0;
  std::size_t top = 10;
  std::string report_dir = "agentsim-sensitivity";
  std::string formats = "json,markdown,html";
  bool fail_on_flip = false;
  bool quiet = false;
};

const std::set<std::string> kFormats = {"json", "markdown", "html", "none"};

std::string shell_quote(const std::string& s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_./=:,+@%") == std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string reproduce_command(const SensitivityCliOptions& o) {
  std::string cmd = "agentsim sensitivity " + shell_quote(o.file);
  for (const std::string& n : o.scenario_names) cmd += " --scenario " + shell_quote(n);
  for (const std::string& n : o.only) cmd += " --only " + shell_quote(n);
  for (const std::string& r : o.ranges) cmd += " --range " + shell_quote(r);
  if (o.seed != 0) cmd += fmt::format(" --seed {}", o.seed);
  if (o.sessions != 0) cmd += fmt::format(" --sessions {}", o.sessions);
  return cmd;
}

std::vector<std::string> parameter_names() {
  std::vector<std::string> names;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) names.emplace_back(p.name);
  return names;
}

// "unknown environment parameter 'x'; did you mean 'y'?"
std::string unknown_parameter(const std::string& name) {
  const std::string hint = scenarios::suggest_name(name, parameter_names());
  return fmt::format("unknown environment parameter '{}'{} (agentsim list shows them all)", sim::echo(name),
                     hint.empty() ? "" : "; " + hint);
}

// Splits "a,b" items of repeatable options.
std::vector<std::string> split_commas(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    std::stringstream ss(item);
    for (std::string part; std::getline(ss, part, ',');) {
      if (!part.empty()) out.push_back(part);
    }
  }
  return out;
}

// "name=low..high" -> the perturbation, or an error.
std::optional<sim::Perturbation> parse_range(const std::string& text, std::string& error) {
  const auto eq = text.find('=');
  const auto dots = text.find("..", eq == std::string::npos ? 0 : eq);
  if (eq == std::string::npos || dots == std::string::npos) {
    error = fmt::format("--range '{}': expected NAME=LOW..HIGH, e.g. api_5xx_prob=0..0.1", sim::echo(text));
    return std::nullopt;
  }
  sim::Perturbation p;
  p.name = text.substr(0, eq);
  if (sim::find_environment_parameter(p.name) == nullptr) {
    error = "--range: " + unknown_parameter(p.name);
    return std::nullopt;
  }
  auto number = [&](const std::string& s, double& v) {
    const std::optional<double> parsed = sim::parse_decimal(s);
    if (!parsed) return false;
    v = *parsed;
    return true;
  };
  if (!number(text.substr(eq + 1, dots - eq - 1), p.low) || !number(text.substr(dots + 2), p.high)) {
    error = fmt::format("--range '{}': LOW and HIGH must be numbers, e.g. {}=0..0.1", sim::echo(text), p.name);
    return std::nullopt;
  }
  if (!(p.low <= p.high)) {
    error = fmt::format("--range '{}': LOW must not exceed HIGH", sim::echo(text));
    return std::nullopt;
  }
  return p;
}

// The perturbations of one scenario: the defaults (or --only's), then --range's. Empty plus an
// error when something is wrong.
std::vector<sim::Perturbation> perturbations_for(const sim::Scenario& s, const std::vector<std::string>& only,
                                                 const std::vector<sim::Perturbation>& ranges,
                                                 std::vector<std::pair<std::string, std::string>>& skipped,
                                                 std::string& error) {
  std::vector<sim::Perturbation> all = sim::default_perturbations(s, &skipped);
  if (!only.empty()) {
    std::vector<sim::Perturbation> chosen;
    for (const std::string& name : only) {
      auto it = std::find_if(all.begin(), all.end(), [&](const sim::Perturbation& p) { return p.name == name; });
      if (it != all.end()) {
        chosen.push_back(*it);
        continue;
      }
      const bool ranged = std::any_of(ranges.begin(), ranges.end(), [&](const auto& r) { return r.name == name; });
      if (ranged) continue;  // --range gives it
      if (sim::find_environment_parameter(name) == nullptr) {
        error = "--only: " + unknown_parameter(name);
        return {};
      }
      const sim::AssumptionRange* r = sim::find_assumption_range(name);
      auto sk = std::find_if(skipped.begin(), skipped.end(), [&](const auto& p) { return p.first == name; });
      error = fmt::format("--only {}: {}; give it a range of your own with --range {}=LOW..HIGH", name,
                          sk != skipped.end()     ? "scenario '" + s.name + "': " + sk->second
                          : r != nullptr          ? std::string("not perturbed: ") + std::string(r->why)
                                                  : std::string("documented or measured, so it has no assumed range"),
                          name);
      return {};
    }
    all = chosen;
  }
  for (const sim::Perturbation& r : ranges) {
    auto it = std::find_if(all.begin(), all.end(), [&](const sim::Perturbation& p) { return p.name == r.name; });
    if (it != all.end()) {
      *it = r;
    } else if (only.empty() || std::find(only.begin(), only.end(), r.name) != only.end()) {
      all.push_back(r);
      skipped.erase(std::remove_if(skipped.begin(), skipped.end(), [&](const auto& p) { return p.first == r.name; }),
                    skipped.end());
    }
  }
  for (const sim::Perturbation& p : all) {
    const std::vector<std::string> problems = sim::check_perturbation(s, p);
    if (!problems.empty()) {
      error = fmt::format("scenario '{}': {}", s.name, problems.front());
      return {};
    }
  }
  return all;
}

int run_sensitivity_command(const SensitivityCliOptions& o) {
  const char* const formats_expected = "expected a comma-separated list of json, markdown, html, or none";
  std::set<std::string> wanted;
  {
    std::stringstream ss(o.formats);
    for (std::string f; std::getline(ss, f, ',');) {
      if (!kFormats.count(f)) {
        fmt::print(stderr, "agentsim sensitivity: unknown report format '{}': {}\n", sim::echo(f), formats_expected);
        return kExitUsage;
      }
      wanted.insert(f);
    }
    if (wanted.empty() || o.formats.back() == ',') {
      fmt::print(stderr, "agentsim sensitivity: --format '{}' names an empty format: {}\n", sim::echo(o.formats),
                 formats_expected);
      return kExitUsage;
    }
  }
  const bool write = !wanted.count("none");
  if (write) {
    const std::string problem = report_dir_problem(o.report_dir);
    if (!problem.empty()) {
      fmt::print(stderr, "agentsim sensitivity: {}\n", problem);
      return kExitUsage;
    }
  }
  std::vector<sim::Perturbation> ranges;
  for (const std::string& text : o.ranges) {
    std::string error;
    const auto p = parse_range(text, error);
    if (!p) {
      fmt::print(stderr, "agentsim sensitivity: {}\n", error);
      return kExitUsage;
    }
    ranges.push_back(*p);
  }
  const std::vector<std::string> only = split_commas(o.only);
  const scenarios::LoadResult loaded = scenarios::load_paths({o.file});
  if (!loaded.ok()) {
    for (const scenarios::LoadError& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
    fmt::print(stderr, "agentsim sensitivity: {} error{} in the scenario file; nothing was run.\n",
               loaded.errors.size(), loaded.errors.size() == 1 ? "" : "s");
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
      fmt::print(stderr, "agentsim sensitivity: no scenario named '{}' in {}{}\n", sim::echo(n), o.file,
                 hint.empty() ? "" : "; " + hint);
      return kExitUsage;
    }
  }
  if (selected.empty()) {
    fmt::print(stderr, "agentsim sensitivity: {} holds no scenario\n", o.file);
    return kExitUsage;
  }
  // Every scenario's perturbations are checked before anything runs.
  std::vector<std::vector<sim::Perturbation>> plans;
  std::vector<std::vector<std::pair<std::string, std::string>>> skipped(selected.size());
  std::size_t runs = 0;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    std::string error;
    plans.push_back(perturbations_for(selected[i], only, ranges, skipped[i], error));
    if (!error.empty()) {
      fmt::print(stderr, "agentsim sensitivity: {}\n", error);
      return kExitUsage;
    }
    runs += 1 + 2 * plans.back().size();
  }
  if (runs > kMaxRuns) {
    fmt::print(stderr,
               "agentsim sensitivity: {} runs ({} scenarios x (1 + 2 x parameters)) is more than the limit of {}: "
               "choose scenarios with --scenario or parameters with --only\n",
               runs, selected.size(), kMaxRuns);
    return kExitUsage;
  }
  if (!o.quiet) {
    fmt::print("agentsim sensitivity: {} scenario{} of {}, {} runs; seed {}\n", selected.size(),
               selected.size() == 1 ? "" : "s", o.file, runs,
               o.seed != 0 ? fmt::format("{} (for every scenario)", o.seed) : std::string("per scenario"));
  }
  const bool tty = ::isatty(STDERR_FILENO) == 1 && !o.quiet;
  reports::SensitivityReport report;
  report.file = o.file;
  report.command = reproduce_command(o);
  report.sessions = o.sessions;
  std::size_t runs_before = 0;
  for (std::size_t i = 0; i < selected.size(); ++i) {
    sim::SensitivityOptions so;
    so.sessions = o.sessions;
    so.seed_override = o.seed;
    so.threads = o.threads;
    so.perturbations = plans[i];
    so.use_perturbations = true;
    so.stop = &interrupt_flag();
    if (tty) {
      so.progress = [&, i](std::size_t done, std::size_t) {
        fmt::print(stderr, "\rrun {}/{}  scenario {}/{}", runs_before + done, runs, i + 1, selected.size());
      };
    }
    sim::ScenarioSensitivity s = sim::run_sensitivity(selected[i], so);
    s.skipped = skipped[i];
    runs_before += 1 + 2 * plans[i].size();
    if (interrupted()) {
      if (tty) fmt::print(stderr, "\r{}\r", std::string(60, ' '));
      fmt::print(stderr, "agentsim sensitivity: interrupted by {} in scenario {} of {}; nothing written; exit {}\n",
                 interrupt_signal_name(), i + 1, selected.size(), interrupted_exit_code());
      return interrupted_exit_code();
    }
    report.scenarios.push_back(std::move(s));
  }
  if (tty) fmt::print(stderr, "\r{}\r", std::string(60, ' '));
  const std::string table = reports::render_sensitivity_terminal(report, o.top);
  fmt::print("{}", table);
  if (write) {
    std::vector<ReportFile> files;
    if (wanted.count("json")) files.push_back({"sensitivity.json", reports::render_sensitivity_json(report)});
    if (wanted.count("markdown")) files.push_back({"sensitivity.md", reports::render_sensitivity_markdown(report)});
    if (wanted.count("html")) files.push_back({"sensitivity.html", reports::render_sensitivity_html(report)});
    files.push_back({"table.txt", table});
    const ReportSetResult w = write_report_set(o.report_dir, files, [] { return interrupted(); });
    switch (w.outcome) {
      case ReportSetOutcome::Written: break;
      case ReportSetOutcome::Interrupted: return interrupted_exit_code();
      case ReportSetOutcome::Refused:
      case ReportSetOutcome::Failed:
        fmt::print(stderr, "agentsim sensitivity: --report-dir {}: {}\n", o.report_dir, w.message);
        return kExitUsage;
    }
    if (!w.warning.empty()) fmt::print(stderr, "agentsim sensitivity: warning: {}\n", w.warning);
    if (!o.quiet) {
      std::string names;
      for (const ReportFile& f : files) names += (names.empty() ? "" : ", ") + o.report_dir + "/" + f.name;
      fmt::print("written: {}\n", names);
    }
  }
  const bool flips = !reports::flipping_assumptions(report).empty();
  return o.fail_on_flip && flips ? kExitFailed : kExitOk;
}

}  // namespace

void add_sensitivity_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<SensitivityCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity",
      "Move each assumed environment parameter across its range: which assumption moves each expectation, which "
      "flips a verdict");
  cmd->add_option("scenario_file", o->file, "Scenario file (or directory) whose scenarios to study")->required();
  cmd->add_option("--scenario", o->scenario_names, "Only this scenario (repeatable)");
  cmd->add_option("--only", o->only, "Only these parameters (repeatable, or comma-separated)");
  cmd->add_option("--range", o->ranges,
                  "NAME=LOW..HIGH: perturb NAME across this range instead (any environment parameter; repeatable)");
  cmd->add_option("--sessions,-n", o->sessions,
                  "Sessions (shifts for a center scenario) per run; 0: sample as agentsim run does")
      ->capture_default_str()
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{100'000'000}));
  cmd->add_option("--seed", o->seed, "Seed for every scenario (0: each scenario's own)");
  cmd->add_option("--threads,-j", o->threads, "Threads (0: all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--top", o->top, "Rows per scenario in the terminal table")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000}));
  cmd->add_option("--report-dir", o->report_dir, "Where to write the reports (replaced whole)")->capture_default_str();
  cmd->add_option("--format", o->formats, "Reports to write: json, markdown, html (comma-separated), or none")
      ->capture_default_str();
  cmd->add_flag("--fail-on-flip", o->fail_on_flip, "Exit 1 when an assumption flips a verdict (a CI gate)");
  cmd->add_flag("--quiet,-q", o->quiet, "Only the table");
  cmd->callback([o, &exit_code] {
    catch_interrupts();
    exit_code = run_sensitivity_command(*o);
  });
}

}  // namespace agentsim::app
