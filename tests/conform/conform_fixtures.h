// Building Agent Event Stream records for the conform tests: one agent's records as JSON lines.
#pragma once

#include <string>
#include <vector>

#include "agentsim/conform/conformance.h"
#include "agentsim/conform/reader.h"

namespace agentsim::conform::testing {

// One record line. `contacts` is the JSON of the Contacts array ("[]" when none); `next` the
// JSON of NextAgentStatus ("null" when none).
inline std::string record(const std::string& id, const std::string& type, int second,
                          const std::string& status, const std::string& contacts = "[]",
                          const std::string& next = "null", const std::string& agent = "agent-1") {
  const std::string t = "2026-01-05T08:" + std::string(second / 60 < 10 ? "0" : "") +
                        std::to_string(second / 60) + ":" + std::string(second % 60 < 10 ? "0" : "") +
                        std::to_string(second % 60) + ".000Z";
  return "{\"AgentARN\":\"arn:aws:connect:us-east-1:1:instance/i/agent/" + agent + "\",\"EventId\":\"" + id +
         "\",\"EventTimestamp\":\"" + t + "\",\"EventType\":\"" + type +
         "\",\"Version\":\"2019-05-25\",\"CurrentAgentSnapshot\":{\"AgentStatus\":{\"Name\":\"" + status +
         "\"},\"NextAgentStatus\":" + next + ",\"Contacts\":" + contacts + "}}";
}

inline std::string contact(const std::string& id, const std::string& state, const std::string& channel = "VOICE") {
  return "[{\"ContactId\":\"" + id + "\",\"Channel\":\"" + channel + "\",\"State\":\"" + state + "\"}]";
}

inline std::string next_status(const std::string& name) { return "{\"Name\":\"" + name + "\"}"; }

inline ReadResult read(const std::vector<std::string>& lines, const std::string& file = "log.jsonl") {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  ReadResult r;
  std::unordered_set<std::string> agents;
  read_records(text, file, ReadLimits{}, r, agents);
  return r;
}

inline Analysis analyze_lines(const std::vector<std::string>& lines, ConformOptions o = {}) {
  ReadResult r = read(lines);
  return analyze(std::move(r.records), o);
}

}  // namespace agentsim::conform::testing
