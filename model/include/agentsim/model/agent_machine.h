// AgentMachine: the formal model of one Amazon Connect agent and its CCP pages.
//
// The machine is a Boost.MSM state machine (kept in one translation unit, agent_machine.cpp) with
// five orthogonal regions — Session, Page, Contact, a StatusPanel submachine whose own two
// regions are Status and NextStatus, and Chats (how many chat slots are occupied). Its rules are specified in event.h. This class is the small
// interface the rest of agentsim uses: dispatch an event, read the AgentView, ask the queries.
//
// Guards of every region read the view as it was *before* the event, so the regions react to an
// event consistently whatever the order MSM visits them in. Follow-up events (a CCPv2 logout's
// Offline request; applying a pending next status when the slot clears) are queued by actions
// and dispatched right after, each against a fresh pre-view.
//
// An event the machine does not accept in its current state is never an assertion: it leaves the
// state unchanged, dispatch() returns Unaccepted, and it is counted per (view, event).
//
// Two ways to dispatch, with identical results (checked on every reachable (view, event) pair of
// every combination of profile rules, tests/model/compiled_dispatch_test.cpp):
//   DispatchMode::Compiled (default) — the MSM machine is *compiled*: once per combination of
//     profile rules, MSM itself is driven from the initial state through every event in every
//     state it reaches, and what it does (result, next view, follow-ups it did not accept) is
//     recorded in a table of reachable state x event. dispatch() is then one table lookup. The
//     machine's behaviour is still exactly MSM's: the table holds nothing MSM did not compute.
//   DispatchMode::Msm — Boost.MSM's process_event for every event (five regions, the StatusPanel
//     submachine, guards on the pre-view); what the table is compiled from, and what the tests
//     compare it with.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "agentsim/model/agent_view.h"
#include "agentsim/model/event.h"
#include "agentsim/model/profile.h"

namespace agentsim::model {

enum class DispatchResult : std::uint8_t {
  Applied,     // the machine took a transition (possibly to the same state)
  Rejected,    // accepted, but the platform refuses the request (e.g. setState during a contact)
  Unaccepted,  // no transition for this event in this state; counted, state unchanged
};
std::string_view to_string(DispatchResult r);

enum class DispatchMode : std::uint8_t { Compiled, Msm };
std::string_view to_string(DispatchMode m);

// One (state, event) pair the machine did not accept, and how often.
struct UnacceptedCount {
  AgentView view;
  Event event;
  std::uint32_t count = 0;
};

class AgentMachine {
 public:
  // Starts in the initial state: LoggedOut, NoPage, Offline, no contact, no next status.
  // The profile is copied. The first Compiled machine of a combination of profile rules compiles
  // its table (once per process; thread-safe); later ones share it.
  explicit AgentMachine(const PlatformProfile& profile,
                        DispatchMode mode = DispatchMode::Compiled);
  ~AgentMachine();
  AgentMachine(const AgentMachine& other);
  AgentMachine& operator=(const AgentMachine& other);
  AgentMachine(AgentMachine&&) noexcept;
  AgentMachine& operator=(AgentMachine&&) noexcept;

  DispatchResult dispatch(const Event& e);

  // Back to the initial state; clears the unaccepted counters.
  void reset();

  const AgentView& view() const { return view_; }
  // Compiled mode: the current state's index in the compiled table (0 in Msm mode). With view(),
  // everything that decides the machine's next transitions (for `agentsim check`'s state merging).
  std::uint32_t state_index() const { return state_; }
  const PlatformProfile& profile() const { return profile_; }
  DispatchMode mode() const { return impl_ ? DispatchMode::Msm : DispatchMode::Compiled; }
  // States in the compiled table of this machine's profile rules (the views MSM reaches from the
  // initial state); 0 for an Msm machine.
  int compiled_states() const;

  bool routable() const;  // for some channel
  bool routable_for(Channel channel) const;
  int chats() const { return view_.chats; }
  bool ghost() const;
  Status status() const { return view_.status; }
  NextStatus next_status() const { return view_.next; }
  Contact contact() const { return view_.contact; }
  Page page() const { return view_.page; }
  Session session() const { return view_.session; }

  // Distinct unaccepted (view, event) pairs in order of first occurrence, with counts.
  const std::vector<UnacceptedCount>& unaccepted() const { return unaccepted_; }
  std::uint64_t unaccepted_total() const { return unaccepted_total_; }

 private:
  struct Impl;      // the MSM machine (Msm mode only)
  struct Compiled;  // the table compiled from it, shared by every machine of the same rules
  std::unique_ptr<Impl> impl_;
  const Compiled* compiled_ = nullptr;
  std::uint32_t state_ = 0;  // Compiled mode: the current state's index in the table
  PlatformProfile profile_;
  AgentView view_{};
  std::vector<UnacceptedCount> unaccepted_;
  std::uint64_t unaccepted_total_ = 0;

  void count_unaccepted(const AgentView& pre, const Event& e);
  DispatchResult dispatch_msm(const Event& e);
  static const Compiled& compiled_for(const PlatformProfile& profile);
};

}  // namespace agentsim::model
