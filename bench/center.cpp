// Workload: a center-mode shift: 100 agents over an 8-hour shift with 12 contacts/min, a
// shift-change burst (every session ends within 10 minutes of the 7th hour, 100 incoming agents
// log in), heartbeat_sweeper with its default timings; the shared queue, router, token bucket and
// sweeper included. BM_CenterMonteCarlo8: 8 shifts on 1 and 2 threads.
#include <benchmark/benchmark.h>

#include "agentsim/sim/center.h"

namespace {

using namespace agentsim::sim;

CenterSpec shift_change() {
  CenterSpec c;
  c.agents = 100;
  c.incoming_agents = 100;
  c.shift_ms = 8 * 3600000.0;
  c.contact_rate_per_min = 12;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 7 * 3600000.0;
  c.burst_spread_ms = 600000;
  c.after_shift_ms = 1800000;
  return c;
}

void BM_CenterShift(benchmark::State& state) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::HeartbeatSweeper);
  const CenterSpec c = shift_change();
  std::uint64_t k = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const CenterOutcome o = run_center(spec, c, 1, k++);
    events += o.events_processed;
    benchmark::DoNotOptimize(o);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["events/shift"] =
      benchmark::Counter(static_cast<double>(events) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_CenterShift)->Unit(benchmark::kMillisecond);

void BM_CenterMonteCarlo8(benchmark::State& state) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::HeartbeatSweeper);
  const CenterSpec c = shift_change();
  for (auto _ : state) {
    benchmark::DoNotOptimize(run_center_monte_carlo(spec, c, 8, 1, static_cast<int>(state.range(0))));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 8));
}
BENCHMARK(BM_CenterMonteCarlo8)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
