#include "agentsim/model/event.h"

namespace agentsim::model {

std::string_view to_string(EventKind k) {
  switch (k) {
    case EventKind::Login: return "Login";
    case EventKind::Logout: return "Logout";
    case EventKind::SessionExpired: return "SessionExpired";
    case EventKind::PageOpen: return "PageOpen";
    case EventKind::BeforeUnload: return "BeforeUnload";
    case EventKind::UnloadCancelled: return "UnloadCancelled";
    case EventKind::PageDestroyed: return "PageDestroyed";
    case EventKind::AllPagesDestroyed: return "AllPagesDestroyed";
    case EventKind::ContactOffered: return "ContactOffered";
    case EventKind::ContactAccepted: return "ContactAccepted";
    case EventKind::RingTimeout: return "RingTimeout";
    case EventKind::Hold: return "Hold";
    case EventKind::Resume: return "Resume";
    case EventKind::ContactEnded: return "ContactEnded";
    case EventKind::ClearContact: return "ClearContact";
    case EventKind::AcwTimeout: return "AcwTimeout";
    case EventKind::DismissUserContact: return "DismissUserContact";
    case EventKind::AutoAccepted: return "AutoAccepted";
    case EventKind::ChatOffered: return "ChatOffered";
    case EventKind::ChatCleared: return "ChatCleared";
    case EventKind::ChooseStatus: return "ChooseStatus";
    case EventKind::SetStateApi: return "SetStateApi";
    case EventKind::PutUserStatus: return "PutUserStatus";
  }
  return "?";
}

bool is_status_request(EventKind k) {
  return k == EventKind::ChooseStatus || k == EventKind::SetStateApi ||
         k == EventKind::PutUserStatus;
}

std::string to_string(const Event& e) {
  std::string s(to_string(e.kind));
  if (is_status_request(e.kind)) {
    s.append("(").append(to_string(e.target));
    if (e.kind == EventKind::SetStateApi && e.enqueue_next) s.append(", enqueue");
    s.append(")");
  }
  return s;
}

const std::vector<Event>& all_events() {
  static const std::vector<Event> events = [] {
    std::vector<Event> v;
    for (int k = 0; k < kEventKindCount; ++k) {
      const auto kind = static_cast<EventKind>(k);
      if (!is_status_request(kind)) v.push_back(Event::of(kind));
    }
    for (Status s : {Status::Offline, Status::Available, Status::Custom}) {
      v.push_back(Event::choose(s));
      v.push_back(Event::set_state(s, false));
      v.push_back(Event::set_state(s, true));
      v.push_back(Event::put_user_status(s));
    }
    return v;
  }();
  return events;
}

}  // namespace agentsim::model
