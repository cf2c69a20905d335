// Loading the scenarios the helpers judge, with the loader's errors as the exception's text.
#include <fmt/format.h>

#include <cctype>

#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/testing/gtest.h"

namespace agentsim::testing {

namespace {

sim::Scenario pick(const scenarios::LoadResult& loaded, const std::string& source, std::string_view name) {
  if (!loaded.ok()) {
    std::string text = fmt::format("agentsim::testing: cannot load the scenario of {}:", source);
    for (const scenarios::LoadError& e : loaded.errors) text += "\n" + e.format();
    throw ScenarioError(text);
  }
  std::vector<std::string> names;
  for (const sim::Scenario& s : loaded.scenarios) {
    if (name.empty() ? loaded.scenarios.size() == 1 : s.name == name) return s;
    names.push_back(s.name);
  }
  std::string text = name.empty()
      ? fmt::format("agentsim::testing: {} holds {} scenarios; name the one to judge:", source, names.size())
      : fmt::format("agentsim::testing: {} holds no scenario named '{}'", source, name);
  if (!name.empty()) {
    const std::string hint = scenarios::suggest_name(name, names);
    text += hint.empty() ? "; its scenarios:" : fmt::format(" ({}); its scenarios:", hint);
  }
  for (const std::string& n : names) text += "\n  " + n;
  throw ScenarioError(text);
}

}  // namespace

sim::Scenario scenario_from_yaml(std::string_view yaml, const std::string& display_name, std::string_view name) {
  return pick(scenarios::load_scenario_text(yaml, display_name), display_name, name);
}

sim::Scenario scenario_from_file(const std::string& path, std::string_view name) {
  return pick(scenarios::load_scenario_file(path), path, name);
}

sim::Scenario scenario_for_strategy(std::string_view strategy) {
  // Through the loader, so a misspelt name gets its did-you-mean and the scenario its defaults.
  // A name is one token: anything else would change the YAML's meaning.
  for (const char c : strategy) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) {
      throw ScenarioError(fmt::format("agentsim::testing: '{}' is not a strategy name (agentsim list "
                                      "lists them)", sim::echo(strategy)));
    }
  }
  const std::string yaml = fmt::format("name: {0}\nstrategy: {0}\n", strategy);
  return scenario_from_yaml(yaml, fmt::format("<strategy {}>", strategy));
}

}  // namespace agentsim::testing
