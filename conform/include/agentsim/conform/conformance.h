// The Agent Event Stream against the formal model: each agent's records, in time order, are
// mapped to model events and dispatched to a model::AgentMachine of that agent; every transition
// the model does not accept is reported with the record that caused it (file:line). The same pass
// finds ghost suspects and collects the samples calibration.h fits.
//
// The mapping (docs/conformance.md has the table), per agent, record by record:
//   LOGIN                     -> PageOpen (when no page) + Login
//   LOGOUT                    -> Logout
//   NextAgentStatus set       -> PutUserStatus(type of the next status)   (sets the next status)
//   NextAgentStatus cancelled -> PutUserStatus(Available)                  (cancels it [D 17])
//   NextAgentStatus applied   -> nothing of its own: the clearing of the slot applies it
//   contact appears CONNECTING                 -> ContactOffered
//   CONNECTING -> CONNECTED                    -> ContactAccepted
//   CONNECTED <-> CONNECTED_ONHOLD             -> Hold / Resume
//   CONNECTED(_ONHOLD) -> ENDED                -> ContactEnded (ACW)
//   CONNECTING -> MISSED | REJECTED | ERROR    -> RingTimeout (the slot needs clearing)
//   contact removed from the snapshot          -> ClearContact (logged in) or AcwTimeout /
//                                                 DismissUserContact (logged out); when the
//                                                 status changes in the same record, the status
//                                                 request clears it (a status change in ACW
//                                                 or Missed clears the slot [D 12,17])
//   a contact appearing in a later state       -> the events of the states it skipped
//   AgentStatus changes                        -> PutUserStatus(type): who changed it the stream
//                                                 does not say; PutUserStatus is the request
//                                                 that is permitted whoever sent it
//   HEART_BEAT                                 -> nothing (no transition [D 10])
// The model's Page region is not in the stream: one open page is assumed from the first LOGIN
// on and never closed (so the agent can act whenever logged in; a page close would let the model
// end a connected call by itself, page_close_ends_voice_contact, which the stream shows as its
// own record). An agent whose first record is not a LOGIN is
// brought to the state of its first snapshot first (synchronisation; not counted as findings).
// Contacts of channels the model does not cover (main's model has one voice slot: CHAT, TASKS)
// are tracked but not dispatched; how many records carried them is reported.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/conform/record.h"
#include "agentsim/conform/status_types.h"
#include "agentsim/model/agent_machine.h"
#include "agentsim/model/profile.h"

namespace agentsim::conform {

struct ConformOptions {
  model::PlatformProfile profile = model::ccp_v1();
  StatusTypes status_types;
  // Channels the model's contact slot stands for.
  std::vector<std::string> modelled_channels = {"VOICE"};
};

// A model event the mapping produced for a record, and what became of it.
struct MappedEvent {
  std::string where;  // file:line of the record
  std::string event_id;
  std::int64_t at_us = 0;
  model::Event event;
  model::AgentView before;
  model::DispatchResult result = model::DispatchResult::Applied;
  std::string cause;  // "contact c-1: CONNECTING -> CONNECTED", "AgentStatus: Available -> Lunch"
};

// An interval where the agent was routable while nothing it did appears in the stream (no accept,
// hold, resume, next status, status change other than to Offline, login), that ended in a MISSED
// contact or an Offline; it runs from the first routable moment after the agent's last action to
// the next action, Offline, custom status, logout, or the end of the log. The start is the last
// sign of the agent, so the duration is an upper bound of the time the agent was away: when it
// left, the stream does not show.
struct GhostSuspect {
  std::int64_t start_us = 0;
  std::int64_t end_us = 0;
  std::uint32_t contacts_missed = 0;
  bool ended_by_offline = false;  // ended by a change to an OFFLINE status (who set it: unknown)
  bool censored = false;          // still open at the agent's last record
  std::string where;              // file:line of the record that ended it (or the last record)
};

struct AgentReport {
  std::string agent_arn;
  std::size_t records = 0;        // after removing duplicates
  std::size_t duplicates = 0;     // records whose EventId was seen before (dropped)
  std::size_t conflicting_duplicates = 0;  // ...of them, with other content than the first
  std::size_t out_of_order = 0;   // records earlier than the agent's record before them in the input
  std::size_t heartbeats = 0;
  std::size_t unmodelled_channel_records = 0;  // records with a contact of another channel
  std::size_t dispatched = 0;     // model events dispatched (synchronisation excluded)
  std::vector<MappedEvent> unaccepted;  // the transitions the model did not accept
  // The first snapshot, when the log starts mid-session, is a state the model cannot reach (e.g.
  // a next status with no contact): what differs, with the record. Empty when it could.
  std::string synchronisation_mismatch;
  std::vector<GhostSuspect> suspects;
  std::int64_t first_us = 0;
  std::int64_t last_us = 0;
};

// What calibration.h fits, collected from every agent's modelled-channel contacts. Durations in
// microseconds, from the records' times (StateStartTimestamp when a contact has it).
struct Samples {
  std::vector<std::int64_t> answer_delay_us;  // offered -> connected
  std::uint64_t answer_censored = 0;          // offered -> missed: the delay exceeds the ring
  std::vector<std::int64_t> talk_time_us;     // connected -> ended (hold included)
  std::uint64_t talk_censored = 0;            // still connected at the agent's last record
  std::vector<std::int64_t> acw_us;           // ended -> removed from the snapshot
  std::vector<std::int64_t> clear_missed_us;  // missed -> removed
  std::uint64_t offers = 0;                   // contacts offered (each appearance at an agent)
  std::uint64_t missed = 0;                   // ...of them missed (MISSED, REJECTED, ERROR)
  std::int64_t routable_us = 0;               // sum over agents of time routable in the model
  std::uint64_t offers_while_routable = 0;    // offers the model accepted (the agent was routable)
  std::uint64_t distinct_contacts = 0;        // distinct ContactIds offered
  std::int64_t first_offer_us = -1;           // first and last time a contact was first offered
  std::int64_t last_offer_us = -1;
};

struct Analysis {
  std::vector<AgentReport> agents;  // in order of AgentARN
  Samples samples;
  std::size_t records = 0;
  std::size_t duplicates = 0;
  std::size_t out_of_order = 0;
  std::size_t unaccepted = 0;
  std::size_t dispatched = 0;
  std::vector<std::string> notes;   // e.g. which status names fell back to the default types
};

// REQUIRES: every record passed read_records.
Analysis analyze(std::vector<Record> records, const ConformOptions& options);

}  // namespace agentsim::conform
