// The reference model, rule by rule as event.h states them. See reference_model.h.
#include "model/reference_model.h"

#include <optional>

namespace agentsim::reference {
namespace {

using model::AgentView;
using model::Contact;
using model::DispatchResult;
using model::Event;
using model::EventKind;
using model::NextStatus;
using model::Page;
using model::PlatformProfile;
using model::Session;
using model::Status;

RefResult applied(const AgentView& after) { return {after, DispatchResult::Applied}; }
RefResult rejected(const AgentView& pre) { return {pre, DispatchResult::Rejected}; }
RefResult unaccepted(const AgentView& pre) { return {pre, DispatchResult::Unaccepted}; }

// "applies next": if no chat slot is occupied and pre.next is Offline/Custom, status := that and
// next := None.
void apply_next(AgentView& v) {
  if (v.chats != 0) return;
  switch (v.next) {
    case NextStatus::None:
      return;
    case NextStatus::Offline:
      v.status = Status::Offline;
      break;
    case NextStatus::Custom:
      v.status = Status::Custom;
      break;
  }
  v.next = NextStatus::None;
}

// A permitted, not rejected status request: the "otherwise applied" part of the spec.
AgentView apply_status_request(AgentView v, Status target) {
  if (v.chats > 0) {
    // An occupied chat slot counts as a live contact: Available cancels, anything else becomes
    // the next status; status and slots unchanged.
    v.next = target == Status::Available ? NextStatus::None
             : target == Status::Offline ? NextStatus::Offline
                                         : NextStatus::Custom;
    return v;
  }
  switch (v.contact) {
    case Contact::Ringing:
    case Contact::Connected:
    case Contact::OnHold:
      // Status and contact unchanged; Available cancels, anything else becomes the next status.
      switch (target) {
        case Status::Available:
          v.next = NextStatus::None;
          break;
        case Status::Offline:
          v.next = NextStatus::Offline;
          break;
        case Status::Custom:
          v.next = NextStatus::Custom;
          break;
      }
      return v;
    case Contact::AfterContactWork:
    case Contact::Missed:
      v.contact = Contact::None;
      v.status = target;
      v.next = NextStatus::None;
      return v;
    case Contact::None:
      v.status = target;
      return v;
  }
  return v;
}

RefResult status_request(const AgentView& pre, const Event& e, const PlatformProfile& p) {
  // ChooseStatus is a click in the CCP; a delivered setState is applied for a logged-in agent
  // whatever became of the page that sent it; PutUserStatus is a server API.
  bool permitted = true;
  if (e.kind == EventKind::ChooseStatus) permitted = ref_agent_can_act(pre);
  if (e.kind == EventKind::SetStateApi) permitted = pre.session == Session::LoggedIn;
  if (!permitted) return unaccepted(pre);
  if (e.kind == EventKind::SetStateApi && !e.enqueue_next) {
    const bool live_rule =
        (ref_live_contact(pre) || pre.chats > 0) && p.setstate_requires_enqueue_during_contact;
    const bool acw_rule = pre.contact == Contact::AfterContactWork && p.setstate_rejected_in_acw;
    if (live_rule || acw_rule) return rejected(pre);
  }
  return applied(apply_status_request(pre, e.target));
}

RefResult session_event(const AgentView& pre, const Event& e, const PlatformProfile& p) {
  AgentView v = pre;
  switch (e.kind) {
    case EventKind::Login:
      if (pre.session != Session::LoggedOut || !ref_page_interactive(pre)) return unaccepted(pre);
      v.session = Session::LoggedIn;
      return applied(v);
    case EventKind::Logout:
      if (pre.session != Session::LoggedIn || !ref_page_interactive(pre)) return unaccepted(pre);
      v.session = Session::LoggedOut;
      // The CCPv2 follow-up: a status request Offline from origin Logout, always permitted and
      // never rejected (only SetStateApi is ever rejected).
      if (p.logout_sets_offline) v = apply_status_request(v, Status::Offline);
      return applied(v);
    case EventKind::SessionExpired:
      if (pre.session != Session::LoggedIn) return unaccepted(pre);
      v.session = Session::LoggedOut;
      return applied(v);
    default:
      return unaccepted(pre);
  }
}

// The page region alone (nullopt: the event does not apply to this page state); the coupling to
// the contact is applied by page_event.
std::optional<Page> next_page(Page pre, EventKind k) {
  switch (k) {
    case EventKind::PageOpen:
      if (pre == Page::NoPage) return Page::OnePage;
      if (pre == Page::OnePage) return Page::TwoPages;
      return std::nullopt;
    case EventKind::BeforeUnload:
      if (pre == Page::OnePage) return Page::Unloading;
      if (pre == Page::TwoPages) return Page::UnloadingOneOfTwo;
      return std::nullopt;
    case EventKind::UnloadCancelled:
      if (pre == Page::Unloading) return Page::OnePage;
      if (pre == Page::UnloadingOneOfTwo) return Page::TwoPages;
      return std::nullopt;
    case EventKind::PageDestroyed:
      if (pre == Page::OnePage || pre == Page::Unloading) return Page::NoPage;
      if (pre == Page::TwoPages || pre == Page::UnloadingOneOfTwo) return Page::OnePage;
      return std::nullopt;
    case EventKind::AllPagesDestroyed:
      if (pre == Page::NoPage) return std::nullopt;
      return Page::NoPage;
    default:
      return std::nullopt;
  }
}

RefResult page_event(const AgentView& pre, const Event& e, const PlatformProfile& p) {
  const std::optional<Page> page = next_page(pre.page, e.kind);
  if (!page) return unaccepted(pre);
  AgentView v = pre;
  v.page = *page;
  const bool removed_last_page = v.page == Page::NoPage && pre.page != Page::NoPage;
  const bool voice_connected = pre.contact == Contact::Connected || pre.contact == Contact::OnHold;
  if (removed_last_page && voice_connected && p.page_close_ends_voice_contact) {
    v.contact = Contact::AfterContactWork;  // the agent leg is gone; next status kept, not applied
  }
  return applied(v);
}

RefResult contact_event(const AgentView& pre, const Event& e, const PlatformProfile& p) {
  AgentView v = pre;
  const Contact c = pre.contact;
  const bool can_act = ref_agent_can_act(pre);
  switch (e.kind) {
    case EventKind::ContactOffered:
      if (c != Contact::None || !ref_routable_for(pre, p, model::Channel::Voice)) {
        return unaccepted(pre);
      }
      v.contact = Contact::Ringing;
      return applied(v);
    case EventKind::ChatOffered:
      if (!ref_routable_for(pre, p, model::Channel::Chat)) return unaccepted(pre);
      ++v.chats;
      return applied(v);
    case EventKind::ChatCleared:
      if (pre.chats == 0) return unaccepted(pre);
      --v.chats;
      if (v.chats == 0 && v.contact == Contact::None) apply_next(v);
      return applied(v);
    case EventKind::ContactAccepted:
      if (c != Contact::Ringing || !can_act) return unaccepted(pre);
      v.contact = Contact::Connected;
      return applied(v);
    case EventKind::AutoAccepted:  // the platform connects it: no agent action needed [D 50]
      if (c != Contact::Ringing) return unaccepted(pre);
      v.contact = Contact::Connected;
      return applied(v);
    case EventKind::RingTimeout:
      if (c != Contact::Ringing) return unaccepted(pre);
      v.contact = Contact::Missed;
      return applied(v);
    case EventKind::Hold:
      if (c != Contact::Connected || !can_act) return unaccepted(pre);
      v.contact = Contact::OnHold;
      return applied(v);
    case EventKind::Resume:
      if (c != Contact::OnHold || !can_act) return unaccepted(pre);
      v.contact = Contact::Connected;
      return applied(v);
    case EventKind::ContactEnded:
      if (c != Contact::Connected && c != Contact::OnHold) return unaccepted(pre);
      v.contact = Contact::AfterContactWork;
      return applied(v);
    case EventKind::ClearContact:
    case EventKind::DismissUserContact: {
      const bool clearable = c == Contact::AfterContactWork || c == Contact::Missed;
      if (!clearable) return unaccepted(pre);
      if (e.kind == EventKind::ClearContact && !can_act) return unaccepted(pre);
      v.contact = Contact::None;
      apply_next(v);
      return applied(v);
    }
    case EventKind::AcwTimeout:
      if (c != Contact::AfterContactWork) return unaccepted(pre);
      v.contact = Contact::None;
      apply_next(v);
      return applied(v);
    default:
      return unaccepted(pre);
  }
}

}  // namespace

bool ref_page_present(const model::AgentView& v) { return v.page != Page::NoPage; }

bool ref_page_interactive(const model::AgentView& v) {
  switch (v.page) {
    case Page::OnePage:
    case Page::TwoPages:
    case Page::UnloadingOneOfTwo:
      return true;
    case Page::NoPage:
    case Page::Unloading:
      return false;
  }
  return false;
}

bool ref_agent_can_act(const model::AgentView& v) {
  return v.session == Session::LoggedIn && ref_page_interactive(v);
}

bool ref_live_contact(const model::AgentView& v) {
  return v.contact == Contact::Ringing || v.contact == Contact::Connected ||
         v.contact == Contact::OnHold;
}

bool ref_routable_for(const model::AgentView& v, const model::PlatformProfile& p,
                      model::Channel channel) {
  const bool signed_in =
      v.session == Session::LoggedIn || p.logged_out_available_is_routable;
  if (v.status != Status::Available || v.contact != Contact::None ||
      v.next != NextStatus::None || !signed_in) {
    return false;
  }
  if (channel == model::Channel::Voice) return v.chats == 0;
  const int slots = p.chat_slots < model::kMaxChatSlots ? p.chat_slots : model::kMaxChatSlots;
  return v.chats < slots;
}

bool ref_routable(const model::AgentView& v, const model::PlatformProfile& p) {
  return ref_routable_for(v, p, model::Channel::Voice) ||
         ref_routable_for(v, p, model::Channel::Chat);
}

bool ref_ghost(const model::AgentView& v, const model::PlatformProfile& p) {
  return ref_routable(v, p) && !ref_page_present(v);
}

RefResult ref_step(const model::AgentView& pre, const model::Event& e,
                   const model::PlatformProfile& p) {
  switch (e.kind) {
    case EventKind::Login:
    case EventKind::Logout:
    case EventKind::SessionExpired:
      return session_event(pre, e, p);
    case EventKind::PageOpen:
    case EventKind::BeforeUnload:
    case EventKind::UnloadCancelled:
    case EventKind::PageDestroyed:
    case EventKind::AllPagesDestroyed:
      return page_event(pre, e, p);
    case EventKind::ContactOffered:
    case EventKind::ContactAccepted:
    case EventKind::RingTimeout:
    case EventKind::Hold:
    case EventKind::Resume:
    case EventKind::ContactEnded:
    case EventKind::ClearContact:
    case EventKind::AcwTimeout:
    case EventKind::DismissUserContact:
    case EventKind::AutoAccepted:
    case EventKind::ChatOffered:
    case EventKind::ChatCleared:
      return contact_event(pre, e, p);
    case EventKind::ChooseStatus:
    case EventKind::SetStateApi:
    case EventKind::PutUserStatus:
      return status_request(pre, e, p);
  }
  return unaccepted(pre);
}

std::vector<model::Event> ref_all_events() {
  constexpr EventKind kPlain[] = {
      EventKind::Login,          EventKind::Logout,          EventKind::SessionExpired,
      EventKind::PageOpen,       EventKind::BeforeUnload,    EventKind::UnloadCancelled,
      EventKind::PageDestroyed,  EventKind::AllPagesDestroyed, EventKind::ContactOffered,
      EventKind::ContactAccepted, EventKind::RingTimeout,    EventKind::Hold,
      EventKind::Resume,         EventKind::ContactEnded,    EventKind::ClearContact,
      EventKind::AcwTimeout,     EventKind::DismissUserContact, EventKind::AutoAccepted,
      EventKind::ChatOffered,    EventKind::ChatCleared,
  };
  constexpr Status kTargets[] = {Status::Offline, Status::Available, Status::Custom};
  std::vector<Event> events;
  for (EventKind k : kPlain) events.push_back(Event::of(k));
  for (Status s : kTargets) events.push_back(Event::choose(s));
  for (Status s : kTargets) events.push_back(Event::put_user_status(s));
  for (Status s : kTargets) events.push_back(Event::set_state(s, true));
  for (Status s : kTargets) events.push_back(Event::set_state(s, false));
  return events;
}

}  // namespace agentsim::reference
