// The machine's transition table, read from the Boost.MSM definition itself (never written by
// hand), for `agentsim model` and docs/model.md.
#pragma once

#include <string_view>
#include <vector>

namespace agentsim::model {

struct StateInfo {
  std::string_view machine;  // "AgentMachine" or "StatusPanel"
  std::string_view region;   // "Session", "Page", "Contact", "StatusPanel", "Status", "NextStatus"
  std::string_view name;
  std::string_view description;
  bool initial = false;
};

struct TransitionRow {
  std::string_view machine;
  std::string_view region;
  std::string_view source;
  std::string_view event;
  std::string_view guard;   // "" when unguarded
  std::string_view action;  // "" when none
  std::string_view target;  // equals source for internal transitions
  bool internal = false;    // no exit/entry: the state is kept
};

struct GuardInfo {
  std::string_view name;
  std::string_view description;
};

// In region order, then in table order.
const std::vector<StateInfo>& state_infos();
const std::vector<TransitionRow>& transition_rows();
const std::vector<GuardInfo>& guard_infos();
const std::vector<GuardInfo>& action_infos();

}  // namespace agentsim::model
