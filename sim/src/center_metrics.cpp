// The metrics of center scenarios (center.h): per-shift means with normal intervals over the
// shifts (shifts are independent; the agents and contacts inside one are not, so intervals are
// never computed over contacts as if they were), ratio estimators for per-contact means, and
// exact counts.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

#include "agentsim/sim/center.h"

namespace agentsim::sim {

namespace {

const std::vector<MetricInfo> kCenterMetrics = {
    {"ghost_rate", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost (routable, or offered a contact, while away), "
     "across the center (ratio estimator over shifts)."},
    {"ghost_rate_over_30s", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost for longer than 30 s (ratio estimator over shifts)."},
    {"ghost_rate_over_60s", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost for longer than a minute (ratio estimator over shifts)."},
    {"ghost_rate_over_300s", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the agent was a ghost for longer than five minutes (ratio estimator over "
     "shifts)."},
    {"spurious_offline_rate", MetricKind::Proportion, Better::Lower, "fraction of closes",
     "Closes after which the strategy set a still-working agent Offline (ratio estimator over "
     "shifts)."},
    {"ghost_agent_minutes", MetricKind::Mean, Better::Lower, "min",
     "Agent-minutes of ghosts per shift (summed over agents)."},
    {"contacts_offered_to_ghosts", MetricKind::Mean, Better::Lower, "contacts",
     "Contacts that rang on a ghost, per shift."},
    {"contacts_connected_to_ghosts", MetricKind::Mean, Better::Lower, "contacts",
     "Contacts auto-accept connected to a ghost (nobody answers), per shift."},
    {"chats_missed_on_ghosts", MetricKind::Mean, Better::Lower, "chats",
     "Chats that rang out on a ghost, per shift (each keeps one chat slot until cleared)."},
    {"chats_connected_to_ghosts", MetricKind::Mean, Better::Lower, "chats",
     "Chats auto-accept connected to a ghost (nobody replies), per shift."},
    {"silent_call_minutes", MetricKind::Mean, Better::Lower, "min",
     "Customer-minutes connected to a ghost by auto-accept before hanging up, per shift."},
    {"wait_mean_s", MetricKind::Mean, Better::Lower, "s",
     "Customer wait from arrival until an agent accepts, per contact (ratio estimator over shifts)."},
    {"wait_p95_s", MetricKind::Mean, Better::Lower, "s",
     "Each shift's 95th-percentile customer wait, averaged over shifts."},
    {"wait_added_mean_s", MetricKind::Mean, Better::Lower, "s",
     "Wait added by ghosts (their 20 s rings), per answered contact, most of which add 0 (ratio "
     "estimator over shifts); the knock-on delay to customers queued behind is not counted."},
    {"wait_added_p95_s", MetricKind::Mean, Better::Lower, "s",
     "Each shift's 95th percentile of the wait added by ghosts among the contacts that rang on a "
     "ghost, averaged over the shifts that had one; the knock-on delay to customers queued behind "
     "is not counted."},
    {"throttled_calls", MetricKind::Mean, Better::Lower, "calls",
     "Calls the account's token bucket refused (429), per shift."},
    {"api_calls", MetricKind::Mean, Better::Lower, "calls",
     "setState, PutUserStatus, DismissUserContact and backend notifications, per shift."},
    {"spurious_offline_minutes", MetricKind::Mean, Better::Lower, "min",
     "Working agents' minutes Offline because of the strategy, per shift."},
    {"time_to_clear_last_ghost_s", MetricKind::Mean, Better::Lower, "s",
     "Burst close pattern only: from the burst's first close to the last ghost cleared, per "
     "shift. Undefined when any shift ended with a ghost left (or hit its event budget): such a "
     "shift has no clear time, and leaving it out would flatter the strategy."},
    {"ghosts_at_end", MetricKind::Count, Better::Lower, "agents",
     "Agents still ghosts when the simulation stopped, over all shifts."},
    {"contacts_unserved", MetricKind::Count, Better::Lower, "contacts",
     "Contacts never answered by the end, over all shifts."},
    {"bucket_violations", MetricKind::Count, Better::Lower, "windows",
     "Windows in which the simulator granted more calls than the bucket allows (must be 0)."},
    {"unaccepted_events", MetricKind::Count, Better::Lower, "events",
     "Events the agent model did not accept, over all shifts."},
    {"budget_exceeded_shifts", MetricKind::Count, Better::Lower, "shifts",
     "Shifts stopped by the event budget."},
};

MetricValue ratio_value(const RatioMoments& r, double scale, double confidence) {
  MetricValue v;
  if (r.sum_y.to_double() == 0) {
    v.defined = false;
    return v;
  }
  const Interval i = r.interval(confidence);
  v.estimate = r.ratio() * scale;
  v.interval = {std::max(0.0, i.lo * scale), i.hi * scale};
  return v;
}

// A rate per close (agents counted over closes, per shift), undefined when no agent closed. Its
// interval is the hull of two: the ratio estimator's over shifts (the closes of one shift share its
// queue and its API bucket, so they are not independent) and the Wilson interval of the pooled
// closes (the ratio interval alone collapses to a point when every shift has the same rate — no
// ghost in any shift — or when there is one shift). Clamped to [0, 1].
MetricValue rate_value(const RatioMoments& r, double confidence) {
  MetricValue v = ratio_value(r, 1.0, confidence);
  if (!v.defined) return v;
  const auto count = [](const UInt128& x) {
    return x.hi != 0 ? std::numeric_limits<std::uint64_t>::max() : x.lo;
  };
  const Interval pooled = Proportion{count(r.sum_x), count(r.sum_y)}.wilson(confidence);
  v.interval.lo = std::max(0.0, std::min(v.interval.lo, pooled.lo));
  v.interval.hi = std::min(1.0, std::max(v.interval.hi, pooled.hi));
  return v;
}

}  // namespace

const std::vector<MetricInfo>& center_metrics() { return kCenterMetrics; }

const MetricInfo* find_center_metric(std::string_view name) {
  for (const MetricInfo& m : kCenterMetrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

MetricValue evaluate_center_metric(const CenterSummary& s, std::string_view m, double confidence) {
  const std::uint64_t n = s.shifts;
  if (m == "ghost_rate") return rate_value(s.ghost_per_close, confidence);
  if (m == "ghost_rate_over_30s") return rate_value(s.ghost_over_per_close[0], confidence);
  if (m == "ghost_rate_over_60s") return rate_value(s.ghost_over_per_close[1], confidence);
  if (m == "ghost_rate_over_300s") return rate_value(s.ghost_over_per_close[2], confidence);
  if (m == "spurious_offline_rate") return rate_value(s.spurious_offline_per_close, confidence);
  if (m == "ghost_agent_minutes") return mean_value(s.ghost_agent_ms, n, 1.0 / 60000, confidence);
  if (m == "contacts_offered_to_ghosts") {
    return mean_value(s.contacts_offered_to_ghosts_per_shift, n, 1.0, confidence);
  }
  if (m == "contacts_connected_to_ghosts") {
    return mean_value(s.contacts_connected_to_ghosts_per_shift, n, 1.0, confidence);
  }
  if (m == "chats_missed_on_ghosts") {
    return mean_value(s.chats_missed_on_ghosts_per_shift, n, 1.0, confidence);
  }
  if (m == "chats_connected_to_ghosts") {
    return mean_value(s.chats_connected_to_ghosts_per_shift, n, 1.0, confidence);
  }
  if (m == "silent_call_minutes") return mean_value(s.silent_call_ms, n, 1.0 / 60000, confidence);
  if (m == "wait_mean_s") return ratio_value(s.wait_ms, 1e-3, confidence);
  if (m == "wait_p95_s") return mean_value(s.wait_p95_ms, s.shifts_with_waits, 1e-3, confidence);
  if (m == "wait_added_mean_s") return ratio_value(s.wait_added_ms, 1e-3, confidence);
  if (m == "wait_added_p95_s") {
    return mean_value(s.wait_added_p95_ms, s.shifts_with_ghost_rings, 1e-3, confidence);
  }
  if (m == "throttled_calls") return mean_value(s.throttled_per_shift, n, 1.0, confidence);
  if (m == "api_calls") return mean_value(s.api_calls_per_shift, n, 1.0, confidence);
  if (m == "spurious_offline_minutes") {
    return mean_value(s.spurious_offline_ms, n, 1.0 / 60000, confidence);
  }
  if (m == "time_to_clear_last_ghost_s") {
    // Censored shifts make the mean unknowable, not smaller (CenterSummary::shifts_clear_censored).
    if (s.shifts_clear_censored > 0) {
      MetricValue censored;
      censored.defined = false;
      return censored;
    }
    return mean_value(s.clear_time_ms, s.shifts_with_clear_time, 1e-3, confidence);
  }
  if (m == "ghosts_at_end") return exact_metric(static_cast<double>(s.ghosts_at_end));
  if (m == "contacts_unserved") return exact_metric(static_cast<double>(s.contacts_unserved));
  if (m == "bucket_violations") return exact_metric(static_cast<double>(s.bucket_violations));
  if (m == "unaccepted_events") return exact_metric(static_cast<double>(s.unaccepted_events));
  if (m == "budget_exceeded_shifts") {
    return exact_metric(static_cast<double>(s.budget_exceeded_shifts));
  }
  MetricValue undefined;
  undefined.defined = false;
  return undefined;
}

}  // namespace agentsim::sim
