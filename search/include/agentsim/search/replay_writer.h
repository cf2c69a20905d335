// Writes a scenario file that replays one exact schedule — what `agentsim fuzz` saves for a
// counterexample, so QA can run it with `agentsim run` and commit it to a suite.
#pragma once

#include <string>

#include "agentsim/search/properties.h"
#include "agentsim/sim/scenario.h"

namespace agentsim::search {

// The YAML text of a scenario that runs `base`'s profile, strategy and environment on
// `schedule` (one session: every session of a schedule is the same), with the expectation
// that `property` holds — which fails, as the counterexample violates it.
std::string write_replay_scenario(const sim::Scenario& base, const sim::Schedule& schedule,
                                  Property property, const sim::Claim& claim,
                                  const std::string& reproduce);

// The expectation that states `property` for one exact session, e.g. "ghost_seconds.max <= 5".
sim::Expectation property_expectation(Property property, const sim::Claim& claim);

}  // namespace agentsim::search
