// Writes simulated agents as Agent Event Stream records: a sim::StreamObserver that turns every
// change of an agent's view into a Kinesis record (one JSON object per line, Version 2019-05-25),
// with a HEART_BEAT after every `heartbeat` without another record while logged in and for
// `after_logout` after a logout [D 10]. EventIds are deterministic from the seed; timestamps count
// from a fixed epoch (2026-01-05T08:00:00Z), so the same run gives byte-identical records.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "agentsim/model/agent_view.h"
#include "agentsim/sim/stream_observer.h"

namespace agentsim::conform {

struct StreamWriterOptions {
  std::uint64_t seed = 1;
  std::int64_t epoch_us = 1767600000000000;  // 2026-01-05T08:00:00Z
  std::int64_t heartbeat_us = 120000000;     // environment event_stream_heartbeat_ms [D 10]
  // HEART_BEATs go on for a while after a logout, up to this long [D 10]: each logout draws its
  // own length, uniform on [0, after_logout_max] (the shape is an assumption [A], as in the
  // simulator's event_stream_after_logout draw), deterministically from (seed, agent, logout time).
  std::int64_t after_logout_max_us = 3600000000; // environment event_stream_after_logout_max_ms
  // Center mode: a contact keeps its id when it is offered to another agent after a miss.
  // Single-agent sessions number their contacts per session, so ids are made per agent.
  bool contacts_shared = true;
  std::size_t max_bytes = std::size_t{256} << 20;  // of all records; beyond it overflowed()
};

class EventStreamWriter final : public sim::StreamObserver {
 public:
  explicit EventStreamWriter(StreamWriterOptions options) : o_(std::move(options)) {}

  void on_change(std::uint32_t agent, std::int64_t at_us, const model::AgentView& before,
                 const model::AgentView& after, std::uint32_t contact_id,
                 std::string_view channel) override;
  void on_end(std::uint32_t agent, std::int64_t end_us) override;

  // The records reached max_bytes: the stream is incomplete (and text() is not to be written).
  bool overflowed() const { return overflowed_; }
  std::size_t records() const { return lines_.size(); }
  // Every record in time order (then agent, then order of emission), one per line.
  std::string text() const;

 private:
  struct AgentState {
    model::AgentView view;
    bool started = false;
    std::uint64_t seq = 0;
    std::int64_t last_record_us = 0;
    std::int64_t status_since_us = 0;
    std::int64_t next_since_us = 0;
    std::int64_t contact_since_us = 0;
    std::int64_t connected_us = -1;
    std::int64_t logout_us = -1;
    std::int64_t after_logout_us = 0;  // this logout's HEART_BEAT tail
    std::uint32_t contact_id = 0;
    std::string channel = "VOICE";
  };
  struct Line {
    std::int64_t at_us;
    std::uint32_t agent;
    std::uint64_t seq;
    std::string text;
  };

  StreamWriterOptions o_;
  std::map<std::uint32_t, AgentState> agents_;
  std::vector<Line> lines_;
  std::size_t bytes_ = 0;
  bool overflowed_ = false;

  void heartbeats_until(std::uint32_t agent, AgentState& s, std::int64_t until_us);
  void emit(std::uint32_t agent, AgentState& s, std::int64_t at_us, const char* type,
            const model::AgentView* previous);
};

}  // namespace agentsim::conform
