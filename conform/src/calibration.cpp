#include "agentsim/conform/calibration.h"

#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>

#include <boost/math/special_functions/gamma.hpp>

#include "agentsim/sim/math_policy.h"

namespace agentsim::conform {

namespace {

// Censored samples are recorded as this (31 years): above every real duration.
constexpr std::int64_t kCensoredUs = std::int64_t{1} << 50;

std::string number(double v) {
  char buf[64];
  if (std::fabs(v) >= 100 || v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  }
  return buf;
}

std::string percent(double confidence) { return number(confidence * 100) + " %"; }

Fit quantile_fit(const char* name, const std::vector<std::int64_t>& values, std::uint64_t censored,
                 double q, double confidence, const char* what, const char* censored_what) {
  Fit f;
  f.name = name;
  f.unit = "ms";
  f.samples = values.size() + censored;
  f.method = std::string(q == 0.5 ? "median" : "99th percentile") + " of " + what +
             " (nearest rank); distribution-free order-statistic CI" +
             (censored > 0 ? std::string(", ") + std::to_string(censored) + " " + censored_what +
                                 " counted as longer than every observed value"
                           : std::string());
  if (f.samples < kMinSamples) {
    f.reason = "too few samples (" + std::to_string(f.samples) + " < " + std::to_string(kMinSamples) + ")";
    return f;
  }
  sim::DurationHistogram h;
  for (std::int64_t v : values) h.record(v < 0 ? 0 : v);
  for (std::uint64_t i = 0; i < censored; ++i) h.record(kCensoredUs);
  const double est_us = static_cast<double>(h.quantile_us(q));
  const sim::Interval ci = h.quantile_interval_us(q, confidence);
  if (est_us >= static_cast<double>(kCensoredUs) / 2) {
    f.reason = "the quantile lies among the censored samples (beyond what the stream shows)";
    return f;
  }
  if (!std::isfinite(ci.hi) || ci.hi >= static_cast<double>(kCensoredUs) / 2) {
    f.reason = "too few samples for a finite " + percent(confidence) + " interval (" +
               std::to_string(f.samples) + ")";
    return f;
  }
  f.fitted = true;
  f.estimate = est_us / 1000.0;
  f.interval = {ci.lo / 1000.0, ci.hi / 1000.0};
  return f;
}

using sim::math::Policy;
using sim::math::bound_or_trivial;

}  // namespace

double regularized_gamma_p(double a, double x) {
  if (x <= 0) return 0;
  return boost::math::gamma_p(a, x, Policy());
}

sim::Interval poisson_interval(std::uint64_t count, double confidence) {
  const double tail = (1 - confidence) / 2;
  const double n = static_cast<double>(count);
  // P(X >= n | mu) = P(n, mu) = tail gives lo; P(X <= n | mu) = Q(n + 1, mu) = tail gives hi.
  sim::Interval out;
  out.lo = count == 0 ? 0
                      : bound_or_trivial(
                            0, [&] { return boost::math::gamma_p_inv(n, tail, Policy()); });
  out.hi = bound_or_trivial(std::numeric_limits<double>::infinity(),
                            [&] { return boost::math::gamma_q_inv(n + 1, tail, Policy()); });
  return out;
}

// A rate of `count` Poisson arrivals in `minutes`, with Garwood's exact interval.
static void set_poisson_rate(Fit& f, std::uint64_t count, double minutes, double confidence) {
  const sim::Interval ci = poisson_interval(count, confidence);
  f.fitted = true;
  f.estimate = static_cast<double>(count) / minutes;
  f.interval = {ci.lo / minutes, ci.hi / minutes};
}

Calibration calibrate(const Samples& s, double confidence) {
  Calibration c;
  c.fits.push_back(quantile_fit("acw_duration_ms", s.acw_us, 0, 0.5, confidence,
                                "the after-contact-work durations (ENDED until removed)", ""));
  c.fits.back().method += "; the configured ACW when the platform ends it, shorter when the agent clears early";
  c.fits.push_back(quantile_fit("answer_delay_median_ms", s.answer_delay_us, s.answer_censored, 0.5,
                                confidence, "the answer delays (CONNECTING until CONNECTED)", "missed rings"));
  c.fits.push_back(quantile_fit("answer_delay_p99_ms", s.answer_delay_us, s.answer_censored, 0.99,
                                confidence, "the answer delays (CONNECTING until CONNECTED)", "missed rings"));
  c.fits.push_back(quantile_fit("talk_time_median_ms", s.talk_time_us, s.talk_censored, 0.5, confidence,
                                "the talk times (CONNECTED until ENDED, hold included)", "calls still connected at the end"));
  c.fits.push_back(quantile_fit("talk_time_p99_ms", s.talk_time_us, s.talk_censored, 0.99, confidence,
                                "the talk times (CONNECTED until ENDED, hold included)", "calls still connected at the end"));
  c.fits.push_back(quantile_fit("clear_missed_median_ms", s.clear_missed_us, 0, 0.5, confidence,
                                "the times from MISSED until the contact is removed", ""));
  c.fits.push_back(quantile_fit("clear_missed_p99_ms", s.clear_missed_us, 0, 0.99, confidence,
                                "the times from MISSED until the contact is removed", ""));
  {
    Fit f;
    f.name = "contact_arrival_rate_per_min";
    f.unit = "per minute";
    f.samples = s.offers_while_routable;
    f.method = "contacts offered to a routable agent / routable agent-minutes (in the model); "
               "Garwood exact Poisson CI";
    const double minutes = static_cast<double>(s.routable_us) / 6e7;
    if (minutes <= 0) {
      f.reason = "no routable time in the log";
    } else if (f.samples < kMinSamples) {
      f.reason = "too few offers (" + std::to_string(f.samples) + " < " + std::to_string(kMinSamples) + ")";
    } else {
      set_poisson_rate(f, f.samples, minutes, confidence);
    }
    c.fits.push_back(f);
  }
  {
    Fit f;
    f.name = "center.contact_rate_per_min";
    f.unit = "per minute";
    f.environment = false;
    f.samples = s.distinct_contacts;
    f.method = "distinct contacts offered / minutes from the first to the last first offer (a center "
               "scenario's contact_rate_per_min when every contact reaches an agent: the agent stream "
               "does not show contacts that never rang); Garwood exact Poisson CI";
    const double minutes = static_cast<double>(s.last_offer_us - s.first_offer_us) / 6e7;
    if (s.distinct_contacts < kMinSamples || minutes <= 0) {
      f.reason = "too few contacts (" + std::to_string(s.distinct_contacts) + " < " + std::to_string(kMinSamples) + ")";
    } else {
      // n - 1 arrivals fall in the span between the first and the last (the first opens it).
      set_poisson_rate(f, s.distinct_contacts - 1, minutes, confidence);
    }
    c.fits.push_back(f);
  }
  {
    Fit f;
    f.name = "missed_rate";
    f.unit = "probability";
    f.environment = false;
    f.samples = s.offers;
    f.method = "missed (MISSED, REJECTED, ERROR) / offered contacts; Wilson score CI";
    if (s.offers < kMinSamples) {
      f.reason = "too few offers (" + std::to_string(s.offers) + " < " + std::to_string(kMinSamples) + ")";
    } else {
      sim::Proportion p;
      p.successes = s.missed;
      p.trials = s.offers;
      f.fitted = true;
      f.estimate = p.estimate();
      f.interval = p.wilson(confidence);
    }
    c.fits.push_back(f);
  }
  c.not_observable = {
      {"close_weight_*, pre_weight_*", "page closes, crashes and reloads leave no record (the Page region is not in the stream)"},
      {"unload_window_*, unload_handler_block_max_ms, streams_worker_hop_ms, inflight_delivered_prob_*, beacon_blocked_prob", "what a closing page sends is not in the stream"},
      {"dialog_*, sticky_activation_prob, reclose_after_stay_*", "the browser's leave-page dialog is not in the stream"},
      {"*_latency_*, api_*_prob, api_timeout_ms", "API calls and their outcomes are not in the stream (who changed a status neither)"},
      {"ring_timeout_ms", "documented as fixed at 20 s [D 11-14]; a miss shows when the ring ended, not the timeout"},
      {"crash_reopen_*, sleep_*, mobile_kill_*, reload_reopen_ms, logout_to_close_ms, notice_offline_*", "the agent's presence at the desk is not in the stream"},
  };
  return c;
}

std::string render_environment_file(const Calibration& c, const std::string& measured_from,
                                    double confidence) {
  std::string out =
      "# agentsim environment file: parameters fitted by `agentsim conform` from an Agent Event Stream.\n"
      "# A scenario includes it with `environment_file: <path>` (relative to the scenario file); its\n"
      "# values override the defaults, and the scenario's own `environment:` overrides them.\n"
      "# Reports list these parameters as measured from the log named below.\n";
  std::string quoted;
  for (char ch : measured_from) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    if (static_cast<unsigned char>(ch) >= 0x20) quoted += ch;
  }
  out += "measured_from: \"" + quoted + "\"\n";
  out += "environment:\n";
  bool any = false;
  for (const Fit& f : c.fits) {
    if (!f.environment || !f.fitted) continue;
    any = true;
    out += "  " + f.name + ": " + number(f.estimate) + "  # " + percent(confidence) + " CI [" +
           number(f.interval.lo) + ", " + number(f.interval.hi) + "], " + std::to_string(f.samples) +
           " samples\n";
  }
  if (!any) out += "  {}\n";
  return out;
}

}  // namespace agentsim::conform
