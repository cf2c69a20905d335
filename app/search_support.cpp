#include "search_support.h"

#include <fmt/format.h>

#include <filesystem>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/counterexample.h"
#include "agentsim/search/replay_writer.h"
#include "exit_codes.h"
#include "file_io.h"
#include "interrupt.h"

namespace agentsim::app {

namespace {

std::string default_out_path(const std::string& file) {
  return std::filesystem::path(file).stem().string() + ".counterexample.yaml";
}

template <class T>
std::string names(const std::vector<T>& v) {
  std::string out;
  for (T x : v) out += (out.empty() ? "" : ", ") + std::string(sim::to_string(x));
  return out.empty() ? "none" : out;
}

}  // namespace

std::optional<SearchTarget> load_search_target(const std::string& command, const std::string& file,
                                               const std::string& name,
                                               const std::vector<std::string>& properties) {
  const scenarios::LoadResult loaded = scenarios::load_paths({file});
  if (!loaded.ok()) {
    for (const scenarios::LoadError& e : loaded.errors) fmt::print(stderr, "{}\n", e.format());
    return std::nullopt;
  }
  const sim::Scenario* chosen = nullptr;
  for (const sim::Scenario& s : loaded.scenarios) {
    if (name.empty() ? loaded.scenarios.size() == 1 : s.name == name) chosen = &s;
  }
  if (chosen == nullptr) {
    fmt::print(stderr, "agentsim {}: {}; choose one with --scenario:\n", command,
               name.empty() ? "the file holds several scenarios" : "no scenario named '" + name + "'");
    for (const sim::Scenario& s : loaded.scenarios) fmt::print(stderr, "  {}\n", s.name);
    return std::nullopt;
  }
  if (chosen->center) {
    fmt::print(stderr,
               "agentsim {}: scenario '{}' is a center scenario; {} searches one agent's session "
               "(close kinds, unload timing, API failures), not a center's burst timing or "
               "throttling.\n  Search the strategy on one agent: copy the scenario without its "
               "`center:` block; measure the center with `agentsim run`.\n",
               command, chosen->name, command);
    return std::nullopt;
  }
  SearchTarget t;
  t.scenario = *chosen;
  const sim::EffectiveClaim e = sim::effective_claim(chosen->session.strategy, chosen->claim,
                                                     chosen->session.close_kind, chosen->session.pre_close);
  t.claim = e.claim;
  t.outside = e.outside;
  t.written_claim = sim::apply(sim::default_claim(chosen->session.strategy), chosen->claim);
  for (const std::string& p : properties) {
    const search::PropertyInfo* info = search::find_property(p);
    if (info == nullptr) {
      fmt::print(stderr, "agentsim {}: unknown property '{}'; the properties are:\n", command, p);
      for (const search::PropertyInfo& q : search::properties()) {
        fmt::print(stderr, "  {:<30} {}\n", q.name, q.description);
      }
      return std::nullopt;
    }
    t.properties.push_back(info->id);
  }
  // A property that applies only within the claim, asked for by name, when the scenario's fixed
  // close kind or pre-close state lies outside the claim: it could not fail — say so, not "holds".
  if (!t.outside.empty()) {
    for (search::Property p : t.properties) {
      if (!search::searched_within_claim(p, t.claim)) continue;
      fmt::print(stderr,
                 "agentsim {}: {} applies only within the strategy's claim, and the scenario's {}.\n"
                 "  Remove the scenario's close_kind/pre_close, or widen the claim (`claim: "
                 "{{close_kinds: [...], pre_close: [...]}}`, docs/fuzzing.md).\n",
                 command, search::to_string(p), t.outside);
      return std::nullopt;
    }
  }
  return t;
}

std::string describe_claim(const sim::Claim& c) {
  if (c.covers_nothing()) return "claim: covers no close";
  std::string out = fmt::format("claim: close kinds {}; pre-close {}; at most {} failure(s)",
                                names(c.close_kinds), names(c.pre_close), c.max_failures);
  if (c.max_latency_us > 0) out += fmt::format(", calls answered within {} ms", c.max_latency_us / 1000.0);
  out += fmt::format(", unload window at least {} ms; ghost at most {} s; at most {} API call(s) per close",
                     c.min_unload_window_us / 1000.0, c.ghost_bound_us / 1e6, c.max_api_calls);
  return out;
}

void print_coverage(const std::vector<search::PropertyCoverage>& coverage) {
  fmt::print("coverage (per property: the cases that reached each label):\n");
  for (const search::PropertyCoverage& c : coverage) {
    if (!c.not_applicable.empty()) {
      fmt::print("  {}: not searched — {} (it cannot fail)\n", search::to_string(c.property), c.not_applicable);
      continue;
    }
    fmt::print("  {} ({} cases):\n", search::to_string(c.property), c.cases);
    std::string line;
    for (const auto& [label, count] : c.labels) {
      const std::string item = fmt::format("{}={}", label, count);
      if (line.size() + item.size() > 92) {
        fmt::print("    {}\n", line);
        line.clear();
      }
      line += (line.empty() ? "" : "  ") + item;
    }
    if (!line.empty()) fmt::print("    {}\n", line);
  }
}

int report_counterexample(const std::string& command, const SearchTarget& target,
                          const std::string& file, const std::string& out_path,
                          search::Property property, const sim::Schedule& schedule,
                          const std::string& explanation, const std::string& found_how,
                          const std::string& reproduce) {
  fmt::print("{}", search::counterexample_text(target.scenario, property, schedule, explanation, found_how));
  const std::string out = out_path.empty() ? default_out_path(file) : out_path;
  if (interrupted()) {
    fmt::print(stderr, "agentsim {}: interrupted by {}; stopped: the replay scenario was not written; exit {}\n",
               command, interrupt_signal_name(), interrupted_exit_code());
    return interrupted_exit_code();
  }
  // The replay replaces a regular file, all or nothing; never a device, a directory or what a
  // symlink points at (write_file_atomically refuses them).
  std::string error;
  if (!write_file_atomically(out, search::write_replay_scenario(target.scenario, schedule, property,
                                                                target.written_claim, reproduce),
                             error)) {
    fmt::print(stderr, "agentsim {}: {}; the replay scenario was not written\n", command, error);
    return kExitUsage;
  }
  fmt::print("\nreplay scenario written to {}: `agentsim run {}` fails on this schedule until the "
             "strategy handles it, then passes\n",
             out, out);
  return kExitFailed;
}

}  // namespace agentsim::app
