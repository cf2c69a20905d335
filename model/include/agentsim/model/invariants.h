// Named invariants over the AgentView: properties every reachable state must satisfy.
//
// The ghost hazard (agent_view.h: ghost()) is *not* an invariant — it is reachable, and measuring
// how often and how long it is reached is what agentsim is for.
#pragma once

#include <string_view>
#include <vector>

#include "agentsim/model/agent_view.h"
#include "agentsim/model/profile.h"

namespace agentsim::model {

struct Invariant {
  std::string_view name;         // snake_case identifier
  std::string_view description;  // the rule, as a sentence
  bool (*holds)(const AgentView&, const PlatformProfile&);
};

const std::vector<Invariant>& invariants();

// The first invariant the view violates, or nullptr when all hold.
const Invariant* first_violated(const AgentView& v, const PlatformProfile& p);

}  // namespace agentsim::model
