// Workloads: the bundled default suite end to end (load, simulate, judge; no report writing), and
// `agentsim fuzz` cases per second without shrinking.
#include <benchmark/benchmark.h>

#include "agentsim/scenarios/loader.h"
#include "agentsim/search/check.h"
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


// `agentsim check`: time to verdict and schedules per second, on the bundled seed scenario (the
// seed's setState: violated at the first few schedules) and on the retry case of docs/fuzzing.md
// (3 attempts, constant backoff, no jitter, a 500 ms budget: 200 ms is violated, 100 ms holds).
agentsim::sim::SessionSpec retry_case(double backoff_ms) {
  using namespace agentsim::sim;
  SessionSpec spec;
  spec.profile = agentsim::model::streams_custom();
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry = RetryPolicy{3, Backoff::Constant, backoff_ms, backoff_ms, Jitter::None, 0, 0};
  agentsim::sim::set_unload_windows_ms(spec.env, 500, 500);
  return spec;
}

void run_check(benchmark::State& state, const agentsim::sim::SessionSpec& spec,
               const agentsim::sim::Claim& claim) {
  using namespace agentsim::search;
  CheckOptions o;
  o.properties = {Property::NoGhostAfterCoveredClose};
  std::int64_t schedules = 0;
  for (auto _ : state) {
    const CheckReport r = check_claim(spec, claim, o);
    schedules += r.sessions;
    benchmark::DoNotOptimize(r.results.front().verdict);
  }
  state.SetItemsProcessed(schedules);  // sessions run, each a complete schedule
}

void BM_CheckRetryViolated(benchmark::State& state) {
  const auto spec = retry_case(200);
  run_check(state, spec, agentsim::sim::default_claim(spec.strategy));
}
BENCHMARK(BM_CheckRetryViolated)->Unit(benchmark::kMillisecond);

void BM_CheckRetryHolds(benchmark::State& state) {
  const auto spec = retry_case(100);
  run_check(state, spec, agentsim::sim::default_claim(spec.strategy));
}
BENCHMARK(BM_CheckRetryHolds)->Unit(benchmark::kMillisecond);

void BM_CheckBundledSeed(benchmark::State& state) {
  const auto loaded = agentsim::scenarios::load_default_suite();
  const agentsim::sim::Scenario* seed = nullptr;
  for (const agentsim::sim::Scenario& s : loaded.scenarios) {
    if (s.name == "beforeunload_setstate (the seed's code)") seed = &s;
  }
  if (seed == nullptr) {
    state.SkipWithError("the bundled seed scenario is missing");
    return;
  }
  const auto claim = agentsim::sim::effective_claim(seed->session.strategy, seed->claim,
                                                    seed->session.close_kind, seed->session.pre_close)
                         .claim;
  run_check(state, seed->session, claim);
}
BENCHMARK(BM_CheckBundledSeed)->Unit(benchmark::kMillisecond);

}  // namespace
