#include "check_command.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <chrono>
#include <memory>

#include "agentsim/reports/terminal_report.h"
#include "agentsim/search/check.h"
#include "exit_codes.h"
#include "interrupt.h"
#include "search_support.h"

namespace agentsim::app {

namespace {

struct CheckCliOptions {
  std::string file;
  std::string scenario;
  std::vector<std::string> properties;
  std::int64_t max_schedules = 2'000'000;
  int max_contacts = 2;
  int max_failures = 1;
  int max_contacts_outside = 1;
  double time_budget_s = 0;
  std::string out;
  bool no_merge = false;
  bool boundaries_outside = false;
};

std::string thousands(std::int64_t n) { return reports::thousands(static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0))); }

int run_check(const CheckCliOptions& o) {
  const std::optional<SearchTarget> target = load_search_target("check", o.file, o.scenario, o.properties);
  if (!target) return kExitUsage;
  const sim::Scenario& chosen = target->scenario;
  search::CheckOptions co;
  co.properties = target->properties;
  co.max_schedules = o.max_schedules;
  co.max_contacts = o.max_contacts;
  co.max_failures_outside_claim = o.max_failures;
  co.max_contacts_outside_claim = o.max_contacts_outside;
  co.merge_states = !o.no_merge;
  co.boundaries_outside_claim = o.boundaries_outside;
  const auto start = std::chrono::steady_clock::now();
  co.should_stop = [start, budget = o.time_budget_s] {
    return interrupted() ||
           (budget > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > budget);
  };
  fmt::print("agentsim check: scenario '{}', strategy {}\n", chosen.name, chosen.session.strategy.label());
  fmt::print("{}\n", target->outside.empty() ? describe_claim(target->claim)
                                                : "claim: nothing of this scenario — its " + target->outside);
  const search::CheckReport r = search::check_claim(chosen.session, target->claim, co);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!r.error.empty()) {
    fmt::print(stderr, "agentsim check: {}\n", r.error);
    return kExitInternal;
  }
  if (interrupted()) {
    fmt::print(stderr, "agentsim check: interrupted by {} after {} schedules ({} sessions, {:.2f} s); stopped: no "
                       "verdict, nothing written; exit {}\n",
               interrupt_signal_name(), thousands(r.schedules), thousands(r.sessions), seconds, interrupted_exit_code());
    return interrupted_exit_code();
  }
  const search::CheckResult* first_violation = nullptr;
  bool unfinished = false;
  std::vector<search::PropertyCoverage> coverage;
  for (const search::CheckResult& c : r.results) {
    const std::string name(search::to_string(c.property));
    const bool bound = search::searched_within_claim(c.property, target->claim);
    search::PropertyCoverage& cov = coverage.emplace_back();
    cov.property = c.property;
    cov.cases = static_cast<int>(std::min<std::int64_t>(c.schedules, 2'000'000'000));
    cov.labels = c.labels;
    switch (c.verdict) {
      case search::CheckVerdict::NotApplicable:
        cov.not_applicable = target->outside.empty() ? c.not_applicable : target->outside;
        fmt::print("\n{}: not applicable — {}; it cannot fail\n", name,
                   cov.not_applicable);
        continue;
      case search::CheckVerdict::Holds:
        fmt::print("\n{}: HOLDS — every one of {} schedules {} satisfies it\n", name, thousands(c.schedules),
                   bound ? "within the claim" : "of the bounded space");
        break;
      case search::CheckVerdict::Violated:
        fmt::print("\n{}: VIOLATED — {} (shortest counterexample: {} environment events, after {} schedules)\n",
                   name, c.explanation, c.counterexample.environment_events(), thousands(c.schedules));
        if (first_violation == nullptr) first_violation = &c;
        break;
      case search::CheckVerdict::Unfinished:
        unfinished = true;
        fmt::print("\n{}: UNFINISHED — the exploration stopped after {} sessions, {} schedules ({}); no verdict\n",
                   name, thousands(c.sessions), thousands(c.schedules),
                   c.largest_size > 0 ? fmt::format("every schedule of up to {} environment events holds", c.largest_size)
                                      : std::string("not even the smallest schedules were all explored"));
        break;
    }
    fmt::print("  bounds: failures at most {} per schedule, contacts at most {}; {}\n", c.failure_budget,
               c.max_contacts,
               bound ? "within the claim; each page-side timing at its ends and boundaries, each agent timing at its ends"
                     : co.boundaries_outside_claim
                           ? "over every close kind and state the scenario allows; each page-side timing at its ends and boundaries"
                           : "over every close kind and state the scenario allows; each timing at the ends of its range");
    for (const std::string& line : c.space.describe()) fmt::print("    {}\n", line);
    if (c.choice_points_truncated > 0) {
      fmt::print("  note: {} quantit{} had more than {} boundary points; the earliest were explored\n",
                 c.choice_points_truncated, c.choice_points_truncated == 1 ? "y" : "ies", co.max_boundaries);
    }
  }
  fmt::print("\nexplored {} schedules ({} sessions, {} cut short as copies of a state met before) in {:.2f} s",
             thousands(r.schedules), thousands(r.sessions), thousands(r.merged), seconds);
  fmt::print("{}\n", r.stopped ? fmt::format(" — stopped by {}", o.time_budget_s > 0 && r.sessions < o.max_schedules
                                                                     ? "the time budget"
                                                                     : "--max-schedules")
                              : "");
  print_coverage(coverage);
  if (first_violation != nullptr) {
    const search::CheckResult& c = *first_violation;
    return report_counterexample("check", *target, o.file, o.out, c.property, c.counterexample, c.explanation,
                                 fmt::format("{}: the shortest counterexample of {}", "agentsim check",
                                             search::to_string(c.property)),
                                 "found by agentsim check (no rapidcheck reproduce string)");
  }
  if (unfinished) return kExitInconclusive;
  fmt::print("\nholds: see docs/fuzzing.md for what a check proves and what it does not\n");
  return kExitOk;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CheckCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Explore every schedule of the claim's discretised space: prove a property or give its shortest counterexample");
  cmd->add_option("scenario_file", o->file, "Scenario file whose strategy, claim and environment to explore")->required();
  cmd->add_option("--scenario", o->scenario, "Scenario name, when the file holds several");
  cmd->add_option("--property,-p", o->properties, "Property to check (repeatable; default: all)");
  cmd->add_option("--max-schedules", o->max_schedules, "Stop after this many sessions (exit 3 without a verdict)")
      ->capture_default_str()
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000'000}));
  cmd->add_option("--max-contacts", o->max_contacts, "Contacts offered per schedule within the claim, at most")
      ->capture_default_str()
      ->check(CLI::Range(0, 3));
  cmd->add_option("--max-contacts-outside", o->max_contacts_outside,
                  "Contacts per schedule for the properties not bound to a claim")
      ->capture_default_str()
      ->check(CLI::Range(0, 3));
  cmd->add_option("--max-failures", o->max_failures,
                  "Failures per schedule for the properties not bound to a claim (the claim's budget bounds the others)")
      ->capture_default_str()
      ->check(CLI::Range(0, 6));
  cmd->add_option("--time-budget", o->time_budget_s, "Stop exploring after this many seconds (exit 3)")
      ->check(CLI::Range(0.0, 86400.0));
  cmd->add_option("--out,-o", o->out, "Where to write the replay scenario (default: <file>.counterexample.yaml)");
  cmd->add_flag("--boundaries-outside", o->boundaries_outside,
                "For the properties not bound to a claim, explore each timing at its boundaries too, not only at its ends");
  cmd->add_flag("--no-merge", o->no_merge,
                "Explore every schedule, merging no identical states (same verdicts, slower: to cross-check)");
  cmd->callback([o, &exit_code] {
    catch_interrupts();  // SIGINT/SIGTERM end the exploration; nothing is written
    exit_code = run_check(*o);
  });
}

}  // namespace agentsim::app
