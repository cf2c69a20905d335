// Workload: model event dispatch. How many events per second one AgentMachine processes on one
// core, over a fixed cycle that visits every contact state (the hot path of every simulation).
//   BM_ModelDispatch/0  the default, compiled dispatch (one lookup in the table compiled from MSM)
//   BM_ModelDispatch/1  Boost.MSM's process_event for every event (what the table is compiled from)
#include <benchmark/benchmark.h>

#include <array>
#include <string>

#include "agentsim/model/agent_machine.h"

namespace {

using agentsim::model::AgentMachine;
using agentsim::model::DispatchMode;
using agentsim::model::Event;
using agentsim::model::EventKind;
using agentsim::model::Status;

void BM_ModelDispatch(benchmark::State& state) {
  const auto mode = static_cast<DispatchMode>(state.range(0));
  AgentMachine m(agentsim::model::ccp_v2(), mode);
  m.dispatch(Event::of(EventKind::PageOpen));
  m.dispatch(Event::of(EventKind::Login));
  // A closed cycle: Available -> ring -> connect -> hold -> resume -> end -> ACW (Offline chosen
  // as next status) -> clear (applies Offline) -> Available again.
  const std::array<Event, 10> cycle = {
      Event::choose(Status::Available),     Event::of(EventKind::ContactOffered),
      Event::of(EventKind::ContactAccepted), Event::of(EventKind::Hold),
      Event::of(EventKind::Resume),          Event::choose(Status::Offline),
      Event::of(EventKind::ContactEnded),    Event::of(EventKind::ClearContact),
      Event::of(EventKind::ContactOffered),  // unaccepted: Offline agents are not offered
      Event::choose(Status::Available)};
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(m.dispatch(cycle[i]));
    i = (i + 1 == cycle.size()) ? 0 : i + 1;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetLabel(std::string(agentsim::model::to_string(mode)));
}
BENCHMARK(BM_ModelDispatch)->Arg(static_cast<int>(DispatchMode::Compiled))
    ->Arg(static_cast<int>(DispatchMode::Msm));

}  // namespace


