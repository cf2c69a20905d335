// One Agent Event Stream record (a Kinesis record of Amazon Connect), as far as agentsim reads it.
//
// Fields per amazon-connect.md "Agent Event Stream" [D 23,24,25]: AgentARN, EventId,
// EventTimestamp, EventType (LOGIN, LOGOUT, STATE_CHANGE, HEART_BEAT), Version ("2017-10-01",
// "2019-05-25"), CurrentAgentSnapshot and PreviousAgentSnapshot (absent for LOGIN/LOGOUT). A
// snapshot has AgentStatus {Name, Type (data-model page only), StartTimestamp}, NextAgentStatus
// {Name, EnqueueTimestamp | EnqueuedTimestamp} or null, and Contacts[] {ContactId, Channel, State,
// StateStartTimestamp, ConnectedToAgentTimestamp}. Every other field is tolerated and ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace agentsim::conform {

enum class EventType : std::uint8_t { Login, Logout, StateChange, HeartBeat };
std::string_view to_string(EventType t);  // "LOGIN", ...
std::optional<EventType> parse_event_type(std::string_view s);

// The status resource types [D 1,5].
enum class StatusType : std::uint8_t { Routable, Custom, Offline };
std::string_view to_string(StatusType t);  // "ROUTABLE", "CUSTOM", "OFFLINE"
std::optional<StatusType> parse_status_type(std::string_view s);

// Contact states seen by the agent [D 9,25]. Incoming and Pending (callbacks, queued) are read
// as Connecting: the contact is offered and not yet accepted.
enum class ContactState : std::uint8_t {
  Connecting, Connected, OnHold, Missed, Rejected, Error, Ended,
};
std::string_view to_string(ContactState s);  // "CONNECTING", ...
std::optional<ContactState> parse_contact_state(std::string_view s);

struct ContactSnapshot {
  std::string contact_id;
  std::string channel = "VOICE";  // VOICE | CHAT | TASKS (others kept as written)
  ContactState state = ContactState::Connecting;
  std::int64_t state_start_us = -1;  // StateStartTimestamp, -1 when absent
};

struct AgentSnapshot {
  std::string status_name;                  // AgentStatus.Name ("" when absent)
  std::optional<StatusType> status_type;    // AgentStatus.Type when the record has it
  std::int64_t status_start_us = -1;        // AgentStatus.StartTimestamp
  std::optional<std::string> next_name;     // NextAgentStatus.Name; nullopt: none
  std::optional<StatusType> next_type;
  std::vector<ContactSnapshot> contacts;
};

struct Record {
  std::string file;       // where it was read (for file:line in every finding)
  int line = 0;           // 1-based line where the record starts
  std::size_t order = 0;  // position in the input (all files), for stable ordering
  std::string agent_arn;
  std::string event_id;
  EventType type = EventType::HeartBeat;
  std::int64_t timestamp_us = 0;  // EventTimestamp, microseconds since 1970-01-01T00:00:00Z
  std::string version;
  std::optional<AgentSnapshot> current;

  std::string where() const { return file + ":" + std::to_string(line); }
};

// ISO 8601 UTC timestamps as the stream writes them: "2019-08-13T20:52:30.704Z" (fraction of 0-9
// digits, 'Z' or a +hh:mm / -hh:mm offset). nullopt when malformed or outside years 1970-9999.
std::optional<std::int64_t> parse_timestamp_us(std::string_view text);
// "2019-08-13T20:52:30.704Z" (milliseconds; what the stream writes). REQUIRES: us >= 0.
std::string format_timestamp(std::int64_t us);

}  // namespace agentsim::conform
