// Workloads: center-mode shifts; the shared queue, router, token bucket and sweeper included.
//
// BM_CenterShift/N: one 8-hour shift of N agents (N in 100, 1,000, 10,000) with contacts at N/8
//   per minute (Poisson), a shift-change burst (every session ends within 10 minutes of the 7th
//   hour, N incoming agents log in), 30 minutes after the shift, heartbeat_sweeper with its
//   default timings. Counters: us_per_agent (the time of a shift / N: flat when the center is
//   linear in its work, docs/performance.md "Center mode at 10,000 agents") and events/shift.
// BM_CenterShiftChange: the fixed workload the earlier figures cite: 100 agents, 12 contacts/min,
//   otherwise as BM_CenterShift/100.
// BM_CenterMonteCarlo8: 8 BM_CenterShiftChange shifts on 1 and 2 threads.
#include <benchmark/benchmark.h>

#include "agentsim/sim/center.h"

namespace {

using namespace agentsim::sim;

CenterSpec shift_change(int agents, double contact_rate_per_min) {
  CenterSpec c;
  c.agents = agents;
  c.incoming_agents = agents;
  c.shift_ms = 8 * 3600000.0;
  c.contact_rate_per_min = contact_rate_per_min;
  c.close_pattern = ClosePattern::Burst;
  c.burst_at_ms = 7 * 3600000.0;
  c.burst_spread_ms = 600000;
  c.after_shift_ms = 1800000;
  return c;
}

void run_shifts(benchmark::State& state, const CenterSpec& c) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::HeartbeatSweeper);
  // The shift's own budgets (10,000 + 10,000 agents make 24.4 M events, within the 80 M of
  // max_events_per_shift): a shift that reaches one is an error, not a figure.
  const ShiftBudget budget;
  std::uint64_t k = 0;
  std::uint64_t events = 0;
  for (auto _ : state) {
    const CenterOutcome o = run_center(spec, c, 1, k++, nullptr, budget);
    events += o.events_processed;
    benchmark::DoNotOptimize(o);
    if (o.budget_exceeded) {
      state.SkipWithError("the shift reached a limit of a shift (ShiftBudget): not the full shift");
      break;
    }
  }
  const auto iterations = static_cast<double>(state.iterations());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["events/shift"] = benchmark::Counter(static_cast<double>(events) / iterations);
  // CPU time per shift / agents: agents x iterations per second of the run, inverted (shown in
  // seconds with a prefix: "300us").
  state.counters["us_per_agent"] =
      benchmark::Counter(static_cast<double>(c.agents),
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_CenterShift(benchmark::State& state) {
  const auto agents = static_cast<int>(state.range(0));
  run_shifts(state, shift_change(agents, agents / 8.0));
}
BENCHMARK(BM_CenterShift)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_CenterShiftChange(benchmark::State& state) { run_shifts(state, shift_change(100, 12)); }
BENCHMARK(BM_CenterShiftChange)->Unit(benchmark::kMillisecond);

void BM_CenterMonteCarlo8(benchmark::State& state) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::HeartbeatSweeper);
  const CenterSpec c = shift_change(100, 12);
  for (auto _ : state) {
    benchmark::DoNotOptimize(run_center_monte_carlo(spec, c, 8, 1, static_cast<int>(state.range(0))));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 8));
}
BENCHMARK(BM_CenterMonteCarlo8)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
