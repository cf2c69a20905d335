#include "model/reachable_views.h"

#include <utility>

#include "model/reference_model.h"

namespace agentsim::testing {
namespace {

using model::AgentMachine;
using model::AgentView;
using model::DispatchResult;
using model::Event;

}  // namespace

std::vector<ReachableView> reference_reachable(const model::PlatformProfile& p,
                                               const std::vector<Event>& events) {
  std::vector<bool> seen(model::kViewCodeCount, false);
  std::vector<ReachableView> found{{AgentView{}, {}}};
  seen[model::view_code(AgentView{})] = true;
  for (std::size_t next = 0; next < found.size(); ++next) {
    for (const Event& e : events) {
      const reference::RefResult r = reference::ref_step(found[next].view, e, p);
      if (r.result != DispatchResult::Applied || seen[model::view_code(r.after)]) continue;
      seen[model::view_code(r.after)] = true;
      std::vector<Event> path = found[next].path;
      path.push_back(e);
      found.push_back({r.after, std::move(path)});
    }
  }
  return found;
}

std::vector<ReachableView> machine_reachable(const model::PlatformProfile& p,
                                             const std::vector<Event>& events,
                                             model::DispatchMode mode) {
  std::vector<bool> seen(model::kViewCodeCount, false);
  std::vector<ReachableView> found{{AgentView{}, {}}};
  std::vector<AgentMachine> machines{AgentMachine(p, mode)};
  seen[model::view_code(machines.front().view())] = true;
  found.front().view = machines.front().view();
  for (std::size_t next = 0; next < found.size(); ++next) {
    for (const Event& e : events) {
      AgentMachine m = machines[next];
      if (m.dispatch(e) != DispatchResult::Applied || seen[model::view_code(m.view())]) continue;
      seen[model::view_code(m.view())] = true;
      std::vector<Event> path = found[next].path;
      path.push_back(e);
      found.push_back({m.view(), std::move(path)});
      machines.push_back(std::move(m));
    }
  }
  return found;
}

AgentMachine machine_after(const model::PlatformProfile& p, const std::vector<Event>& path,
                           std::vector<DispatchResult>* results, model::DispatchMode mode) {
  AgentMachine m(p, mode);
  for (const Event& e : path) {
    const DispatchResult r = m.dispatch(e);
    if (results != nullptr) results->push_back(r);
  }
  return m;
}

}  // namespace agentsim::testing
