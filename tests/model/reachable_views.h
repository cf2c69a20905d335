// Breadth-first exploration of the views reachable from the initial state, by the reference model
// and by the MSM machine, each with the shortest event path that reaches every view.
#pragma once

#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/model/agent_view.h"
#include "agentsim/model/event.h"
#include "agentsim/model/profile.h"

namespace agentsim::testing {

struct ReachableView {
  model::AgentView view;
  std::vector<model::Event> path;  // from the initial view; every event on it is Applied
};

// Views in BFS order (the initial view first), using reference::ref_step.
std::vector<ReachableView> reference_reachable(const model::PlatformProfile& p,
                                               const std::vector<model::Event>& events);

// Views in BFS order, using model::AgentMachine (copied at each discovered state).
std::vector<ReachableView> machine_reachable(
    const model::PlatformProfile& p, const std::vector<model::Event>& events,
    model::DispatchMode mode = model::DispatchMode::Compiled);

// A fresh machine after `path`. Each step's result is returned in `results` when non-null.
model::AgentMachine machine_after(const model::PlatformProfile& p,
                                  const std::vector<model::Event>& path,
                                  std::vector<model::DispatchResult>* results = nullptr,
                                  model::DispatchMode mode = model::DispatchMode::Compiled);

}  // namespace agentsim::testing
