// rapidcheck support for the model: how events and views print, and generators of event sequences
// biased toward the deep states (Connected, OnHold, After Contact Work with a next status, Missed)
// that uniformly random sequences almost never reach.
//
// The bias is a weight per event and a guide: most steps draw only among the events the
// reference model would accept in the state reached so far (as stateful property testing
// does); the rest draw among the events it would refuse, so refusals are exercised too. The
// guide only shapes the distribution; the property still checks every step. Single-step rules
// are covered exhaustively by transition_table_test.cpp; this generator is for sequences.
#pragma once

#include <rapidcheck.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "agentsim/model/agent_view.h"
#include "agentsim/model/event.h"
#include "agentsim/model/profile.h"
#include "model/reference_model.h"

namespace agentsim::model {

// Found by argument-dependent lookup from rc::show, so a shrunk counterexample prints as
// [PageOpen, Login, ChooseStatus(Available), ContactOffered].
void showValue(const Event& e, std::ostream& os);
void showValue(const AgentView& v, std::ostream& os);

}  // namespace agentsim::model

namespace agentsim::testing {

// Longest generated sequence.
inline constexpr std::size_t kSequenceLengthMax = 60;

struct WeightedEvent {
  std::size_t weight;
  model::Event event;
};

// Every event value with its weight in the generator, simplest first: a shrunk event moves
// toward the front of this table (PageOpen, Login, ChooseStatus(Available), ...).
const std::vector<WeightedEvent>& event_weights();

// Of 10 steps, this many draw among the events the guide accepts; the rest among those it
// refuses (so the machine's refusals are exercised too).
inline constexpr std::uint64_t kGuidedStepsPer10 = 8;

// The model that guides generation (reference::ref_step; a test may pass a variant).
using GuideStep = reference::RefResult (*)(const model::AgentView&, const model::Event&,
                                           const model::PlatformProfile&);

// 0..kSequenceLengthMax events, drawn by weight and guided by `guide` under ccp_v1 (the profile
// only shapes the distribution); shrinks by removing chunks of events, then by simplifying
// single events.
rc::Gen<std::vector<model::Event>> event_sequence(GuideStep guide = &reference::ref_step);

// The name of a built-in profile; shrinks toward the first one.
rc::Gen<std::string> builtin_profile_name();

}  // namespace agentsim::testing
