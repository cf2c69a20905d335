// agentsim benchmarks (Google Benchmark). One workload per question:
//
//   BM_ModelDispatch         model/: events per second one AgentMachine dispatches (one core)
//   BM_Session/<k>           sim/: one session of strategy k (0 none, 1 ccp_v2_logout,
//                            2 beforeunload_setstate, 3 beforeunload_retry, 4 beforeunload_confirm,
//                            5 put_user_status_backend), default environment, full accounting
//   BM_MonteCarloRetry100k/<threads>  sim/: 100,000 sessions of beforeunload_retry
//   BM_DefaultSuite/<threads>         the bundled suite end to end (load, simulate, judge)
//   BM_FuzzCases             sim/: agentsim fuzz cases per second, no shrinking (10,000 cases)
//
// Run: build/agentsim_bench [--benchmark_filter=REGEX]; figures go to docs/performance.md.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
