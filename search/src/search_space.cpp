#include "agentsim/search/search_space.h"

#include <fmt/format.h>

#include "agentsim/sim/time.h"

#include <algorithm>
#include <cmath>

namespace agentsim::search {

using namespace sim;

namespace {

constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kS = 1000000;

// Parameters reach the clock through the project's one checked conversion.
std::int64_t us(double ms) { return sim::ms_to_us(ms); }

// tab_close first: shrinking and enumeration start with the most common close kind.
const std::vector<CloseKind> kCloseOrder = {
    CloseKind::TabClose, CloseKind::BrowserQuit, CloseKind::Reload, CloseKind::OneOfTwoTabs,
    CloseKind::LogoutButton, CloseKind::Crash, CloseKind::OsShutdown, CloseKind::Sleep,
    CloseKind::MobileKill};
const std::vector<PreClose> kPreOrder = {PreClose::Idle, PreClose::OnCall, PreClose::Acw,
                                         PreClose::Ringing, PreClose::OnHold, PreClose::Missed,
                                         PreClose::Offline, PreClose::Custom};

// A log-normal timing (median, p99) of the environment: the declared range, widened to the
// p99 when that is larger; a median of 0 means "always 0".
Range lognormal(double median_ms, double p99_ms, Range declared) {
  if (median_ms <= 0) return {0, 0};
  declared.hi = std::max(declared.hi, us(p99_ms));
  return declared;
}

std::vector<bool> choices(double probability) {
  if (probability <= 0) return {false};
  if (probability >= 1) return {true};
  return {false, true};
}

template <class T>
bool contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// "500" or "0.125": whole milliseconds without decimals (schedule files always write three).
std::string readable_ms(std::int64_t x) {
  if (x % kMs == 0) return fmt::format("{}", x / kMs);
  return fmt::format("{:.3f}", static_cast<double>(x) / 1e3);
}

std::string range_text(Range r) {
  if (r.lo == r.hi) return readable_ms(r.lo) + " ms";
  return readable_ms(r.lo) + "–" + readable_ms(r.hi) + " ms";
}

}  // namespace

Range policy_delay_range(const RetryPolicy& policy, int attempt) {
  return {policy.min_delay_us(attempt), policy.max_delay_us(attempt)};
}

Range SearchSpace::retry_delay(int index) const { return policy_delay_range(retry, index + 2); }

SearchSpace search_space(const SessionSpec& spec, const Claim& claim, bool in_claim) {
  const EnvironmentParams& env = spec.env;
  const StrategyConfig& st = spec.strategy;
  SearchSpace s;
  s.within_claim = in_claim;

  // Close kinds and pre-close states: the claim's (in claim order of kCloseOrder), narrowed by a
  // fixed value of the spec.
  for (CloseKind k : kCloseOrder) {
    if (in_claim && !contains(claim.close_kinds, k)) continue;
    if (spec.close_kind && *spec.close_kind != k) continue;
    s.close_kinds.push_back(k);
  }
  for (PreClose p : kPreOrder) {
    if (in_claim && !contains(claim.pre_close, p)) continue;
    if (spec.pre_close && *spec.pre_close != p) continue;
    s.pre_close.push_back(p);
  }
  if (s.close_kinds.empty() || s.pre_close.empty()) {
    s.empty_reason = in_claim ? "the claim covers no close kind or pre-close state of the scenario"
                              : "the scenario allows no close kind or pre-close state";
  }

  s.failures_bounded = in_claim;
  s.max_failures = in_claim ? claim.max_failures : 1000;
  if (env.api_5xx_prob > 0) s.failure_outcomes.push_back(ApiOutcome::ServerError);
  if (env.api_429_prob > 0) s.failure_outcomes.push_back(ApiOutcome::Throttled);
  if (!in_claim && env.api_timeout_prob > 0) s.failure_outcomes.push_back(ApiOutcome::Timeout);
  if (env.api_lost_response_prob > 0) s.failure_outcomes.push_back(ApiOutcome::LostResponse);
  s.delivery_can_fail = env.inflight_delivered_prob_streams_worker < 1 ||
                        env.inflight_delivered_prob_keepalive < 1 ||
                        env.inflight_delivered_prob_beacon < 1 ||
                        env.browser_quit_inflight_delivered_factor < 1;
  s.beacon_can_block = env.beacon_blocked_prob > 0;
  if (in_claim && claim.max_failures <= 0) {
    s.failure_outcomes.clear();
    s.delivery_can_fail = false;
    s.beacon_can_block = false;
  }

  // The windows of the close kinds searched that fire beforeunload (one schedule field plays them
  // all: a schedule has one close kind); the tab close's when none does (then it is never read).
  WindowMs window = unload_window_ms(env, CloseKind::TabClose);
  bool first_window = true;
  for (CloseKind k : s.close_kinds) {
    if (!info(k).beforeunload_fires) continue;
    const WindowMs w = unload_window_ms(env, k);
    window = first_window ? w : WindowMs{std::min(window.min_ms, w.min_ms), std::max(window.max_ms, w.max_ms)};
    first_window = false;
  }
  s.unload_window = {us(window.min_ms), us(window.max_ms)};
  if (in_claim && claim.min_unload_window_us > s.unload_window.lo) {
    s.unload_window.lo = claim.min_unload_window_us;
    if (s.unload_window.empty() && s.empty_reason.empty()) {
      s.empty_reason = fmt::format(
          "the environment's unload window (at most {} ms) lies below the claim's {} ms",
          readable_ms(us(window.max_ms)), readable_ms(claim.min_unload_window_us));
    }
  }

  const Range declared_latency{kMs, 3 * kS};
  const bool latency_zero = env.setstate_latency_median_ms <= 0 && env.put_user_status_latency_median_ms <= 0;
  s.api_latency = latency_zero ? Range{0, 0} : declared_latency;
  s.api_latency.hi = std::max(s.api_latency.hi, latency_zero ? 0 : std::max(us(env.setstate_latency_p99_ms),
                                                                            us(env.put_user_status_latency_p99_ms)));
  s.notify_latency = lognormal(env.backend_notify_latency_median_ms, env.backend_notify_latency_p99_ms,
                               declared_latency);
  if (in_claim && claim.max_latency_us > 0) {
    s.api_latency.hi = std::min(s.api_latency.hi, claim.max_latency_us);
    s.notify_latency.hi = std::min(s.notify_latency.hi, claim.max_latency_us);
    s.api_latency.lo = std::min(s.api_latency.lo, s.api_latency.hi);
    s.notify_latency.lo = std::min(s.notify_latency.lo, s.notify_latency.hi);
  }

  s.dialog_decision = lognormal(env.dialog_decision_median_ms, env.dialog_decision_p99_ms, {100 * kMs, 30 * kS});
  s.reclose_after_stay = lognormal(env.reclose_after_stay_median_ms, env.reclose_after_stay_p99_ms, {kS, 300 * kS});
  s.contact_gap = {kS, 900 * kS};
  if (env.contact_arrival_rate_per_min <= 0) s.max_contacts = 0;
  s.answer_delay = lognormal(env.answer_delay_median_ms, env.answer_delay_p99_ms, {500 * kMs, 25 * kS});
  s.talk_time = lognormal(env.talk_time_median_ms, env.talk_time_p99_ms, {kS, 1800 * kS});
  s.ring_remaining = {kMs, std::min<std::int64_t>(20 * kS, us(env.ring_timeout_ms))};
  s.acw_remaining = {kMs, 120 * kS};
  if (env.acw_duration_ms > 0) s.acw_remaining.hi = std::min(s.acw_remaining.hi, us(env.acw_duration_ms));
  s.ring_remaining.lo = std::min(s.ring_remaining.lo, s.ring_remaining.hi);
  s.acw_remaining.lo = std::min(s.acw_remaining.lo, s.acw_remaining.hi);
  s.crash_reopen_after = lognormal(env.crash_reopen_median_ms, env.crash_reopen_p99_ms, {kS, 1800 * kS});
  s.sleep_duration = lognormal(env.sleep_duration_median_ms, env.sleep_duration_p99_ms, {kS, 3600 * kS});
  s.mobile_kill_delay = lognormal(env.mobile_kill_delay_median_ms, env.mobile_kill_delay_p99_ms, {kS, 1800 * kS});
  s.notice_offline = lognormal(env.notice_offline_median_ms, env.notice_offline_p99_ms, {kS, 600 * kS});
  s.clear_missed = lognormal(env.clear_missed_median_ms, env.clear_missed_p99_ms, {kS, 120 * kS});
  s.silent_hangup = lognormal(env.customer_hangup_after_silence_median_ms,
                              env.customer_hangup_after_silence_p99_ms, {kS, 600 * kS});
  s.after_logout = {0, us(env.event_stream_after_logout_max_ms)};

  const std::int64_t heartbeat_period =
      st.server == ServerSide::EventStreamSweeper ? us(env.event_stream_heartbeat_ms) : us(st.sweeper.heartbeat_interval_ms);
  s.heartbeat_phase = st.server == ServerSide::None ? Range{0, 0} : Range{0, std::max<std::int64_t>(0, heartbeat_period - 1)};
  s.sweep_phase = st.server == ServerSide::None ? Range{0, 0}
                                                : Range{0, std::max<std::int64_t>(0, us(st.sweeper.sweep_period_ms) - 1)};

  s.sticky_activation = choices(env.sticky_activation_prob);
  s.window_after_busy_wait = choices(env.unload_window_after_busy_wait_prob);
  s.dialog_stay = choices(env.dialog_stay_prob);
  s.crash_reopen = choices(env.crash_reopen_prob);
  s.sleep_return = choices(env.sleep_return_prob);
  s.cancel_next_fails = choices(env.streams_cancel_next_status_fail_prob);

  // The client's retries when the strategy has them, else the backend's (sweeper, missed-contact
  // reaction). A composed strategy whose two sides both retry shares the list in time order;
  // each delay is then clamped to the policy that takes it (ScheduleDraws).
  const bool client_retries = st.kind == StrategyKind::BeforeunloadRetry ||
                              st.kind == StrategyKind::BeforeunloadConfirm ||
                              st.kind == StrategyKind::PutUserStatusBackend;
  s.retry = client_retries ? st.retry : st.sweeper.retry;
  if (st.is_composed()) {
    // A composition: the first block with a retry policy (page blocks come first).
    for (const sim::ComponentConfig& c : st.composed) {
      if (c.descriptor->param("max_attempts") != nullptr) {
        s.retry = c.retry();
        break;
      }
    }
  }
  s.max_retry_delays = std::clamp(s.retry.max_attempts - 1, 0, 8);
  // Room for every failure the claim allows, and one more attempt that succeeds (at most 64).
  s.max_api_steps = std::clamp(std::max(6, claim.max_failures + 1), 6, 64);
  s.max_retry_delays = std::max(s.max_retry_delays, std::min(s.max_api_steps - 1, std::max(0, s.retry.max_attempts - 1)));
  return s;
}

std::vector<std::string> SearchSpace::describe() const {
  std::vector<std::string> out;
  auto names = [](const auto& v) {
    std::string t;
    for (auto x : v) t += (t.empty() ? "" : ", ") + std::string(to_string(x));
    return t.empty() ? std::string("none") : t;
  };
  out.push_back("close kinds: " + names(close_kinds));
  out.push_back("pre-close states: " + names(pre_close));
  std::string kinds;
  for (ApiOutcome o : failure_outcomes) kinds += (kinds.empty() ? "" : ", ") + std::string(to_string(o));
  if (delivery_can_fail) kinds += std::string(kinds.empty() ? "" : ", ") + "request lost at teardown";
  if (beacon_can_block) kinds += std::string(kinds.empty() ? "" : ", ") + "beacon blocked";
  out.push_back(failures_bounded ? fmt::format("failures: at most {} ({})", max_failures, kinds.empty() ? "none possible" : kinds)
                                 : fmt::format("failures: any ({})", kinds.empty() ? "none possible" : kinds));
  out.push_back("unload window: " + range_text(unload_window));
  out.push_back("API latency: " + range_text(api_latency) + (within_claim ? " (answered: no timeout)" : ""));
  out.push_back("backend notification latency: " + range_text(notify_latency));
  std::string delays;
  for (int i = 0; i < max_retry_delays; ++i) delays += (i ? ", " : "") + range_text(retry_delay(i));
  out.push_back("retry delays (the policy's): " + (delays.empty() ? std::string("none") : delays));
  out.push_back(fmt::format("contacts: at most {}, gaps {}", max_contacts, range_text(contact_gap)));
  return out;
}

}  // namespace agentsim::search
