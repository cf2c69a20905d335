// Session specs with closed-form answers, shared by the simulator tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/session.h"

namespace agentsim::sim::testing {

// An environment where only what a test sets can happen: the handler runs with probability
// `p_handler` (tab close) and otherwise the browser crashes; the agent is idle; no contacts
// arrive; setState takes exactly `latency_ms`; every attempt fails with 5xx unless the test
// says otherwise; the unload budget is exactly `budget_ms`.
inline SessionSpec closed_form_spec(StrategyKind kind, double p_handler, double latency_ms,
                                    double budget_ms) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(kind);
  EnvironmentParams& e = spec.env;
  for (const EnvironmentParameter& p : environment_parameters()) {
    if (p.name.rfind("close_weight_", 0) == 0 || p.name.rfind("pre_weight_", 0) == 0) {
      e.*p.field = 0;
    }
  }
  e.close_weight_tab_close = p_handler;
  e.close_weight_crash = 1.0 - p_handler;
  e.crash_reopen_prob = 0;
  e.pre_weight_idle = 1;
  e.contact_arrival_rate_per_min = 0;
  e.setstate_latency_median_ms = e.setstate_latency_p99_ms = latency_ms;
  sim::set_unload_windows_ms(e, budget_ms, budget_ms);
  e.api_5xx_prob = 1.0;
  e.api_429_prob = e.api_timeout_prob = e.api_lost_response_prob = 0;
  return spec;
}

// A retry policy of k attempts with a constant, unjittered backoff and no timeouts.
inline RetryPolicy constant_retry(int attempts, double backoff_ms) {
  return RetryPolicy{attempts, Backoff::Constant, backoff_ms, backoff_ms, Jitter::None, 0, 0};
}

// When (µs after the close) the agent model applied `event` ("PutUserStatus(Offline)",
// "ChooseStatus(Available)") sent by `who` ("server", "agent") and it changed the agent's state,
// read from the session's trace ("PutUserStatus(Offline) by server: <before> -> <after>").
inline std::vector<std::int64_t> times_applied(const Trace& trace, std::string_view event,
                                               std::string_view who) {
  const std::string head = std::string(event) + " by " + std::string(who) + ": ";
  std::vector<std::int64_t> out;
  for (const TraceEntry& e : trace.entries) {
    if (e.source == "model" && e.text.rfind(head, 0) == 0 &&
        e.text.find(" -> ", head.size()) != std::string::npos) {
      out.push_back(e.time_us);
    }
  }
  return out;
}

}  // namespace agentsim::sim::testing
