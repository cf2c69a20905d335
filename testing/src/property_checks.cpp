// AGENTSIM_PROPERTY: the search of `agentsim fuzz` on one property, with a fixed seed and budget.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/counterexample.h"
#include "agentsim/search/fuzz.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/testing/gtest.h"

namespace agentsim::testing {

namespace {

sim::Scenario strategy_scenario(const sim::StrategyConfig& c) {
  sim::Scenario s;
  s.name = c.label();
  s.session.strategy = c;
  return s;
}

std::string unknown_property(std::string_view name) {
  std::vector<std::string> names;
  std::string list;
  for (const search::PropertyInfo& p : search::properties()) {
    names.emplace_back(p.name);
    list += fmt::format("\n  {:<30} {}", p.name, p.description);
  }
  const std::string hint = scenarios::suggest_name(name, names);
  return fmt::format("unknown property '{}'{}; the properties are:{}", sim::echo(name),
                     hint.empty() ? "" : " (" + hint + ")", list);
}

bool contains(const std::vector<search::Property>& v, search::Property p) {
  return std::find(v.begin(), v.end(), p) != v.end();
}

// The file `agentsim fuzz` would be given: the scenario's own when it is one on disk.
std::string fuzz_file(const sim::Scenario& s) {
  std::error_code ec;
  if (!s.where.file.empty() && std::filesystem::is_regular_file(s.where.file, ec)) {
    return std::filesystem::absolute(s.where.file, ec).string();
  }
  return "FILE";  // a scenario from a string or a strategy: the reproduce line says to write it
}

std::string search_command(const sim::Scenario& s, search::Property p, const SearchSettings& o) {
  const std::string file = fuzz_file(s);
  std::string cmd = fmt::format("agentsim fuzz {}{} --property {} --cases {} --seed {}{}", file,
                                file == "FILE" ? "" : fmt::format(" --scenario '{}'", s.name),
                                search::to_string(p), o.cases, o.seed, o.shrink ? "" : " --no-shrink");
  return cmd;
}

}  // namespace

Subject::Subject(sim::Scenario s) : scenario(std::move(s)) {}
Subject::Subject(const sim::StrategyConfig& c) : scenario(strategy_scenario(c)) {}
Subject::Subject(const char* strategy_name) : scenario(scenario_for_strategy(strategy_name)) {}
Subject::Subject(const std::string& strategy_name) : scenario(scenario_for_strategy(strategy_name)) {}

PropertyVerdict judge_property(std::string_view property, const Subject& subject, const SearchSettings& o) {
  PropertyVerdict v;
  const sim::Scenario& s = subject.scenario;
  const search::PropertyInfo* info = search::find_property(property);
  if (info == nullptr) {
    v.message = unknown_property(property);
    return v;
  }
  if (o.cases < 1 || o.cases > kMaxPropertyCases) {
    v.message = fmt::format("cases {} is outside [1, {}]", o.cases, kMaxPropertyCases);
    return v;
  }
  if (s.center) {
    v.message = fmt::format("scenario '{}' is a center scenario; the search runs one agent's session: "
                            "search the strategy on one agent (the scenario without `center:`)", s.name);
    return v;
  }
  if (const std::vector<std::string> problems = s.session.validate(); !problems.empty()) {
    v.message = fmt::format("scenario '{}' is not valid: {}", s.name, problems.front());
    return v;
  }
  const sim::EffectiveClaim claim =
      sim::effective_claim(s.session.strategy, s.claim, s.session.close_kind, s.session.pre_close);
  // A property that applies only within the claim, on a scenario outside it, could not fail.
  if (!claim.outside.empty() && search::searched_within_claim(info->id, claim.claim)) {
    v.message = fmt::format("{} applies only within the strategy's claim, and scenario '{}''s {}: it "
                            "could not fail, so it is not a pass", info->name, s.name, claim.outside);
    return v;
  }
  search::FuzzOptions fo;
  fo.properties = {info->id};
  fo.cases = o.cases;
  fo.seed = o.seed;
  fo.shrink = o.shrink;
  const search::FuzzReport r = search::fuzz(s.session, claim.claim, fo);
  if (!r.error.empty()) {
    v.message = "the search could not run: " + r.error;
  } else if (r.found) {
    const search::FuzzFinding& f = r.finding;
    v.found = true;
    v.message = search::counterexample_text(
        s, f.property, f.schedule, f.explanation,
        fmt::format("found after {} passing cases; {}", f.cases_before, o.shrink ? "shrunk" : "not shrunk"));
    v.message += fmt::format("\nreproduce the search: {} --reproduce '{}'", search_command(s, info->id, o), f.reproduce);
    if (fuzz_file(s) == "FILE") v.message += fmt::format("\n  (FILE: scenario '{}' written as YAML)", s.name);
  } else if (contains(r.not_applicable, info->id)) {
    std::string why;
    for (const search::PropertyCoverage& c : r.coverage) {
      if (c.property == info->id) why = c.not_applicable;
    }
    v.message = fmt::format("{} is not applicable to scenario '{}' (strategy {}): {} — it could not "
                            "fail, so it is not a pass", info->name, s.name, s.session.strategy.label(), why);
  } else {
    v.ok = true;
    v.message = fmt::format("{} holds on scenario '{}': no counterexample in {} cases, seed {} (a "
                            "random search bounds nothing: `agentsim check` proves it within the claim)",
                            info->name, s.name, r.cases_run, o.seed);
  }
  return v;
}

::testing::AssertionResult PropertyHolds(const char* /*property_expr*/, const char* subject_expr,
                                         std::string_view property, const Subject& subject) {
  const PropertyVerdict v = judge_property(property, subject);
  if (v.ok) return ::testing::AssertionSuccess() << v.message;
  return ::testing::AssertionFailure() << "Expected property " << property << " to hold on " << subject_expr
                                       << " (agentsim fuzz, " << SearchSettings{}.cases << " cases, seed "
                                       << SearchSettings{}.seed << "):\n" << v.message;
}

}  // namespace agentsim::testing
