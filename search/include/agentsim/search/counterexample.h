// The text of a counterexample, as `agentsim fuzz` and `agentsim check` print it, and as the
// testing helpers (agentsim/testing/gtest.h) put it in a failure message.
#pragma once

#include <string>

#include "agentsim/search/properties.h"
#include "agentsim/sim/scenario.h"

namespace agentsim::search {

// "\nPROPERTY VIOLATED: <property> — <explanation>\n<found_how>; counterexample (N environment
// events):\n<the schedule, sim::describe>\ntimeline:\n<the session replayed on it,
// sim::format_timeline>": the session is the scenario's (search_spec) run on `schedule` with the
// scenario's seed, session 0. `found_how` says how it was found ("found after 12 passing cases,
// 0.31 s; shrunk"). REQUIRES: scenario.session.validate() is empty.
std::string counterexample_text(const sim::Scenario& scenario, Property property,
                                const sim::Schedule& schedule, const std::string& explanation,
                                const std::string& found_how);

}  // namespace agentsim::search
