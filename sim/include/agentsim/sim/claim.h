// What a strategy claims to handle — the close kinds, pre-close states, API failures, latencies
// and unload windows it covers, and the bounds it promises there (ghost duration, API calls).
// The search (search/: `agentsim fuzz`, `agentsim check`) checks the properties that depend on a
// claim only within it: a strategy is not blamed for what it never claimed to cover (its Monte
// Carlo numbers say how often that happens).
//
// Every strategy has a default claim (docs/fuzzing.md lists them); a scenario's `claim:` block
// overrides any of its fields (ClaimOverrides), and a scenario's top-level `close_kind:` /
// `pre_close:` narrows its lists (effective_claim).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/schedule.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::sim {

struct Claim {
  std::vector<CloseKind> close_kinds;  // the close kinds it covers
  std::vector<PreClose> pre_close;     // in these states at the close
  int max_failures = 0;                // up to this many failures (failed attempts, lost requests)
  std::int64_t max_latency_us = 0;     // when every attempt answers (no timeout) within this
  std::int64_t min_unload_window_us = 0;  // any window (a tab close gives 0-25 ms, BU [M 19])
  std::int64_t ghost_bound_us = 0;     // no ghost longer than this
  int max_api_calls = 0;               // per close
  bool no_spurious_offline = false;    // never sets a still-working agent Offline
  // Within the claim no contact rings on a ghost (a sweeper lets some ring before it acts).
  bool no_contact_offered_to_ghost = true;
  // The call bound holds only within the claim (a sweeper tries again on every pass until it
  // succeeds: under more failures than claimed, its calls have no bound).
  bool api_bound_within_claim_only = false;

  // The claim covers no close at all (the properties that depend on it never apply).
  bool covers_nothing() const { return close_kinds.empty() || pre_close.empty(); }
};

// What each strategy claims (docs/fuzzing.md lists them).
Claim default_claim(const StrategyConfig& strategy);

// The fields a scenario's `claim:` block sets; each replaces the default claim's.
struct ClaimOverrides {
  std::optional<std::vector<CloseKind>> close_kinds;
  std::optional<std::vector<PreClose>> pre_close;
  std::optional<int> max_api_failures;
  std::optional<std::int64_t> max_latency_us;
  std::optional<std::int64_t> min_unload_window_us;
  std::optional<std::int64_t> ghost_bound_us;
  std::optional<int> max_api_calls;
  std::optional<bool> no_spurious_offline;
  std::optional<bool> no_contact_offered_to_ghost;

  bool empty() const {
    return !close_kinds && !pre_close && !max_api_failures && !max_latency_us &&
           !min_unload_window_us && !ghost_bound_us && !max_api_calls && !no_spurious_offline &&
           !no_contact_offered_to_ghost;
  }
};

// `base` with every field `overrides` sets replaced.
Claim apply(Claim base, const ClaimOverrides& overrides);

// The claim a search checks: the strategy's default, the scenario's overrides, then narrowed by
// a fixed close kind / pre-close state (a scenario's top-level `close_kind:` / `pre_close:`).
// When the fixed value lies outside the claim, the narrowed list is empty (the claim covers
// nothing) and `outside` says why, e.g. "close_kind crash lies outside the claim (tab_close,
// browser_quit)".
struct EffectiveClaim {
  Claim claim;
  std::string outside;  // empty when the fixed values lie within the claim (or none is fixed)
};
EffectiveClaim effective_claim(const StrategyConfig& strategy, const ClaimOverrides& overrides,
                               std::optional<CloseKind> close_kind, std::optional<PreClose> pre_close);

// The schedule lies within the claim (the properties that depend on the claim apply).
bool within_claim(const Claim& claim, const Schedule& schedule);

// The failures of a schedule counted against a claim's budget: failed API attempts, requests
// not delivered at teardown, a blocked beacon.
int claim_failures(const Schedule& schedule);

}  // namespace agentsim::sim
