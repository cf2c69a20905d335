// The observable state of one Amazon Connect agent, as the platform and the agent's browser see it.
//
// An AgentView is a plain value: five independent variables, one per region of the formal machine
// (see agent_machine.h). Everything a caller may ask the model — routable?, ghost?, which status,
// which contact — is a pure function of an AgentView and a PlatformProfile, defined here.
//
// Facts are cited as in ../shared/domain/amazon-connect.md: [D n] AWS documentation,
// [S n] Streams documentation/source, [C n] community report, [A] our assumption.
#pragma once

#include <cstdint>
#include <string_view>

namespace agentsim::model {

// Being logged in to the CCP and having a status are separate variables [D 7,8].
enum class Session : std::uint8_t { LoggedOut, LoggedIn };

// The agent's CCP pages. At most two tabs are modelled (a second tab is the "close one of two
// tabs" case; Streams reports more as MultipleCcpWindows [S 2]).
//   NoPage             no CCP page of this agent is open
//   OnePage            one page open
//   TwoPages           two pages open
//   Unloading          the only page is being unloaded: its beforeunload handler is running
//   UnloadingOneOfTwo  one of two pages is being unloaded; the other stays open
enum class Page : std::uint8_t { NoPage, OnePage, TwoPages, Unloading, UnloadingOneOfTwo };

// The agent status resource type: OFFLINE, ROUTABLE (Available) or CUSTOM (Break, Lunch, ...),
// which blocks inbound routing [D 1,5].
enum class Status : std::uint8_t { Offline, Available, Custom };

// The agent's (single, voice) contact slot [D 9,25]:
//   None              no contact
//   Ringing           CONNECTING: offered, not yet accepted (20 s ring timeout [D 11-14])
//   Connected         CONNECTED
//   OnHold            CONNECTED_ONHOLD
//   AfterContactWork  ENDED: the conversation ended, the agent is in ACW
//   Missed            MISSED: not accepted in time; agent not routable until cleared [D 12,16,40]
enum class Contact : std::uint8_t { None, Ringing, Connected, OnHold, AfterContactWork, Missed };

// A status chosen while the contact slot is occupied, applied when the slot clears [D 17,19].
// Choosing Available cancels it, so Available is never pending.
enum class NextStatus : std::uint8_t { None, Offline, Custom };

inline constexpr int kSessionCount = 2;
inline constexpr int kPageCount = 5;
inline constexpr int kStatusCount = 3;
inline constexpr int kContactCount = 6;
inline constexpr int kNextStatusCount = 3;

// The chat-occupancy region: how many of the agent's chat slots hold a chat (offered, connected,
// in ACW or missed — the model counts them; each chat's own lifecycle is the simulator's). The
// profile's chat_slots (the routing profile's chat concurrency, an admin setting [D 13]) is at
// most this bound, which keeps the compiled table small (states x (kMaxChatSlots + 1) at most).
inline constexpr int kMaxChatSlots = 3;
inline constexpr int kChatCountCount = kMaxChatSlots + 1;

// The channels the router offers contacts on.
enum class Channel : std::uint8_t { Voice, Chat };
std::string_view to_string(Channel c);

std::string_view to_string(Session v);
std::string_view to_string(Page v);
std::string_view to_string(Status v);
std::string_view to_string(Contact v);
std::string_view to_string(NextStatus v);

struct PlatformProfile;

struct AgentView {
  Session session = Session::LoggedOut;
  Page page = Page::NoPage;
  Status status = Status::Offline;
  Contact contact = Contact::None;
  NextStatus next = NextStatus::None;
  std::uint8_t chats = 0;  // chat slots occupied, 0..kMaxChatSlots

  friend bool operator==(const AgentView& a, const AgentView& b) {
    return a.session == b.session && a.page == b.page && a.status == b.status &&
           a.contact == b.contact && a.next == b.next && a.chats == b.chats;
  }
  friend bool operator!=(const AgentView& a, const AgentView& b) { return !(a == b); }
};

// Number of distinct AgentView values, and a dense code for each (for tables and counters).
inline constexpr int kViewCodeCount =
    kSessionCount * kPageCount * kStatusCount * kContactCount * kNextStatusCount * kChatCountCount;
int view_code(const AgentView& v);
AgentView view_from_code(int code);

// "LoggedIn/OnePage/Available/Connected/next:None" — stable, used in reports and test names;
// "/chats:N" is appended only when N > 0 (so every voice-only name is unchanged).
std::string to_string(const AgentView& v);

// ---- queries -------------------------------------------------------------------------------

// The queries sit on the hot path of every dispatch: they are inline.

// At least one CCP page of the agent exists (an unloading page still exists).
inline bool page_present(const AgentView& v) { return v.page != Page::NoPage; }
// A page the agent can interact with: open and not frozen in beforeunload (while one of two
// tabs unloads, the other one is interactive).
inline bool page_interactive(const AgentView& v) {
  return v.page == Page::OnePage || v.page == Page::TwoPages || v.page == Page::UnloadingOneOfTwo;
}
// Number of CCP pages that exist (0, 1 or 2).
inline int pages_open(const AgentView& v) {
  switch (v.page) {
    case Page::NoPage: return 0;
    case Page::OnePage:
    case Page::Unloading: return 1;
    case Page::TwoPages:
    case Page::UnloadingOneOfTwo: return 2;
  }
  return 0;
}
// The contact is live: ringing, connected or on hold [D 17,19].
inline bool live_contact(const AgentView& v) {
  return v.contact == Contact::Ringing || v.contact == Contact::Connected ||
         v.contact == Contact::OnHold;
}
// The voice contact slot holds something that must clear before routing resumes.
inline bool slot_occupied(const AgentView& v) { return v.contact != Contact::None; }
// Some contact work is open: a live voice contact, or any occupied chat slot. The model does not
// follow each chat's state, so an occupied chat slot counts as live for status requests: a
// status chosen meanwhile becomes the next status, applied when ALL slots clear [D 17,19].
inline bool contact_work_open(const AgentView& v) { return live_contact(v) || v.chats > 0; }
// Every contact slot, voice and chat, is empty.
inline bool all_slots_clear(const AgentView& v) {
  return v.contact == Contact::None && v.chats == 0;
}
// The router may offer this agent a contact on `channel`: status Available, no pending next
// status (choosing a next status stops routing at once [D 17]), logged in — or logged out while
// the profile says a logged-out Available agent stays routable ([A], reports [C 6,28]) — and
//   voice: the voice slot empty and no chat slot occupied;
//   chat:  the voice slot empty (a missed voice contact blocks every channel [D 12,16,40]) and
//          fewer than the profile's chat_slots chats [D 13].
// No contact of one channel is offered while one of the other is open: cross-channel
// concurrency is off unless an admin turns it on [A] (see docs/model.md).
bool routable_for(const AgentView& v, const PlatformProfile& p, Channel channel);
// routable_for(voice) or routable_for(chat).
bool routable(const AgentView& v, const PlatformProfile& p);
// The hazard agentsim exists for: routable while no CCP page of the agent exists.
bool ghost(const AgentView& v, const PlatformProfile& p);

}  // namespace agentsim::model
