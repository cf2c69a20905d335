// The rapidcheck generator of session schedules, shared by `agentsim fuzz` and the property tests
// in tests/ (RC_GTEST_PROP). Shrinks toward simpler schedules: see fuzz.h.
#pragma once

#include <rapidcheck.h>

#include <ostream>

#include "agentsim/search/properties.h"

namespace agentsim::search {

using namespace sim;  // NOLINT: the search is written in the simulator's terms

// Schedules within `claim` (its close kinds, pre-close states, failure budget, latency bound),
// or over every close kind and state when `within_claim` is false.
rc::Gen<Schedule> schedule_generator(const Claim& claim, bool within_claim);

// How rapidcheck prints a schedule in a counterexample.
inline void showValue(const Schedule& s, std::ostream& os) { os << describe(s); }

}  // namespace agentsim::search
