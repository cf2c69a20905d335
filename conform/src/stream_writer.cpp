#include "agentsim/conform/stream_writer.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "agentsim/conform/record.h"
#include "agentsim/sim/random.h"

namespace agentsim::conform {

namespace {

using Json = nlohmann::json;

constexpr const char* kAccount = "123456789012";
constexpr const char* kInstance =
    "arn:aws:connect:us-east-1:123456789012:instance/00000000-0000-4000-8000-000000000000";

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::string event_id(std::uint64_t seed, std::uint32_t agent, std::uint64_t seq) {
  const std::uint64_t a = splitmix(seed ^ splitmix((std::uint64_t{agent} << 32) ^ seq));
  const std::uint64_t b = splitmix(a ^ 0x5DEECE66Dull);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                static_cast<unsigned long long>(a >> 32), static_cast<unsigned long long>((a >> 16) & 0xFFFF),
                static_cast<unsigned long long>(a & 0xFFF),
                static_cast<unsigned long long>(0x8000 | (b >> 50)),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFull));
  return buf;
}

std::string agent_arn(std::uint32_t agent) {
  return std::string(kInstance) + "/agent/simulated-agent-" + std::to_string(agent);
}

const char* status_name(model::Status s) {
  switch (s) {
    case model::Status::Available: return "Available";
    case model::Status::Offline: return "Offline";
    case model::Status::Custom: return "Break";
  }
  return "Break";
}
const char* status_type(model::Status s) {
  switch (s) {
    case model::Status::Available: return "ROUTABLE";
    case model::Status::Offline: return "OFFLINE";
    case model::Status::Custom: return "CUSTOM";
  }
  return "CUSTOM";
}
const char* contact_state(model::Contact c) {
  switch (c) {
    case model::Contact::Ringing: return "CONNECTING";
    case model::Contact::Connected: return "CONNECTED";
    case model::Contact::OnHold: return "CONNECTED_ONHOLD";
    case model::Contact::AfterContactWork: return "ENDED";
    case model::Contact::Missed: return "MISSED";
    case model::Contact::None: break;
  }
  return "";
}

}  // namespace

void EventStreamWriter::on_change(std::uint32_t agent, std::int64_t at_us, const model::AgentView& before,
                                  const model::AgentView& after, std::uint32_t contact_id,
                                  std::string_view channel) {
  AgentState& s = agents_[agent];
  if (!s.started) {
    s.started = true;
    s.view = before;
    s.last_record_us = at_us;
  }
  heartbeats_until(agent, s, at_us);
  const model::AgentView previous = s.view;
  if (after.status != previous.status) s.status_since_us = at_us;
  if (after.next != previous.next) s.next_since_us = at_us;
  if (after.contact != previous.contact || contact_id != s.contact_id) {
    s.contact_since_us = at_us;
    if (after.contact == model::Contact::Connected && previous.contact == model::Contact::Ringing) {
      s.connected_us = at_us;
    }
    if (after.contact == model::Contact::Ringing || after.contact == model::Contact::None) s.connected_us = -1;
  }
  s.contact_id = contact_id;
  s.channel = std::string(channel);
  s.view = after;
  const char* type = "STATE_CHANGE";
  if (after.session == model::Session::LoggedIn && previous.session == model::Session::LoggedOut) {
    type = "LOGIN";
  } else if (after.session == model::Session::LoggedOut && previous.session == model::Session::LoggedIn) {
    type = "LOGOUT";
    s.logout_us = at_us;
    const std::uint64_t u = sim::splitmix64_mix(o_.seed ^ sim::splitmix64_mix(
        (static_cast<std::uint64_t>(agent) << 40) ^ static_cast<std::uint64_t>(at_us)));
    s.after_logout_us = static_cast<std::int64_t>(
        static_cast<double>(u >> 11) * 0x1.0p-53 * static_cast<double>(o_.after_logout_max_us));
  }
  if (after.session == model::Session::LoggedIn) s.logout_us = -1;
  emit(agent, s, at_us, type, &previous);
}

void EventStreamWriter::on_end(std::uint32_t agent, std::int64_t end_us) {
  auto it = agents_.find(agent);
  if (it == agents_.end()) return;
  heartbeats_until(agent, it->second, end_us);
}

void EventStreamWriter::heartbeats_until(std::uint32_t agent, AgentState& s, std::int64_t until_us) {
  while (!overflowed_) {
    const std::int64_t next = s.last_record_us + o_.heartbeat_us;
    if (next > until_us) return;
    const bool logged_in = s.view.session == model::Session::LoggedIn;
    if (!logged_in && (s.logout_us < 0 || next > s.logout_us + s.after_logout_us)) return;
    const model::AgentView same = s.view;
    emit(agent, s, next, "HEART_BEAT", &same);
  }
}

void EventStreamWriter::emit(std::uint32_t agent, AgentState& s, std::int64_t at_us, const char* type,
                             const model::AgentView* previous) {
  if (overflowed_) return;
  const std::int64_t t = o_.epoch_us + at_us;
  auto snapshot = [&](const model::AgentView& v, bool current) {
    Json snap;
    snap["AgentStatus"] = {{"ARN", std::string(kInstance) + "/agent-state/" + status_name(v.status)},
                           {"Name", status_name(v.status)},
                           {"StartTimestamp", format_timestamp(o_.epoch_us + s.status_since_us)},
                           {"Type", status_type(v.status)}};
    if (v.next == model::NextStatus::None) {
      snap["NextAgentStatus"] = nullptr;
    } else {
      const model::Status n = v.next == model::NextStatus::Offline ? model::Status::Offline : model::Status::Custom;
      snap["NextAgentStatus"] = {{"ARN", std::string(kInstance) + "/agent-state/" + status_name(n)},
                                 {"Name", status_name(n)},
                                 {"EnqueueTimestamp", format_timestamp(o_.epoch_us + s.next_since_us)}};
    }
    snap["Configuration"] = {{"Username", "simulated-agent-" + std::to_string(agent)}};
    Json contacts = Json::array();
    if (current && v.contact != model::Contact::None) {
      const std::string id = o_.contacts_shared
                                 ? "contact-" + std::to_string(s.contact_id)
                                 : "contact-" + std::to_string(agent) + "-" + std::to_string(s.contact_id);
      Json c = {{"ContactId", id},
                {"InitialContactId", nullptr},
                {"Channel", s.channel},
                {"InitiationMethod", "INBOUND"},
                {"State", contact_state(v.contact)},
                {"StateStartTimestamp", format_timestamp(o_.epoch_us + s.contact_since_us)},
                {"QueueTimestamp", nullptr},
                {"Queue", {{"ARN", std::string(kInstance) + "/queue/simulated"}, {"Name", "Simulated"}}}};
      c["ConnectedToAgentTimestamp"] =
          s.connected_us >= 0 ? Json(format_timestamp(o_.epoch_us + s.connected_us)) : Json(nullptr);
      contacts.push_back(std::move(c));
    }
    snap["Contacts"] = std::move(contacts);
    return snap;
  };
  Json r;
  r["AWSAccountId"] = kAccount;
  r["AgentARN"] = agent_arn(agent);
  r["EventId"] = event_id(o_.seed, agent, s.seq);
  r["EventTimestamp"] = format_timestamp(t);
  r["EventType"] = type;
  r["InstanceARN"] = kInstance;
  r["Version"] = "2019-05-25";
  r["CurrentAgentSnapshot"] = snapshot(s.view, true);
  const std::string kind = type;
  if (kind == "STATE_CHANGE" || kind == "HEART_BEAT") r["PreviousAgentSnapshot"] = snapshot(*previous, false);
  std::string text = r.dump();
  bytes_ += text.size() + 1;
  if (bytes_ > o_.max_bytes) {
    overflowed_ = true;
    return;
  }
  lines_.push_back({t, agent, s.seq, std::move(text)});
  ++s.seq;
  s.last_record_us = at_us;
}

std::string EventStreamWriter::text() const {
  std::vector<const Line*> order;
  order.reserve(lines_.size());
  for (const Line& l : lines_) order.push_back(&l);
  std::stable_sort(order.begin(), order.end(), [](const Line* a, const Line* b) {
    if (a->at_us != b->at_us) return a->at_us < b->at_us;
    if (a->agent != b->agent) return a->agent < b->agent;
    return a->seq < b->seq;
  });
  std::string out;
  out.reserve(bytes_);
  for (const Line* l : order) {
    out += l->text;
    out += '\n';
  }
  return out;
}

}  // namespace agentsim::conform
