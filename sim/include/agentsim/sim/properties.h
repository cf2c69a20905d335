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

#include "agentsim/sim/schedule.h"
#include "agentsim/sim/session.h"

namespace agentsim::sim {

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

struct Claim {
  std::vector<CloseKind> close_kinds;  // the close kinds it covers
  std::vector<PreClose> pre_close;     // in these states at the close
  int max_failures = 0;                // up to this many failed API attempts
  std::int64_t max_latency_us = 0;     // when every attempt answers (no timeout) within this
  std::int64_t min_unload_budget_us = 500000;  // Chromium gives at least 500 ms
  std::int64_t ghost_bound_us = 0;     // no ghost longer than this
  int max_api_calls = 0;               // per close
  bool no_spurious_offline = false;    // never sets a still-working agent Offline
  // Within the claim no contact rings on a ghost (a sweeper lets some ring before it acts).
  bool no_contact_offered_to_ghost = true;
  // The call bound holds only within the claim (a sweeper tries again on every pass until it
  // succeeds: under more failures than claimed, its calls have no bound).
  bool api_bound_within_claim_only = false;
};

// What each strategy claims (docs/fuzzing.md lists them).
Claim default_claim(const StrategyConfig& strategy);

// The schedule lies within the claim (the properties that depend on the claim apply).
bool within_claim(const Claim& claim, const Schedule& schedule);

struct PropertyCheck {
  bool applicable = true;
  bool holds = true;
  std::string explanation;  // why it does not hold
};

PropertyCheck check(Property p, const Claim& claim, const Schedule& schedule, const Outcome& outcome);

}  // namespace agentsim::sim
