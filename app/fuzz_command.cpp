#include "fuzz_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <rapidcheck/detail/Configuration.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "agentsim/search/fuzz.h"
#include "agentsim/sim/input_text.h"
#include "exit_codes.h"
#include "interrupt.h"
#include "search_support.h"

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

// The reproduce string is the user's input: one that cannot be read is a usage error (exit 2),
// found before anything is loaded. (search::fuzz reads it again, and reports what it cannot read
// as an error of the search.)
bool check_reproduce(const std::string& reproduce) {
  if (reproduce.empty()) return true;
  try {
    rc::detail::configFromString(reproduce);
    return true;
  } catch (const std::exception& e) {
    fmt::print(stderr,
               "agentsim fuzz: --reproduce: cannot read '{}': {}\n"
               "  give the string an earlier run printed after --reproduce (`reproduce=...`, in "
               "single quotes)\n",
               sim::echo(reproduce), e.what());
    return false;
  }
}

int run_fuzz(const FuzzCliOptions& o) {
  if (!check_reproduce(o.reproduce)) return kExitUsage;
  const std::optional<SearchTarget> target = load_search_target("fuzz", o.file, o.scenario, o.properties);
  if (!target) return kExitUsage;
  const sim::Scenario& chosen = target->scenario;
  search::FuzzOptions fo;
  fo.cases = o.cases;
  fo.seed = o.seed;
  fo.shrink = !o.no_shrink;
  fo.reproduce = o.reproduce;
  fo.properties = target->properties;
  const auto start = std::chrono::steady_clock::now();
  fo.should_stop = [start, budget = o.time_budget_s] {
    return interrupted() ||
           (budget > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budget);
  };
  fmt::print("agentsim fuzz: scenario '{}', strategy {}, seed {}, {} cases per property\n", chosen.name,
             chosen.session.strategy.label(), o.seed, o.cases);
  fmt::print("{}\n", target->outside.empty() ? describe_claim(target->claim)
                                                : "claim: nothing of this scenario — its " + target->outside);
  if (!target->outside.empty()) {
    fmt::print("note: the scenario's {}: the properties that apply within the claim are not searched\n",
               target->outside);
  }
  search::FuzzReport r = search::fuzz(chosen.session, target->claim, fo);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.error.empty()) {
    fmt::print(stderr, "agentsim fuzz: {}\n", r.error);
    return kExitInternal;
  }
  if (interrupted()) {
    fmt::print(stderr, "agentsim fuzz: interrupted by {} after {} cases ({:.2f} s); stopped: {}; exit {}\n",
               interrupt_signal_name(), r.cases_run, seconds,
               r.found ? "the counterexample found was not written" : "no verdict, nothing written",
               interrupted_exit_code());
    return interrupted_exit_code();
  }
  if (!r.reproduce_matched) {
    fmt::print(stderr, "agentsim fuzz: the reproduce string names none of the properties checked "
                       "(use the --property of the run that printed it)\n");
    return kExitUsage;
  }
  for (search::PropertyCoverage& c : r.coverage) {
    if (!c.not_applicable.empty() && !target->outside.empty()) c.not_applicable = target->outside;
  }
  print_coverage(r.coverage);
  if (!r.found && r.stopped_early) {
    fmt::print("\nstopped by the time budget after {} cases ({:.2f} s): inconclusive. Not fully checked:",
               r.cases_run, seconds);
    for (search::Property p : r.unchecked) fmt::print(" {}", search::to_string(p));
    fmt::print("\n");
    return kExitInconclusive;
  }
  if (!r.found) {
    fmt::print("\nno counterexample in {} cases ({:.2f} s); properties searched:", r.cases_run, seconds);
    for (search::Property p : r.checked) fmt::print(" {}", search::to_string(p));
    if (r.checked.empty()) fmt::print(" none");
    if (!r.not_applicable.empty()) {
      fmt::print("\nnot applicable (they could not fail, see coverage):");
      for (search::Property p : r.not_applicable) fmt::print(" {}", search::to_string(p));
    }
    fmt::print("\n(a random search bounds nothing: `agentsim check` proves a property within the claim's "
               "discretised space)\n");
    return kExitOk;
  }
  const search::FuzzFinding& f = r.finding;
  const std::string how = fmt::format("found after {} passing cases, {:.2f} s; {}", f.cases_before,
                                      seconds, o.no_shrink ? "not shrunk" : "shrunk");
  const int code = report_counterexample("fuzz", *target, o.file, o.out, f.property, f.schedule,
                                         f.explanation, how, f.reproduce);
  if (code == kExitFailed) {
    fmt::print("reproduce the search: agentsim fuzz {} --property {} --reproduce '{}'\n", o.file,
               search::to_string(f.property), f.reproduce);
    if (!r.unchecked.empty()) {
      fmt::print("not searched (fuzz stops at its first counterexample; search them with --property):");
      for (search::Property p : r.unchecked) fmt::print(" {}", search::to_string(p));
      fmt::print("\n");
    }
  }
  return code;
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
  cmd->callback([o, &exit_code] {
    catch_interrupts();  // SIGINT/SIGTERM end the search; nothing is written
    exit_code = run_fuzz(*o);
  });
}

}  // namespace agentsim::app
