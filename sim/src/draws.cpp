#include "agentsim/sim/draws.h"

#include <array>
#include <cmath>

#include "agentsim/sim/time.h"

namespace agentsim::sim {

std::string_view to_string(Duration d) {
  static constexpr std::array<std::string_view, kDurationCount> names = {
      "unload_window_tab_close", "dialog_decision",  "reclose_after_stay", "setstate_latency",
      "put_user_status_latency", "backend_notify_latency", "contact_interarrival",
      "answer_delay",      "talk_time",        "ring_remaining",     "acw_remaining",
      "crash_reopen",      "sleep_duration",   "mobile_kill_delay",  "notice_offline",
      "clear_missed",      "heartbeat_latency", "customer_hangup_after_silence",
      "event_stream_after_logout", "unload_window_browser_quit",
      "unload_window_reload", "unload_window_one_of_two_tabs", "unload_window_logout_button",
      "chat_interarrival", "chat_handle_time"};
  return names[static_cast<int>(d)];
}

Duration unload_window_duration(CloseKind k) {
  switch (k) {
    case CloseKind::BrowserQuit: return Duration::UnloadWindowBrowserQuit;
    case CloseKind::Reload: return Duration::UnloadWindowReload;
    case CloseKind::OneOfTwoTabs: return Duration::UnloadWindowOneOfTwoTabs;
    case CloseKind::LogoutButton: return Duration::UnloadWindowLogoutButton;
    default: return Duration::UnloadWindowTabClose;
  }
}

WindowMs unload_window_ms(const EnvironmentParams& e, CloseKind k) {
  switch (k) {
    case CloseKind::BrowserQuit: return {e.unload_window_browser_quit_min_ms, e.unload_window_browser_quit_max_ms};
    case CloseKind::Reload: return {e.unload_window_reload_min_ms, e.unload_window_reload_max_ms};
    case CloseKind::OneOfTwoTabs: return {e.unload_window_one_of_two_tabs_min_ms, e.unload_window_one_of_two_tabs_max_ms};
    case CloseKind::LogoutButton: return {e.unload_window_logout_button_min_ms, e.unload_window_logout_button_max_ms};
    default: return {e.unload_window_tab_close_min_ms, e.unload_window_tab_close_max_ms};
  }
}

bool is_unload_window(Duration d) {
  return d == Duration::UnloadWindowTabClose || d == Duration::UnloadWindowBrowserQuit ||
         d == Duration::UnloadWindowReload || d == Duration::UnloadWindowOneOfTwoTabs ||
         d == Duration::UnloadWindowLogoutButton;
}

std::string_view to_string(Chance c) {
  static constexpr std::array<std::string_view, kChanceCount> names = {
      "sticky_activation", "dialog_stay",       "delivered_streams_worker",
      "delivered_keepalive", "delivered_beacon",
      "beacon_blocked",    "crash_reopen",      "sleep_return",      "heartbeat_lost",
      "streams_cancel_next_status_fails", "window_after_busy_wait", "mobile_pagehide",
      "delivered_fetch_later"};
  return names[static_cast<int>(c)];
}

std::string_view to_string(Api a) {
  switch (a) {
    case Api::SetState: return "setState";
    case Api::PutUserStatus: return "PutUserStatus";
    case Api::BackendNotify: return "backend notify";
    case Api::DismissUserContact: return "DismissUserContact";
    case Api::GetCurrentUserData: return "GetCurrentUserData";
    case Api::Logout: return "logout";
  }
  return "?";
}

std::string_view to_string(Phase p) {
  return p == Phase::Heartbeat ? "heartbeat_phase" : "sweep_phase";
}

std::string_view to_string(ApiOutcome o) {
  switch (o) {
    case ApiOutcome::Success: return "success";
    case ApiOutcome::ServerError: return "5xx";
    case ApiOutcome::Throttled: return "429";
    case ApiOutcome::Timeout: return "timeout";
    case ApiOutcome::LostResponse: return "lost response";
  }
  return "?";
}

namespace {

// Subsystem tags of the child streams (fixed forever: changing one reshuffles that subsystem).
constexpr std::uint64_t kCloseStream = 1;
constexpr std::uint64_t kApiStream = 2;
constexpr std::uint64_t kContactStream = 3;
constexpr std::uint64_t kAgentStream = 4;
constexpr std::uint64_t kRetryStream = 5;
constexpr std::uint64_t kTimerStream = 6;

// Draws an index with probability proportional to `weights` (non-negative, not all zero).
template <std::size_t N>
std::size_t weighted_index(Rng& rng, const std::array<double, N>& weights) {
  double total = 0;
  for (double w : weights) total += w;
  double u = rng.uniform01() * total;
  for (std::size_t i = 0; i < N; ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  // Rounding can leave u just above the last weight: take the last index with weight.
  for (std::size_t i = N; i-- > 0;) {
    if (weights[i] > 0) return i;
  }
  return 0;
}

}  // namespace

RandomDraws::RandomDraws(const EnvironmentParams& env, std::uint64_t seed,
                         std::uint64_t session_index)
    : RandomDraws(env, Rng::for_stream(seed, session_index)) {}

RandomDraws::RandomDraws(const EnvironmentParams& env, const Rng& session)
    : env_(env),
      timer_rng_(session.child(kTimerStream)),
      close_rng_(session.child(kCloseStream)),
      api_rng_(session.child(kApiStream)),
      contact_rng_(session.child(kContactStream)),
      agent_rng_(session.child(kAgentStream)),
      retry_rng_(session.child(kRetryStream)) {}

CloseKind RandomDraws::close_kind() {
  const EnvironmentParams& e = env_;
  const std::array<double, kCloseKindCount> w = {
      e.close_weight_tab_close,   e.close_weight_browser_quit, e.close_weight_reload,
      e.close_weight_one_of_two_tabs, e.close_weight_crash,    e.close_weight_os_shutdown,
      e.close_weight_sleep,       e.close_weight_mobile_kill,  e.close_weight_logout_button};
  return static_cast<CloseKind>(weighted_index(close_rng_, w));
}

PreClose RandomDraws::pre_close() {
  const EnvironmentParams& e = env_;
  const std::array<double, kPreCloseCount> w = {
      e.pre_weight_idle, e.pre_weight_ringing, e.pre_weight_on_call, e.pre_weight_on_hold,
      e.pre_weight_acw,  e.pre_weight_offline, e.pre_weight_custom,  e.pre_weight_missed};
  return static_cast<PreClose>(weighted_index(close_rng_, w));
}

Rng& RandomDraws::rng_for(Duration d) {
  switch (d) {
    case Duration::UnloadWindowTabClose:
    case Duration::UnloadWindowBrowserQuit:
    case Duration::UnloadWindowReload:
    case Duration::UnloadWindowOneOfTwoTabs:
    case Duration::UnloadWindowLogoutButton:
    case Duration::DialogDecision:
    case Duration::RecloseAfterStay: return close_rng_;
    case Duration::SetStateLatency:
    case Duration::PutUserStatusLatency:
    case Duration::BackendNotifyLatency: return api_rng_;
    case Duration::ContactInterarrival:
    case Duration::AnswerDelay:
    case Duration::TalkTime:
    case Duration::RingRemaining:
    case Duration::AcwRemaining:
    case Duration::SilentHangup:
    case Duration::ChatInterarrival:
    case Duration::ChatHandleTime: return contact_rng_;
    case Duration::HeartbeatLatency:
    case Duration::EventStreamAfterLogout: return timer_rng_;
    default: return agent_rng_;
  }
}

std::int64_t RandomDraws::lognormal_us(Rng& rng, double median_ms, double p99_ms) {
  if (median_ms <= 0) {
    rng.next_u64();  // one draw whatever the parameters, so streams stay aligned
    return 0;
  }
  const double v = LogNormal{median_ms, p99_ms}.sample(rng);
  const double capped = std::min(v, DurationDist::kParamMsMax);
  return ms_to_us(capped);
}

std::int64_t RandomDraws::duration_us(Duration d) {
  const EnvironmentParams& e = env_;
  Rng& rng = rng_for(d);
  switch (d) {
    case Duration::UnloadWindowTabClose:
    case Duration::UnloadWindowBrowserQuit:
    case Duration::UnloadWindowReload:
    case Duration::UnloadWindowOneOfTwoTabs:
    case Duration::UnloadWindowLogoutButton: {
      const CloseKind kinds[] = {CloseKind::TabClose, CloseKind::BrowserQuit, CloseKind::Reload,
                                 CloseKind::OneOfTwoTabs, CloseKind::LogoutButton};
      for (CloseKind k : kinds) {
        if (unload_window_duration(k) != d) continue;
        const WindowMs w = unload_window_ms(e, k);
        return ms_to_us(UniformReal{w.min_ms, w.max_ms}.sample(rng));
      }
      return 0;
    }
    case Duration::DialogDecision:
      return lognormal_us(rng, e.dialog_decision_median_ms, e.dialog_decision_p99_ms);
    case Duration::RecloseAfterStay:
      return lognormal_us(rng, e.reclose_after_stay_median_ms, e.reclose_after_stay_p99_ms);
    case Duration::SetStateLatency:
      return lognormal_us(rng, e.setstate_latency_median_ms, e.setstate_latency_p99_ms);
    case Duration::PutUserStatusLatency:
      return lognormal_us(rng, e.put_user_status_latency_median_ms, e.put_user_status_latency_p99_ms);
    case Duration::BackendNotifyLatency:
      return lognormal_us(rng, e.backend_notify_latency_median_ms, e.backend_notify_latency_p99_ms);
    case Duration::ContactInterarrival: {
      const double mean_ms = 60000.0 / e.contact_arrival_rate_per_min;
      return ms_to_us(std::min(Exponential{mean_ms}.sample(rng), DurationDist::kParamMsMax));
    }
    case Duration::AnswerDelay:
      return lognormal_us(rng, e.answer_delay_median_ms, e.answer_delay_p99_ms);
    case Duration::TalkTime:
      return lognormal_us(rng, e.talk_time_median_ms, e.talk_time_p99_ms);
    case Duration::RingRemaining:
      return ms_to_us(UniformReal{0, e.ring_timeout_ms}.sample(rng));
    case Duration::AcwRemaining:
      return ms_to_us(UniformReal{0, e.acw_duration_ms}.sample(rng));
    case Duration::CrashReopen:
      return lognormal_us(rng, e.crash_reopen_median_ms, e.crash_reopen_p99_ms);
    case Duration::SleepDuration:
      return lognormal_us(rng, e.sleep_duration_median_ms, e.sleep_duration_p99_ms);
    case Duration::MobileKillDelay:
      return lognormal_us(rng, e.mobile_kill_delay_median_ms, e.mobile_kill_delay_p99_ms);
    case Duration::NoticeOffline:
      return lognormal_us(rng, e.notice_offline_median_ms, e.notice_offline_p99_ms);
    case Duration::ClearMissed:
      return lognormal_us(rng, e.clear_missed_median_ms, e.clear_missed_p99_ms);
    case Duration::HeartbeatLatency: return heartbeat_latency_us(e, rng);
    case Duration::SilentHangup:
      return lognormal_us(rng, e.customer_hangup_after_silence_median_ms,
                          e.customer_hangup_after_silence_p99_ms);
    case Duration::EventStreamAfterLogout:
      // [D 10] "up to an hour": uniform on [0, max] — the shape is an assumption [A].
      return ms_to_us(UniformReal{0, e.event_stream_after_logout_max_ms}.sample(rng));
    case Duration::ChatInterarrival: {
      const double mean_ms = 60000.0 / e.chat_arrival_rate_per_min;
      return ms_to_us(std::min(Exponential{mean_ms}.sample(rng), DurationDist::kParamMsMax));
    }
    case Duration::ChatHandleTime:
      return lognormal_us(rng, e.chat_handle_time_median_ms, e.chat_handle_time_p99_ms);
  }
  return 0;
}

bool RandomDraws::chance(Chance c, double factor) {
  const EnvironmentParams& e = env_;
  double p = 0;
  Rng* rng = &agent_rng_;
  switch (c) {
    case Chance::StickyActivation: p = e.sticky_activation_prob; rng = &close_rng_; break;
    case Chance::DialogStay: p = e.dialog_stay_prob; rng = &close_rng_; break;
    case Chance::DeliveredStreamsWorker: p = e.inflight_delivered_prob_streams_worker; rng = &api_rng_; break;
    case Chance::DeliveredKeepalive: p = e.inflight_delivered_prob_keepalive; rng = &api_rng_; break;
    case Chance::DeliveredBeacon: p = e.inflight_delivered_prob_beacon; rng = &api_rng_; break;
    case Chance::BeaconBlocked: p = e.beacon_blocked_prob; rng = &api_rng_; break;
    case Chance::CrashReopen: p = e.crash_reopen_prob; break;
    case Chance::SleepReturn: p = e.sleep_return_prob; break;
    case Chance::HeartbeatLost: p = e.heartbeat_loss_prob; rng = &timer_rng_; break;
    case Chance::CancelNextStatusFails: p = e.streams_cancel_next_status_fail_prob; rng = &api_rng_; break;
    case Chance::WindowAfterBusyWait: p = e.unload_window_after_busy_wait_prob; rng = &close_rng_; break;
    case Chance::MobilePageHide: p = e.mobile_pagehide_prob; rng = &close_rng_; break;
    case Chance::DeliveredFetchLater: p = e.fetch_later_delivery_prob; rng = &api_rng_; break;
  }
  return rng->uniform01() < p * factor;
}

ApiOutcome RandomDraws::api_outcome(Api) {
  const EnvironmentParams& e = env_;
  double u = api_rng_.uniform01();
  if ((u -= e.api_5xx_prob) < 0) return ApiOutcome::ServerError;
  if ((u -= e.api_429_prob) < 0) return ApiOutcome::Throttled;
  if ((u -= e.api_timeout_prob) < 0) return ApiOutcome::Timeout;
  if ((u -= e.api_lost_response_prob) < 0) return ApiOutcome::LostResponse;
  return ApiOutcome::Success;
}

std::int64_t RandomDraws::retry_delay_us(const RetryPolicy& policy, int attempt) {
  return policy.delay_us(attempt, retry_rng_);
}

std::int64_t RandomDraws::phase_us(Phase, std::int64_t period_us) {
  return static_cast<std::int64_t>(timer_rng_.uniform_u64_below(static_cast<std::uint64_t>(period_us)));
}

}  // namespace agentsim::sim
