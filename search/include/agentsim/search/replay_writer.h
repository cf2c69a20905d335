// Writes a scenario file that replays one exact schedule — what `agentsim fuzz` saves for a
// counterexample, so QA can run it with `agentsim run` and commit it to a suite.
#pragma once

#include <string>

#include "agentsim/search/properties.h"
#include "agentsim/sim/scenario.h"

namespace agentsim::search {

// The YAML text of a scenario that replays the session exactly: `base`'s profile with its
// overrides, its strategy with every parameter that differs from the kind's default (and that
// the configuration reads), its environment parameters that differ from the defaults, and
// `schedule` with every field of sim::schedule_fields() — one session, as every session of a
// schedule is the same. Its `claim:` block states every key of `claim`, the (effective) claim
// the search checked, so that a search of the replay file checks the same one. Its expectation
// says that `property` holds, and is defined whether or not the flaw is there: it fails on the
// counterexample and passes once the strategy handles the schedule. `reproduce` goes into a
// comment.
std::string write_replay_scenario(const sim::Scenario& base, const sim::Schedule& schedule,
                                  Property property, const sim::Claim& claim,
                                  const std::string& reproduce);

// The expectation that states `property` for one exact session, e.g. "longest_ghost_seconds <= 5"
// (0 when there is no ghost), "contacts_offered_to_ghost <= 0".
sim::Expectation property_expectation(Property property, const sim::Claim& claim);

}  // namespace agentsim::search
