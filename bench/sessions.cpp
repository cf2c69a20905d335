// Workloads: one simulated session of each strategy under the default environment (full outcome
// accounting, no trace), and a 100,000-session Monte Carlo run of beforeunload_retry on one
// thread and on two.
#include <benchmark/benchmark.h>

#include "agentsim/sim/monte_carlo.h"

namespace {

using agentsim::sim::all_strategy_kinds;
using agentsim::sim::default_config;
using agentsim::sim::MonteCarloOptions;
using agentsim::sim::run_monte_carlo;
using agentsim::sim::run_session;
using agentsim::sim::SessionSpec;
using agentsim::sim::StrategyKind;

void BM_Session(benchmark::State& state) {
  const StrategyKind kind = agentsim::sim::all_strategy_kinds()[static_cast<std::size_t>(state.range(0))];
  SessionSpec spec;
  spec.strategy = default_config(kind);
  std::uint64_t k = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(run_session(spec, 1, k++));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetLabel(std::string(agentsim::sim::to_string(kind)));
}
BENCHMARK(BM_Session)->DenseRange(0, static_cast<int>(agentsim::sim::all_strategy_kinds().size()) - 1);

void BM_MonteCarloRetry100k(benchmark::State& state) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  MonteCarloOptions o;
  o.sessions = 100000;
  o.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(run_monte_carlo(spec, o));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * o.sessions));
}
BENCHMARK(BM_MonteCarloRetry100k)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
