// Workloads: the bundled default suite end to end (load, simulate, judge; no report writing), and
// `agentsim fuzz` cases per second without shrinking.
#include <benchmark/benchmark.h>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/fuzz.h"
#include "agentsim/sim/suite.h"

namespace {

void BM_DefaultSuite(benchmark::State& state) {
  for (auto _ : state) {
    const auto loaded = agentsim::scenarios::load_default_suite();
    agentsim::sim::RunOptions o;
    o.threads = static_cast<int>(state.range(0));
    for (const agentsim::sim::Scenario& s : loaded.scenarios) {
      benchmark::DoNotOptimize(agentsim::sim::run_scenario(s, o));
    }
  }
}
BENCHMARK(BM_DefaultSuite)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FuzzCases(benchmark::State& state) {
  using namespace agentsim::sim;
  using namespace agentsim::search;
  SessionSpec spec;
  spec.profile = agentsim::model::streams_custom();
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry = RetryPolicy{3, Backoff::Constant, 50, 50, Jitter::None, 0, 0};
  FuzzOptions o;
  o.properties = {Property::NoGhostAfterCoveredClose};
  o.cases = 10000;
  o.shrink = false;
  const Claim claim = default_claim(spec.strategy);
  for (auto _ : state) {
    const FuzzReport r = fuzz(spec, claim, o);
    benchmark::DoNotOptimize(r.cases_run);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * o.cases);
}
BENCHMARK(BM_FuzzCases)->Unit(benchmark::kMillisecond);

}  // namespace
