// Workload: acceptance 1 of #16 — examples/sweeps/retry-sweep.yaml's 30 points (max_attempts 1-6
// x base_ms {50, 100, 200, 400, 800}, 20,000 sessions each) loaded, run on 2 threads, summarized,
// and its table, CSV, JSON and HTML rendered (everything `agentsim run` does but the writing).
#include <benchmark/benchmark.h>

#include "agentsim/reports/sweep_report.h"
#include "agentsim/scenarios/loader.h"
#include "agentsim/sim/suite.h"

namespace {

void BM_Sweep30(benchmark::State& state) {
  const std::string file = std::string(AGENTSIM_SOURCE_DIR) + "/examples/sweeps/retry-sweep.yaml";
  std::uint64_t sessions = 0;
  for (auto _ : state) {
    const auto loaded = agentsim::scenarios::load_scenario_file(file);
    if (!loaded.ok() || loaded.scenarios.size() != 30) {
      state.SkipWithError("examples/sweeps/retry-sweep.yaml did not load 30 points");
      return;
    }
    agentsim::sim::RunOptions o;
    o.threads = static_cast<int>(state.range(0));
    agentsim::sim::SuiteResult result;
    for (const agentsim::sim::Scenario& s : loaded.scenarios) {
      result.scenarios.push_back(agentsim::sim::run_scenario(s, o));
      sessions += result.scenarios.back().sessions_run;
    }
    const auto sweeps = agentsim::sim::summarize_sweeps(result);
    benchmark::DoNotOptimize(agentsim::reports::render_sweep_terminal(sweeps, result));
    benchmark::DoNotOptimize(agentsim::reports::render_sweep_csv(sweeps, result));
    benchmark::DoNotOptimize(agentsim::reports::render_sweep_json(sweeps, result));
    benchmark::DoNotOptimize(agentsim::reports::render_sweep_html(sweeps, result));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(sessions));
}
BENCHMARK(BM_Sweep30)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
