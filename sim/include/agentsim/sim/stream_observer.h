// What the Agent Event Stream would publish of a simulated agent: a hook the session and center
// runs call on every model dispatch that changed what the stream shows (session, status, contact,
// next status), with the contact's id and channel. `agentsim simulate --emit-event-stream` turns
// the calls into Kinesis records (conform/stream_writer.h), so that `agentsim conform` can be
// tested on data whose truth is known.
//
// No cost when absent: a run without an observer compares one pointer per dispatch.
#pragma once

#include <cstdint>
#include <string_view>

#include "agentsim/model/agent_view.h"

namespace agentsim::sim {

class StreamObserver {
 public:
  virtual ~StreamObserver() = default;
  // Agent `agent` (the session index, or the agent's index in a center) changed at `at_us`
  // (simulated time) from `before` to `after`; `contact_id` is the contact the slot holds or held
  // (0: none yet), `channel` its channel ("VOICE").
  virtual void on_change(std::uint32_t agent, std::int64_t at_us, const model::AgentView& before,
                         const model::AgentView& after, std::uint32_t contact_id,
                         std::string_view channel) = 0;
  // The run of agent `agent` ended at `end_us`: nothing more will be reported for it.
  virtual void on_end(std::uint32_t agent, std::int64_t end_us) = 0;
};

}  // namespace agentsim::sim
