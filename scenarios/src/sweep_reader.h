// A scenario's `sweep:` block (docs/sweeps.md): axes over strategy, environment and center
// parameters, crossed (or paired with `zip: true`), each point built as a scenario of its own.
#pragma once

#include <vector>

#include "agentsim/sim/scenario.h"
#include "fields.h"

namespace agentsim::scenarios::detail {

// The scenario of `fields` (merged with any defaults) — or, when it holds `sweep:`, one scenario
// per point, named sweep_point_name(), with the scenario's seed (common random numbers) and
// expectations. Empty when anything has an error (every error found is reported to `reader`):
// an error of one point is reported at the axis value that caused it, naming the point.
std::vector<sim::Scenario> build_scenarios(Reader& reader, const ScenarioFields& fields);

}  // namespace agentsim::scenarios::detail
