#include "agentsim/model/agent_view.h"

#include <algorithm>
#include <string>

#include "agentsim/model/profile.h"

namespace agentsim::model {

std::string_view to_string(Session v) {
  switch (v) {
    case Session::LoggedOut: return "LoggedOut";
    case Session::LoggedIn: return "LoggedIn";
  }
  return "?";
}

std::string_view to_string(Page v) {
  switch (v) {
    case Page::NoPage: return "NoPage";
    case Page::OnePage: return "OnePage";
    case Page::TwoPages: return "TwoPages";
    case Page::Unloading: return "Unloading";
    case Page::UnloadingOneOfTwo: return "UnloadingOneOfTwo";
  }
  return "?";
}

std::string_view to_string(Status v) {
  switch (v) {
    case Status::Offline: return "Offline";
    case Status::Available: return "Available";
    case Status::Custom: return "Custom";
  }
  return "?";
}

std::string_view to_string(Contact v) {
  switch (v) {
    case Contact::None: return "None";
    case Contact::Ringing: return "Ringing";
    case Contact::Connected: return "Connected";
    case Contact::OnHold: return "OnHold";
    case Contact::AfterContactWork: return "AfterContactWork";
    case Contact::Missed: return "Missed";
  }
  return "?";
}

std::string_view to_string(NextStatus v) {
  switch (v) {
    case NextStatus::None: return "None";
    case NextStatus::Offline: return "Offline";
    case NextStatus::Custom: return "Custom";
  }
  return "?";
}

std::string_view to_string(Channel c) {
  switch (c) {
    case Channel::Voice: return "voice";
    case Channel::Chat: return "chat";
  }
  return "?";
}

int view_code(const AgentView& v) {
  int code = static_cast<int>(v.chats);
  code = code * kSessionCount + static_cast<int>(v.session);
  code = code * kPageCount + static_cast<int>(v.page);
  code = code * kStatusCount + static_cast<int>(v.status);
  code = code * kContactCount + static_cast<int>(v.contact);
  code = code * kNextStatusCount + static_cast<int>(v.next);
  return code;
}

AgentView view_from_code(int code) {
  AgentView v;
  v.next = static_cast<NextStatus>(code % kNextStatusCount);
  code /= kNextStatusCount;
  v.contact = static_cast<Contact>(code % kContactCount);
  code /= kContactCount;
  v.status = static_cast<Status>(code % kStatusCount);
  code /= kStatusCount;
  v.page = static_cast<Page>(code % kPageCount);
  code /= kPageCount;
  v.session = static_cast<Session>(code % kSessionCount);
  code /= kSessionCount;
  v.chats = static_cast<std::uint8_t>(code);
  return v;
}

std::string to_string(const AgentView& v) {
  std::string s;
  s.reserve(64);
  s.append(to_string(v.session)).append("/");
  s.append(to_string(v.page)).append("/");
  s.append(to_string(v.status)).append("/");
  s.append(to_string(v.contact)).append("/next:");
  s.append(to_string(v.next));
  if (v.chats > 0) s.append("/chats:").append(std::to_string(v.chats));
  return s;
}

bool routable_for(const AgentView& v, const PlatformProfile& p, Channel channel) {
  if (v.status != Status::Available || v.contact != Contact::None ||
      v.next != NextStatus::None ||
      (v.session != Session::LoggedIn && !p.logged_out_available_is_routable)) {
    return false;
  }
  if (channel == Channel::Voice) return v.chats == 0;
  // A profile naming more slots than the machine has is bounded by kMaxChatSlots (the simulator
  // refuses such a value before it gets here).
  return static_cast<int>(v.chats) < std::min(p.chat_slots, kMaxChatSlots);
}

bool routable(const AgentView& v, const PlatformProfile& p) {
  return routable_for(v, p, Channel::Voice) || routable_for(v, p, Channel::Chat);
}

bool ghost(const AgentView& v, const PlatformProfile& p) {
  return routable(v, p) && !page_present(v);
}

}  // namespace agentsim::model
