#include "agentsim/sim/metrics.h"

#include <cmath>
#include <limits>

#include "agentsim/sim/distributions.h"

namespace agentsim::sim {

namespace {

// The names ghost_rate_over_30s, _60s and _300s say these thresholds.
static_assert(kGhostOverSeconds[0] == 30 && kGhostOverSeconds[1] == 60 && kGhostOverSeconds[2] == 300);

const std::vector<MetricInfo> kMetrics = {
    {"ghost_rate", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost (routable while away) for any time."},
    {"spurious_offline_rate", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the strategy set a still-working agent Offline."},
    {"offline_rate", MetricKind::Proportion, Better::Higher, "fraction of closes",
     "Closes after which the agent's status was Offline when the simulation stopped."},
    {"ghost_at_horizon_rate", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was still a ghost at the horizon."},
    {"ghost_rate_over_30s", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost for longer than 30 s (longer than one ring)."},
    {"ghost_rate_over_60s", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost for longer than a minute."},
    {"ghost_rate_over_300s", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost for longer than five minutes."},
    {"ghost_seconds.p50", MetricKind::Quantile, Better::Lower, "s",
     "Median ghost duration, among the closes that left a ghost."},
    {"ghost_seconds.p95", MetricKind::Quantile, Better::Lower, "s",
     "95th percentile of the ghost duration, among the closes that left a ghost."},
    {"ghost_seconds.p99", MetricKind::Quantile, Better::Lower, "s",
     "99th percentile of the ghost duration, among the closes that left a ghost."},
    {"ghost_seconds.mean", MetricKind::Mean, Better::Lower, "s",
     "Mean ghost duration, among the closes that left a ghost."},
    {"ghost_seconds.max", MetricKind::Maximum, Better::Lower, "s",
     "Longest ghost observed (no interval: a maximum only grows with more sessions)."},
    {"longest_ghost_seconds", MetricKind::Maximum, Better::Lower, "s",
     "Longest ghost observed, 0 when no close left a ghost (defined whenever a session ran: the "
     "replay files of the search bound it)."},
    {"missed_per_1000_closes", MetricKind::Mean, Better::Lower, "contacts",
     "Contacts that rang out on a ghost, per 1000 closes."},
    {"chats_missed_per_1000_closes", MetricKind::Mean, Better::Lower, "chats",
     "Chats that rang out on a ghost, per 1000 closes (each keeps one chat slot until cleared)."},
    {"ghost_minutes_per_1000_closes", MetricKind::Mean, Better::Lower, "min",
     "Ghost time per 1000 closes."},
    {"customer_wait_minutes_per_1000_closes", MetricKind::Mean, Better::Lower, "min",
     "Ring time customers spent on ghosts, per 1000 closes."},
    {"silent_call_minutes_per_1000_closes", MetricKind::Mean, Better::Lower, "min",
     "Time customers spent connected to an agent who is not there — a call whose CCP page was "
     "gone (no audio [C 52]) or a contact auto-accept connected to a ghost [D 50] — per 1000 "
     "closes."},
    {"spurious_offline_minutes_per_1000_closes", MetricKind::Mean, Better::Lower, "min",
     "Time working agents spent wrongly Offline, per 1000 closes."},
    {"contacts_dropped_per_1000_closes", MetricKind::Mean, Better::Lower, "contacts",
     "After-contact work of a working agent cut short by the strategy, per 1000 closes."},
    {"retries_dropped_per_1000_closes", MetricKind::Mean, Better::Lower, "retries",
     "Retries scheduled but dropped at page teardown, per 1000 closes."},
    {"api_calls_per_close", MetricKind::Mean, Better::Lower, "calls",
     "setState, backend notifications and PutUserStatus attempts per close."},
    {"unaccepted_events", MetricKind::Count, Better::Lower, "events",
     "Events the formal model did not accept (a simulator defect when non-zero)."},
    {"budget_exceeded_sessions", MetricKind::Count, Better::Lower, "sessions",
     "Sessions stopped by their event or call budget."},
    {"ghost_sessions", MetricKind::Count, Better::Lower, "sessions",
     "Closes that left a ghost (a count: for exact schedules, where every session is the same)."},
    {"contacts_offered_to_ghost", MetricKind::Count, Better::Lower, "contacts",
     "Contacts offered to a ghost, in all."},
    {"contacts_connected_to_ghost", MetricKind::Count, Better::Lower, "contacts",
     "Contacts auto-accept connected to a ghost (nobody answers; the customer hangs up), in all."},
    {"chats_connected_to_ghost", MetricKind::Count, Better::Lower, "chats",
     "Chats auto-accept connected to a ghost (nobody replies; the customer leaves), in all."},
    {"spurious_offline_sessions", MetricKind::Count, Better::Lower, "sessions",
     "Closes after which a still-working agent was set Offline, in all."},
    {"contacts_dropped", MetricKind::Count, Better::Lower, "contacts",
     "Working agents' after-contact work cut short by the strategy, in all."},
    {"sends_after_teardown", MetricKind::Count, Better::Lower, "requests",
     "Requests a page sent after its teardown (an engine defect when non-zero)."},
};

// Mean of the per-session value over the ghost sessions only: the non-ghost sessions add 0 to
// both sums, so the moments over all sessions serve with n = ghost sessions.
MetricValue ghost_mean_seconds(const Summary& s, double confidence) {
  return mean_value(s.ghost_ms_per_session, s.ghost_sessions, 1e-3, confidence);
}

MetricValue exact(double x) { return exact_metric(x); }

}  // namespace

MetricValue mean_value(const Moments& m, std::uint64_t n, double scale, double confidence) {
  MetricValue v;
  if (n == 0) {
    v.defined = false;
    return v;
  }
  // Our inverse_normal_cdf, not Boost.Math's normal quantile: distributions.h says why.
  const double z = inverse_normal_cdf(0.5 + confidence / 2.0);
  const double mean = m.mean(n) * scale;
  const double half = z * m.sd(n) * scale / std::sqrt(static_cast<double>(n));
  v.estimate = mean;
  v.interval = {std::max(0.0, mean - half), mean + half};
  return v;
}

MetricValue exact_metric(double x) {
  MetricValue v;
  v.estimate = x;
  v.interval = {x, x};
  v.exact = true;
  return v;
}

const std::vector<MetricInfo>& metrics() { return kMetrics; }

const MetricInfo* find_metric(std::string_view name) {
  for (const MetricInfo& m : kMetrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

MetricValue evaluate_metric(const Summary& s, std::string_view name, double confidence) {
  const std::uint64_t n = s.sessions;
  auto proportion = [&](std::uint64_t k) {
    MetricValue v;
    const Proportion p{k, n};
    v.defined = n > 0;
    v.estimate = p.estimate();
    v.interval = p.wilson(confidence);
    return v;
  };
  auto quantile = [&](double q) {
    MetricValue v;
    if (s.ghost_durations.count() == 0) {
      v.defined = false;
      return v;
    }
    v.estimate = static_cast<double>(s.ghost_durations.quantile_us(q)) / 1e6;
    const Interval ci = s.ghost_durations.quantile_interval_us(q, confidence);
    v.interval = {ci.lo / 1e6, ci.hi / 1e6};
    return v;
  };
  if (name == "ghost_rate") return proportion(s.ghost_sessions);
  if (name == "spurious_offline_rate") return proportion(s.spurious_offline_sessions);
  if (name == "offline_rate") return proportion(s.offline_at_end);
  if (name == "ghost_at_horizon_rate") return proportion(s.ghost_at_horizon);
  if (name == "ghost_rate_over_30s") return proportion(s.ghosts_over[0]);
  if (name == "ghost_rate_over_60s") return proportion(s.ghosts_over[1]);
  if (name == "ghost_rate_over_300s") return proportion(s.ghosts_over[2]);
  if (name == "ghost_seconds.p50") return quantile(0.50);
  if (name == "ghost_seconds.p95") return quantile(0.95);
  if (name == "ghost_seconds.p99") return quantile(0.99);
  if (name == "ghost_seconds.mean") return ghost_mean_seconds(s, confidence);
  if (name == "ghost_seconds.max") {
    MetricValue v = exact(static_cast<double>(s.ghost_durations.max_us()) / 1e6);
    v.defined = s.ghost_durations.count() > 0;
    return v;
  }
  if (name == "longest_ghost_seconds") {
    MetricValue v = exact(static_cast<double>(s.ghost_durations.max_us()) / 1e6);
    v.defined = n > 0;
    return v;
  }
  if (name == "missed_per_1000_closes") return mean_value(s.missed_per_session, n, 1000.0, confidence);
  if (name == "chats_missed_per_1000_closes")
    return mean_value(s.chats_missed_per_session, n, 1000.0, confidence);
  if (name == "ghost_minutes_per_1000_closes")
    return mean_value(s.ghost_ms_per_session, n, 1000.0 / 60000.0, confidence);
  if (name == "silent_call_minutes_per_1000_closes")
    return mean_value(s.silent_call_ms_per_session, n, 1000.0 / 60000.0, confidence);
  if (name == "customer_wait_minutes_per_1000_closes")
    return mean_value(s.customer_wait_ms_per_session, n, 1000.0 / 60000.0, confidence);
  if (name == "spurious_offline_minutes_per_1000_closes")
    return mean_value(s.spurious_offline_ms_per_session, n, 1000.0 / 60000.0, confidence);
  if (name == "contacts_dropped_per_1000_closes")
    return mean_value(s.contacts_dropped_per_session, n, 1000.0, confidence);
  if (name == "retries_dropped_per_1000_closes")
    return mean_value(s.retries_dropped_per_session, n, 1000.0, confidence);
  if (name == "api_calls_per_close") return mean_value(s.api_calls_per_session, n, 1.0, confidence);
  if (name == "unaccepted_events") return exact(static_cast<double>(s.unaccepted_events));
  if (name == "budget_exceeded_sessions") return exact(static_cast<double>(s.budget_exceeded));
  if (name == "ghost_sessions") return exact(static_cast<double>(s.ghost_sessions));
  if (name == "contacts_offered_to_ghost") return exact(static_cast<double>(s.contacts_offered_to_ghost));
  if (name == "contacts_connected_to_ghost") return exact(static_cast<double>(s.contacts_connected_to_ghost));
  if (name == "chats_connected_to_ghost") return exact(static_cast<double>(s.chats_connected_to_ghost));
  if (name == "spurious_offline_sessions") return exact(static_cast<double>(s.spurious_offline_sessions));
  if (name == "contacts_dropped") return exact(static_cast<double>(s.contacts_dropped_by_strategy));
  if (name == "sends_after_teardown") return exact(static_cast<double>(s.sends_after_teardown));
  MetricValue undefined;
  undefined.defined = false;
  return undefined;
}

}  // namespace agentsim::sim
