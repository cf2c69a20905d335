#include "fuzz_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/replay_writer.h"
#include "agentsim/search/fuzz.h"
#include "exit_codes.h"
#include "file_io.h"

namespace agentsim::app {

namespace {

struct FuzzCliOptions {
  std::string file;
  std::string scenario;
  std::vector<std::string> properties;
  int cases = 1000;
  std::uint64_t seed = 1;
  double time_budget_s = 0;
  std::string out;
  std::string reproduce;
  bool no_shrink = false;
};

std::string default_out_path(const std::string& file) {
  return std::filesystem::path(file).stem().string() + ".counterexample.yaml";
}

void print_coverage(const search::FuzzReport& r) {
  fmt::print("coverage (cases that reached each label):\n");
  std::string line;
  for (const auto& [label, count] : r.coverage) {
    const std::string item = fmt::format("{}={}", label, count);
    if (line.size() + item.size() > 96) {
      fmt::print("  {}\n", line);
      line.clear();
    }
    line += (line.empty() ? "" : "  ") + item;
  }
  if (!line.empty()) fmt::print("  {}\n", line);
}

int run_fuzz(const FuzzCliOptions& o) {
  const scenarios::LoadResult loaded = scenarios::load_paths({o.file});
  if (!loaded.ok()) {
    for (const scenarios::LoadError& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
    return kExitUsage;
  }
  const sim::Scenario* chosen = nullptr;
  for (const sim::Scenario& s : loaded.scenarios) {
    if (o.scenario.empty() ? loaded.scenarios.size() == 1 : s.name == o.scenario) chosen = &s;
  }
  if (chosen == nullptr) {
    fmt::print(stderr, "agentsim fuzz: {}; choose one with --scenario:\n",
               o.scenario.empty() ? "the file holds several scenarios" : "no scenario named '" + o.scenario + "'");
    for (const sim::Scenario& s : loaded.scenarios) fmt::print(stderr, "  {}\n", s.name);
    return kExitUsage;
  }
  search::FuzzOptions fo;
  fo.cases = o.cases;
  fo.seed = o.seed;
  fo.shrink = !o.no_shrink;
  fo.reproduce = o.reproduce;
  for (const std::string& name : o.properties) {
    const search::PropertyInfo* p = search::find_property(name);
    if (p == nullptr) {
      fmt::print(stderr, "agentsim fuzz: unknown property '{}'; the properties are:\n", name);
      for (const search::PropertyInfo& q : search::properties()) fmt::print(stderr, "  {:<30} {}\n", q.name, q.description);
      return kExitUsage;
    }
    fo.properties.push_back(p->id);
  }
  const auto start = std::chrono::steady_clock::now();
  if (o.time_budget_s > 0) {
    fo.should_stop = [start, budget = o.time_budget_s] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budget;
    };
  }
  const sim::Claim claim = sim::default_claim(chosen->session.strategy);
  fmt::print("agentsim fuzz: scenario '{}', strategy {}, seed {}, {} cases per property\n", chosen->name,
             sim::to_string(chosen->session.strategy.kind), o.seed, o.cases);
  const search::FuzzReport r = search::fuzz(chosen->session, claim, fo);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.error.empty()) {
    fmt::print(stderr, "agentsim fuzz: {}\n", r.error);
    return kExitInternal;
  }
  if (!r.reproduce_matched) {
    fmt::print(stderr, "agentsim fuzz: the reproduce string names none of the properties checked "
                       "(use the --property of the run that printed it)\n");
    return kExitUsage;
  }
  print_coverage(r);
  if (!r.found && r.stopped_early) {
    fmt::print("\nstopped by the time budget after {} cases ({:.2f} s): inconclusive. Not fully checked:",
               r.cases_run, seconds);
    for (search::Property p : r.unchecked) fmt::print(" {}", search::to_string(p));
    fmt::print("\n");
    return kExitInconclusive;
  }
  if (!r.found) {
    fmt::print("\nno counterexample in {} cases ({:.2f} s); properties checked:", r.cases_run, seconds);
    for (search::Property p : r.checked) fmt::print(" {}", search::to_string(p));
    fmt::print("\n");
    return kExitOk;
  }
  const search::FuzzFinding& f = r.finding;
  fmt::print("\nPROPERTY VIOLATED: {} — {}\n", search::to_string(f.property), f.explanation);
  fmt::print("found after {} passing cases, {:.2f} s; shrunk counterexample ({} environment events):\n{}",
             f.cases_before, seconds, f.schedule.environment_events(), sim::describe(f.schedule));
  sim::SessionSpec replay = chosen->session;
  replay.schedule = f.schedule;
  sim::Trace trace;
  sim::run_session(replay, chosen->seed, 0, &trace);
  fmt::print("\ntimeline:\n{}", sim::format_timeline(trace));
  const std::string out = o.out.empty() ? default_out_path(o.file) : o.out;
  std::string error;
  if (!write_file_atomically(out, search::write_replay_scenario(*chosen, f.schedule, f.property, claim, f.reproduce),
                             error)) {
    fmt::print(stderr, "agentsim fuzz: {}\n", error);
    return kExitUsage;
  }
  fmt::print("\nreplay scenario written to {} (agentsim run {} fails the same way)\n", out, out);
  fmt::print("reproduce the search: agentsim fuzz {} --property {} --reproduce '{}'\n", o.file,
             search::to_string(f.property), f.reproduce);
  return kExitFailed;
}

}  // namespace

void add_fuzz_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<FuzzCliOptions>();
  CLI::App* cmd = app.add_subcommand("fuzz", "Search schedules for one that breaks a strategy (property-based)");
  cmd->add_option("scenario_file", o->file, "Scenario file whose strategy and environment to search")->required();
  cmd->add_option("--scenario", o->scenario, "Scenario name, when the file holds several");
  cmd->add_option("--property,-p", o->properties, "Property to check (repeatable; default: all)");
  cmd->add_option("--cases,-n", o->cases, "Cases per property")->capture_default_str()->check(CLI::Range(1, 100000000));
  cmd->add_option("--seed", o->seed, "rapidcheck seed")->capture_default_str();
  cmd->add_option("--time-budget", o->time_budget_s, "Stop searching after this many seconds")->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--out,-o", o->out, "Where to write the replay scenario (default: <file>.counterexample.yaml)");
  cmd->add_option("--reproduce", o->reproduce, "A reproduce string printed by an earlier run");
  cmd->add_flag("--no-shrink", o->no_shrink, "Report the first failing schedule as found");
  cmd->callback([o, &exit_code] { exit_code = run_fuzz(*o); });
}

}  // namespace agentsim::app
