// The events the agent machine accepts, and the rules by which it accepts them.
//
// This comment is the specification of the machine (agent_machine.h implements it with
// Boost.MSM; tests/model/reference_model.h implements it again, plainly, and the two are checked
// against each other). "Pre" below means the AgentView before the event.
//
// Session
//   Login            LoggedOut -> LoggedIn             requires page_interactive
//   Logout           LoggedIn  -> LoggedOut            requires page_interactive; if the profile
//                    says logout_sets_offline, then the status request "Offline" from origin
//                    Logout follows (see Status requests) [D 7]
//   SessionExpired   LoggedIn  -> LoggedOut            status untouched (12 h expiry [D 36])
// Page
//   PageOpen         NoPage -> OnePage, OnePage -> TwoPages
//   BeforeUnload     OnePage -> Unloading, TwoPages -> UnloadingOneOfTwo
//   UnloadCancelled  Unloading -> OnePage, UnloadingOneOfTwo -> TwoPages   (agent chose Stay)
//   PageDestroyed    one page is gone (the unloading one, else an open one; no handler runs for
//                    a crash or kill): OnePage|Unloading -> NoPage, TwoPages|UnloadingOneOfTwo ->
//                    OnePage
//   AllPagesDestroyed every page is gone at once (browser crash, OS shutdown): any page -> NoPage
//   Coupling: when an event removes the last page (the result is NoPage, pre had a page) while
//   pre.contact is Connected or OnHold and the profile says page_close_ends_voice_contact (an
//   assumption [A], off in every built-in profile), the contact moves to AfterContactWork.
//   Otherwise the contact stays Connected/OnHold without audio [C 52] until ContactEnded (the
//   customer hangs up: the simulator's business). The status is never changed by a page event
//   [D 7].
// Contact
//   ContactOffered   None -> Ringing                   requires routable(pre)
//   ContactAccepted  Ringing -> Connected              requires agent_can_act
//   AutoAccepted     Ringing -> Connected              the platform connects the contact of an
//                    agent with auto-accept on for its channel, in under a second, with no action
//                    of the agent — so also on a ghost: the customer is connected to nobody [D 50]
//   RingTimeout      Ringing -> Missed                 [D 11-14]
//   ChatOffered      chats -> chats + 1                requires routable_for(pre, chat): fewer
//                    than chat_slots chats occupied, voice slot empty [D 13]. The chat slot
//                    stays occupied while the chat rings, is connected, in ACW or missed: a
//                    missed chat occupies one slot only, so a chat ghost can miss several.
//   ChatCleared      chats -> chats - 1 (chats > 0)    one chat slot is cleared (by the agent,
//                    its ACW timeout, or DismissUserContact); applies next when it was the last
//                    occupied slot and the voice slot is empty [D 17,19]
//   Hold             Connected -> OnHold               requires agent_can_act
//   Resume           OnHold -> Connected               requires agent_can_act
//   ContactEnded     Connected|OnHold -> AfterContactWork   (either party hung up)
//   ClearContact     AfterContactWork|Missed -> None   requires agent_can_act; applies next
//   AcwTimeout       AfterContactWork -> None          applies next (configured ACW elapsed)
//   DismissUserContact AfterContactWork|Missed -> None applies next (server API [D 16])
//   "applies next": if no chat slot is occupied (all slots are then clear) and pre.next is
//   Offline/Custom, status := that and next := None.
//   agent_can_act = LoggedIn and page_interactive (the agent works in an open, logged-in CCP).
// Status requests — ChooseStatus (agent in the CCP UI), SetStateApi (Streams setState, with or
// without enqueue_next), PutUserStatus (server API), and the follow-up of a CCPv2 Logout — carry a
// target status. A request is:
//   not permitted  (unaccepted): ChooseStatus unless agent_can_act (the agent clicks in an open
//                  CCP); SetStateApi unless logged in (the platform applies a delivered setState
//                  whenever it arrives, even after the page that sent it is gone — whether a page
//                  can still send it is the simulator's business). PutUserStatus and the Logout
//                  follow-up are always permitted.
//   rejected       (accepted, nothing changes, DispatchResult::Rejected) for SetStateApi without
//                  enqueue_next while the profile's rule applies: a live contact and
//                  setstate_requires_enqueue_during_contact [S 2], or AfterContactWork and
//                  setstate_rejected_in_acw (an assumption [A], off in every built-in profile:
//                  AWS describes a status change in ACW as closing the contact [C 35]).
//   "a live contact" below means a live voice contact or any occupied chat slot
//   (contact_work_open): the model does not follow each chat's state.
//   otherwise applied:
//     live contact (Ringing/Connected/OnHold): target Available -> next := None (cancels [D 17]);
//                  target Offline/Custom -> next := target. Status and contact unchanged [D 17,19].
//     AfterContactWork or Missed: the slot clears (contact := None), status := target,
//                  next := None [D 12,17].
//     no contact:  status := target.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/model/agent_view.h"

namespace agentsim::model {

enum class EventKind : std::uint8_t {
  Login,
  Logout,
  SessionExpired,
  PageOpen,
  BeforeUnload,
  UnloadCancelled,
  PageDestroyed,
  AllPagesDestroyed,
  ContactOffered,
  ContactAccepted,
  RingTimeout,
  Hold,
  Resume,
  ContactEnded,
  ClearContact,
  AcwTimeout,
  DismissUserContact,
  AutoAccepted,
  ChatOffered,
  ChatCleared,
  ChooseStatus,
  SetStateApi,
  PutUserStatus,
};
inline constexpr int kEventKindCount = 23;

std::string_view to_string(EventKind k);

struct Event {
  EventKind kind = EventKind::PageOpen;
  Status target = Status::Offline;  // status requests only
  bool enqueue_next = false;        // SetStateApi only

  static constexpr Event of(EventKind k) { return Event{k, Status::Offline, false}; }
  static constexpr Event choose(Status s) { return Event{EventKind::ChooseStatus, s, false}; }
  static constexpr Event set_state(Status s, bool enqueue) {
    return Event{EventKind::SetStateApi, s, enqueue};
  }
  static constexpr Event put_user_status(Status s) {
    return Event{EventKind::PutUserStatus, s, false};
  }

  friend bool operator==(const Event& a, const Event& b) {
    return a.kind == b.kind && a.target == b.target && a.enqueue_next == b.enqueue_next;
  }
  friend bool operator!=(const Event& a, const Event& b) { return !(a == b); }
};

bool is_status_request(EventKind k);

// "SetStateApi(Offline, enqueue)" — stable, used in timelines and test names.
std::string to_string(const Event& e);

// Every distinct event value: the 20 plain kinds, ChooseStatus and PutUserStatus for each of the
// 3 targets, SetStateApi for each target with and without enqueue_next. 32 in all.
const std::vector<Event>& all_events();

// A dense code for each distinct event: its index in all_events(). Fields an event's kind does
// not read are ignored (a plain kind's target, enqueue_next of anything but SetStateApi).
inline constexpr int kEventCodeCount = 32;
inline constexpr int kPlainEventKindCount = 20;  // the kinds before ChooseStatus
inline int event_code(const Event& e) {
  const int kind = static_cast<int>(e.kind);
  if (kind < kPlainEventKindCount) return kind;
  const int base = kPlainEventKindCount + 4 * static_cast<int>(e.target);
  switch (e.kind) {
    case EventKind::ChooseStatus: return base;
    case EventKind::SetStateApi: return base + 1 + (e.enqueue_next ? 1 : 0);
    default: return base + 3;  // PutUserStatus
  }
}

}  // namespace agentsim::model
