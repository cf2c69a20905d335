// The reports of `agentsim sensitivity`: which assumption moves each expectation's metric most,
// and which could flip a verdict — for people (terminal, Markdown, an HTML page with a tornado
// chart per expectation) and for scripts (JSON). Every writer is a pure function of the result:
// the same result gives the same bytes (no timestamps, no paths but those in the result).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "agentsim/sim/sensitivity.h"

namespace agentsim::reports {

struct SensitivityReport {
  std::string file;     // the scenario file, as given
  std::string command;  // the command that reproduces it
  std::vector<sim::ScenarioSensitivity> scenarios;
  std::uint64_t sessions = 0;  // --sessions (0: each scenario's sequential sampling)
};

// Assumptions that flip a verdict in some scenario, and in how many (most first, then by name).
std::vector<std::pair<std::string, std::size_t>> flipping_assumptions(const SensitivityReport& r);

// `top`: the rows shown per scenario (the rest are counted); at least 1.
std::string render_sensitivity_terminal(const SensitivityReport& r, std::size_t top);
std::string render_sensitivity_markdown(const SensitivityReport& r);
std::string render_sensitivity_json(const SensitivityReport& r);
std::string render_sensitivity_html(const SensitivityReport& r);

}  // namespace agentsim::reports
