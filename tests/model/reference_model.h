// The reference model: the agent machine written again, plainly, from the specification in
// agentsim/model/event.h and the documentation of agent_view.h and profile.h.
//
// It shares no code with model/src (no Boost.MSM, and it does not call the model's queries such
// as routable()); it only reuses the plain value types AgentView, Event, PlatformProfile and
// DispatchResult. The tests check the MSM AgentMachine against it state by state
// (transition_table_test.cpp) and step by step on random sequences (lockstep_property_test.cpp),
// so a rule misread in either one shows up as a disagreement.
//
// Readings of the specification where its text leaves a choice (each one is a test expectation):
//   - page_interactive: OnePage, TwoPages, and UnloadingOneOfTwo (the other tab is open and not
//     frozen); Unloading and NoPage are not interactive.
//   - AllPagesDestroyed with no page present is unaccepted (there is no page to destroy).
//   - A status request whose target equals the current status is still Applied.
#pragma once

#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/model/agent_view.h"
#include "agentsim/model/event.h"
#include "agentsim/model/profile.h"

namespace agentsim::reference {

struct RefResult {
  model::AgentView after;
  model::DispatchResult result = model::DispatchResult::Unaccepted;
};

// The reference transition: the view after `e` from `pre` under profile `p`, follow-ups
// included, and whether the event was Applied, Rejected or Unaccepted. When Unaccepted or
// Rejected, `after == pre`.
RefResult ref_step(const model::AgentView& pre, const model::Event& e,
                   const model::PlatformProfile& p);

// Plain re-implementations of the queries of agent_view.h.
bool ref_page_present(const model::AgentView& v);
bool ref_page_interactive(const model::AgentView& v);
// event.h: agent_can_act = LoggedIn and page_interactive (the agent works in an open, logged-in
// CCP): required by ContactAccepted, Hold, Resume, ClearContact and ChooseStatus.
bool ref_agent_can_act(const model::AgentView& v);
bool ref_live_contact(const model::AgentView& v);
bool ref_routable_for(const model::AgentView& v, const model::PlatformProfile& p,
                      model::Channel channel);
bool ref_routable(const model::AgentView& v, const model::PlatformProfile& p);
bool ref_ghost(const model::AgentView& v, const model::PlatformProfile& p);

// Every distinct event value, built from event.h's description of all_events(): the 17 plain
// kinds (ChatOffered and ChatCleared last), ChooseStatus and PutUserStatus for each target, SetStateApi for each target with and
// without enqueue_next. In a fixed order (plain kinds first, in EventKind order).
std::vector<model::Event> ref_all_events();

}  // namespace agentsim::reference
