// The metrics a scenario's expectations can bound, each with a point estimate and a confidence
// interval computed from a Monte Carlo Summary.
//
//   proportions (Wilson interval):   ghost_rate, spurious_offline_rate, offline_rate,
//                                    ghost_at_horizon_rate, ghost_rate_over_30s / _60s / _300s
//                                    (a ghost longer than that many seconds: kGhostOverSeconds)
//   ghost duration, among the ghost sessions, in seconds (order-statistic interval from the
//   histogram): ghost_seconds.p50, ghost_seconds.p95, ghost_seconds.p99; ghost_seconds.mean
//   (normal interval); ghost_seconds.max (the observed maximum: no interval);
//   longest_ghost_seconds (the same, but 0 rather than undefined when no close left a ghost)
//   costs per close (normal interval of the per-session mean): missed_per_1000_closes,
//   ghost_minutes_per_1000_closes, customer_wait_minutes_per_1000_closes,
//   silent_call_minutes_per_1000_closes,
//   spurious_offline_minutes_per_1000_closes, contacts_dropped_per_1000_closes,
//   retries_dropped_per_1000_closes, api_calls_per_close
//   counts (exact): unaccepted_events, budget_exceeded_sessions, ghost_sessions,
//   contacts_offered_to_ghost, spurious_offline_sessions, contacts_dropped, sends_after_teardown
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/monte_carlo.h"

namespace agentsim::sim {

enum class MetricKind { Proportion, Quantile, Mean, Maximum, Count };
enum class Better { Lower, Higher };

struct MetricInfo {
  std::string_view name;
  MetricKind kind;
  Better better;       // which direction is an improvement (for regression gating)
  std::string_view unit;
  std::string_view description;
};

const std::vector<MetricInfo>& metrics();
const MetricInfo* find_metric(std::string_view name);

struct MetricValue {
  double estimate = 0;
  Interval interval;   // lo == hi == estimate for exact metrics
  bool exact = false;  // counts and maxima: no sampling interval
  bool defined = true; // false when there is nothing to measure (e.g. a quantile of no ghosts)
};

// The mean of n per-run values (their moments) times `scale`, with a normal (CLT) interval
// clamped at 0; undefined when n is 0.
MetricValue mean_value(const Moments& m, std::uint64_t n, double scale, double confidence);
// An exact value (a count): no sampling interval.
MetricValue exact_metric(double x);

// REQUIRES: `metric` is a name from metrics(); 0 < confidence < 1.
MetricValue evaluate_metric(const Summary& s, std::string_view metric, double confidence);

}  // namespace agentsim::sim
