// Property-based search for the schedule that breaks a strategy (`agentsim fuzz`).
//
// rapidcheck generates whole session schedules (schedule.h) and shrinks a failing one toward a
// simpler schedule: fewer failures (outcomes shrink to success), fewer contacts (lists shrink to
// empty), shorter latencies and earlier times (ranges shrink to their lower end), the most common
// close kind (tab_close first). For the properties that depend on a strategy's claim, schedules
// are generated within the claim — its close kinds and pre-close states, at most its failure
// budget, latencies within its bound — so a counterexample is always one the strategy claimed
// to handle.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "agentsim/search/properties.h"
#include "agentsim/search/search_space.h"

namespace agentsim::search {

using sim::SessionSpec;

struct FuzzOptions {
  std::vector<Property> properties;  // empty: every property
  int cases = 1000;                  // per property
  std::uint64_t seed = 1;
  bool shrink = true;
  std::string reproduce;             // a reproduce string from an earlier run: replay it
  // Asked between batches of cases; true stops the search (the app's wall-clock budget: the
  // simulator itself never reads a clock).
  std::function<bool()> should_stop;
};

struct FuzzFinding {
  Property property = Property::NoGhostAfterCoveredClose;
  Schedule schedule;
  Outcome outcome;
  std::string explanation;
  std::string reproduce;   // "reproduce=..." for --reproduce / RC_PARAMS
  int cases_before = 0;    // successful cases before the failure
};

// What one property's search reached: label -> cases ("close:tab_close", "state:Missed",
// "outcome:5xx", "ghost"), over the cases it ran (not the shrinking after a failure).
struct PropertyCoverage {
  Property property = Property::NoGhostAfterCoveredClose;
  int cases = 0;
  std::map<std::string, int> labels;
  // Why no schedule was searched (nothing lies within the claim); empty when it was.
  std::string not_applicable;
};

struct FuzzReport {
  bool found = false;
  FuzzFinding finding;
  int cases_run = 0;                       // successful cases, all properties together
  std::vector<PropertyCoverage> coverage;  // one per property searched, in order
  std::vector<Property> checked;           // properties fully checked without a counterexample
  bool stopped_early = false;              // should_stop() ended the search
  // Properties not (fully) searched: stopped by the time budget, or after the first counterexample.
  std::vector<Property> unchecked;
  std::vector<Property> not_applicable;    // the claim does not make them (not_claimed)
  std::string error;                       // rapidcheck could not run a property (gave up, threw)
  bool reproduce_matched = true;           // a reproduce string named one of the properties
};

// Searches the space of `spec` (search_space.h: its environment, narrowed to a fixed close kind
// or pre-close state) within `claim` — the effective claim (sim::effective_claim) — for the
// properties that depend on it. REQUIRES: spec.validate() is empty.
FuzzReport fuzz(const SessionSpec& spec, const Claim& claim, const FuzzOptions& options);

// The rapidcheck generator of schedules `agentsim fuzz` uses (within the claim or over everything),
// for property tests: declared in schedule_generator.h, which includes rapidcheck.
// Generates one schedule of `space` from a rapidcheck seed at a rapidcheck size (no shrinking):
// for benchmarks and tests. REQUIRES: !space.empty().
Schedule sample_schedule(const SearchSpace& space, std::uint64_t seed, int size);

// The spec a search runs: the schedule carries the close kind and pre-close state.
SessionSpec search_spec(const SessionSpec& spec);

// Adds the coverage labels one case reached.
void add_coverage(std::map<std::string, int>& labels, const Schedule& s, const Outcome& o,
                  std::size_t api_used);

}  // namespace agentsim::search
