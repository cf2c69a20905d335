// The rapidcheck generator of session schedules, shared by `agentsim fuzz` and the property tests
// in tests/ (RC_GTEST_PROP). Shrinks toward simpler schedules: see fuzz.h.
#pragma once

#include <rapidcheck.h>

#include <ostream>

#include "agentsim/search/properties.h"

namespace agentsim::search {


// Schedules of the search space of `spec` (search_space.h): within `claim` (its close kinds,
// pre-close states, failure budget, latency bound), or over every close kind and state the spec
// allows when `within_claim` is false. REQUIRES: the space is not empty.
rc::Gen<sim::Schedule> schedule_generator(const sim::SessionSpec& spec, const sim::Claim& claim,
                                          bool within_claim);

// How rapidcheck prints a schedule in a counterexample.
inline void showValue(const sim::Schedule& s, std::ostream& os) { os << describe(s); }

}  // namespace agentsim::search
