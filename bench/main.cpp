// agentsim benchmarks (Google Benchmark). One workload per question:
//
//   BM_ModelDispatch/<m>     model/: events per second one AgentMachine dispatches (one core),
//                            m = 0 compiled dispatch (the default), 1 Boost.MSM's process_event
//   BM_Session/<k>           sim/: one session of strategy k (0 none, 1 ccp_v2_logout,
//                            2 beforeunload_setstate, 3 beforeunload_retry, 4 beforeunload_confirm,
//                            5 put_user_status_backend, 6 heartbeat_sweeper,
//                            7 event_stream_sweeper), default environment, full accounting
//   BM_MonteCarloRetry100k/<threads>  sim/: 100,000 sessions of beforeunload_retry
//   BM_DefaultSuite/<threads>         the bundled suite end to end (load, simulate, judge)
//   BM_FuzzCases             sim/: agentsim fuzz cases per second, no shrinking (10,000 cases)
//   BM_CenterShift           sim/: one center shift — 100 agents, 8 h, 12 contacts/min, a shift-
//                            change burst with 100 incoming agents, heartbeat_sweeper (one core)
//   BM_CenterMonteCarlo8/<threads>  sim/: 8 such shifts on 1 and 2 threads
//
// Run: build/agentsim_bench [--benchmark_filter=REGEX]; figures go to docs/performance.md.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
