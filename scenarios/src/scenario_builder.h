// Reads the merged keys of one scenario into a sim::Scenario, validating every value.
#pragma once

#include <optional>

#include "agentsim/sim/scenario.h"
#include "fields.h"

namespace agentsim::scenarios::detail {

// nullopt when the scenario has an error (every error found is reported to `reader`).
std::optional<sim::Scenario> build_scenario(Reader& reader, const ScenarioFields& fields);

}  // namespace agentsim::scenarios::detail
