// The properties `agentsim fuzz` checks on every generated schedule, and the claims a strategy
// declares: the close kinds, pre-close states, API failures and latencies it says it handles.
// A property is checked only within the claim: a strategy is not blamed for what it never
// claimed to cover (its Monte Carlo numbers say how often that happens).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/claim.h"
#include "agentsim/sim/schedule.h"
#include "agentsim/sim/session.h"

namespace agentsim::search {

using sim::Claim;
using sim::Outcome;
using sim::Schedule;

enum class Property : std::uint8_t {
  NoGhostAfterCoveredClose,   // within the claim: no ghost longer than the claimed bound
  NoContactOfferedToGhost,    // within the claim: no contact rings on a ghost
  NoSpuriousOffline,          // a strategy claiming it never sets a still-working agent Offline
  NoContactDropped,           // the strategy never cuts a working agent's after-contact work
  ApiCallsBounded,            // at most the claimed number of API calls per close
  EveryEventAccepted,         // the formal model accepted every event (no unaccepted events)
  NoSendAfterTeardown,        // no request leaves a page after its teardown
};
inline constexpr int kPropertyCount = 7;

struct PropertyInfo {
  Property id;
  std::string_view name;         // snake_case, as on the command line
  std::string_view description;  // one sentence
};
const std::vector<PropertyInfo>& properties();
const PropertyInfo* find_property(std::string_view name);
std::string_view to_string(Property p);

struct PropertyCheck {
  bool applicable = true;
  bool holds = true;
  std::string explanation;  // why it does not hold
};

PropertyCheck check(Property p, const Claim& claim, const Schedule& schedule, const Outcome& outcome);

// The property applies only within the claim, so its search generates schedules within it:
// no_ghost_after_covered_close, no_contact_offered_to_ghost, and api_calls_bounded when the
// claim bounds calls only within itself.
bool searched_within_claim(Property p, const Claim& claim);

// Why the claim does not make property `p` at all — it could not fail, so a search of it would
// say "holds" of nothing: no_spurious_offline unless the claim says so, no_contact_offered_to_ghost
// when the claim leaves it out (a sweeper's). Empty when the claim makes it.
std::string not_claimed(Property p, const Claim& claim);

}  // namespace agentsim::search
