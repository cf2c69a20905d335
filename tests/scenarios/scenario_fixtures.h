// Helpers shared by the scenario-loader tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::scenarios::testing {

inline std::string source_path(const std::string& relative) {
  return (std::filesystem::path(AGENTSIM_SOURCE_DIR) / relative).string();
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Every error of a result, formatted, for failure messages.
inline std::string all_errors(const LoadResult& r) {
  std::string out;
  for (const LoadError& e : r.errors) out += e.format() + "\n";
  return out;
}

// The first error's message, or "" when the load succeeded.
inline std::string first_message(const LoadResult& r) {
  return r.errors.empty() ? "" : r.errors.front().message;
}

// The environment parameters whose value differs from the default, as (name, value).
inline std::vector<std::pair<std::string, double>> changed_environment(
    const sim::EnvironmentParams& env) {
  std::vector<std::pair<std::string, double>> out;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    if (env.*(p.field) != sim::default_value(p)) out.emplace_back(p.name, env.*(p.field));
  }
  return out;
}

// The strategy parameters whose value differs from the strategy's default, as (name, text).
inline std::vector<std::pair<std::string, std::string>> changed_strategy(
    const sim::StrategyConfig& c) {
  const sim::StrategyConfig defaults = sim::default_config(c.kind);
  std::vector<std::pair<std::string, std::string>> out;
  for (const sim::StrategyParameter& p : sim::strategy_parameters(c.kind)) {
    const std::string v = sim::parameter_value(c, p.name);
    if (v != sim::parameter_value(defaults, p.name)) out.emplace_back(p.name, v);
  }
  return out;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;
using Values = std::vector<std::pair<std::string, double>>;

}  // namespace agentsim::scenarios::testing
