// Private to reports/: what a scenario ran with, as flat "setting -> value" pairs read from its
// JSON record (the same record render_json writes and a baseline holds), so that a baseline
// comparison can name what changed in a scenario: "strategy.parameters.max_attempts: 3 -> 4".
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "agentsim/sim/scenario.h"

namespace agentsim::reports::detail {

// The JSON record of one scenario of a report (json_report.cpp).
nlohmann::json scenario_record(const sim::ScenarioResult& r);

// profile, strategy, close kind and pre-close state, seed and sampling, the file's overrides, the
// assumed environment values, the center's spec — each as "path" -> its JSON text.
std::map<std::string, std::string> scenario_settings(const nlohmann::json& record);

}  // namespace agentsim::reports::detail
