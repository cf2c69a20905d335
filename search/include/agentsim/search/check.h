// `agentsim check`: bounded exhaustive exploration of a claim's discretised schedule space.
//
// Where `agentsim fuzz` samples schedules, check enumerates them: every close kind and pre-close
// state of the space, every API outcome sequence with up to the failure budget (each failure
// kind: 5xx, 429, lost response, and a timeout outside a claim), every request lost at teardown
// and blocked beacon the budget allows, up to `max_contacts` contacts, every yes/no choice (the
// dialog, a reopen, a return) — and each continuous quantity (a latency, the unload budget, a
// retry delay, a timing of the agent) at the points that can change an outcome: the ends of its
// range, and just before, at and just after the time of every event that the session handles
// within that range when the quantity takes its largest value (just before and just after each) (the simulator's own event times:
// attempt ends against the budget, timeouts, deadlines, backoff steps, teardown).
//
// The properties bound to the claim share one space and the others another; each space is
// explored once, every schedule judged by every property of its group. Outside the claim (every
// close kind and state) each timing is explored at its ends only, unless boundaries_outside_claim.
//
// Identical states are merged: when a run reaches a choice point in a state met before in the
// same pass (the session's fingerprint — model state, pending events, calls, page, agent,
// strategy, server side, outcome so far — and the draws so far), it continues exactly as that
// state did, so it is not explored again.
//
// The enumeration is a depth-first walk of the session's choice points (each draw the engine
// makes is one; a value already chosen is reused, exactly as a Schedule replays), repeated
// breadth-first by schedule size (environment events: the close, each failure, each contact),
// so the first counterexample found is a shortest one.
//
// What "holds" means and does not: every schedule of the discretised space satisfies the
// property. Between two explored points of a quantity, the session's events happen in the same
// order as at one of them (the points bracket every event time of the largest-value run), so an
// outcome that depends only on the order of events is covered; one that depends on an event
// that appears only at other values of later choices, or on the exact size of a duration (a
// ghost bound compared with a sum of latencies), is covered at the ends and boundaries only.
// docs/fuzzing.md states this for users.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "agentsim/search/properties.h"
#include "agentsim/search/search_space.h"

namespace agentsim::search {

struct CheckOptions {
  std::vector<Property> properties;         // empty: every property
  // Sessions run, all properties together (each plays one complete schedule; the smaller ones are
  // played again at each size of the breadth-first passes).
  std::int64_t max_schedules = 2'000'000;
  int max_contacts = 2;                     // contacts offered per schedule, within the claim
  // The bounds of the properties not bound to a claim (their space is every close kind and state).
  int max_failures_outside_claim = 1;
  int max_contacts_outside_claim = 1;
  // Outside the claim every timing is explored at the ends of its range only, unless this is
  // true (then at its boundaries too, as within the claim: a much larger space).
  bool boundaries_outside_claim = false;
  int max_boundaries = 8;                   // points per timing besides its ends
  // Merge identical states: a run that reaches a choice point in a state (the session's
  // fingerprint, SessionProbe::fingerprint, and the draws so far) met before in the same pass is
  // a copy and is not explored further. false explores every schedule (for tests of merging).
  bool merge_states = true;
  // Asked between schedules; true stops the exploration (the app's wall-clock budget).
  std::function<bool()> should_stop;
};

enum class CheckVerdict { Holds, Violated, Unfinished, NotApplicable };
std::string_view to_string(CheckVerdict v);

struct CheckResult {
  Property property = Property::NoGhostAfterCoveredClose;
  CheckVerdict verdict = CheckVerdict::Unfinished;
  std::string not_applicable;    // why nothing lies within the claim
  SearchSpace space;             // the bounds explored
  int failure_budget = 0;        // failures per schedule explored
  int max_contacts = 0;
  std::int64_t schedules = 0;    // distinct complete schedules explored
  std::int64_t sessions = 0;     // sessions run (smaller schedules run again at each size)
  int largest_size = 0;          // the largest schedule size fully explored (environment events)
  int choice_points_truncated = 0;  // quantities with more boundaries than max_boundaries
  std::int64_t merged = 0;       // runs cut short as copies of a state met before
  std::map<std::string, int> labels;  // coverage: label -> schedules
  // Violated: the shortest counterexample, its outcome and why it violates the property.
  sim::Schedule counterexample;
  sim::Outcome outcome;
  std::string explanation;
};

struct CheckReport {
  std::vector<CheckResult> results;  // one per property, in order
  std::int64_t schedules = 0;
  std::int64_t sessions = 0;
  std::int64_t merged = 0;           // sessions cut short as copies of a state met before
  bool stopped = false;              // max_schedules or should_stop ended the exploration
  std::string error;                 // an internal inconsistency (a bug), e.g. a replay mismatch
};

// Explores the space of `spec` within `claim` (the effective claim) for each property.
// REQUIRES: spec.validate() is empty.
CheckReport check_claim(const sim::SessionSpec& spec, const sim::Claim& claim, const CheckOptions& options);

}  // namespace agentsim::search
