#include "agentsim/sim/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "agentsim/sim/schedule_fields.h"

namespace agentsim::sim {

namespace {

// The width describe() fills before it starts a new line.
constexpr std::size_t kLineWidth = 100;

}  // namespace

bool operator==(const Schedule& a, const Schedule& b) {
  for (const ScheduleField& f : schedule_fields()) {
    const bool same = std::visit([&](auto member) { return a.*member == b.*member; }, f.member);
    if (!same) return false;
  }
  return true;
}

int Schedule::environment_events() const {
  int n = 1;  // the close
  for (const ApiStep& a : api) n += a.outcome != ApiOutcome::Success ? 1 : 0;
  for (bool d : delivered) n += d ? 0 : 1;
  n += beacon_blocked ? 1 : 0;
  n += static_cast<int>(contact_gaps_us.size());
  return n;
}

std::string describe(const Schedule& s) {
  // Every field of the table as "key: value", in its order: a list on a line of its own (with
  // what follows once it runs out), the other fields filling lines.
  std::string out;
  std::string line;
  const auto flush = [&] {
    if (!line.empty()) out += line + "\n";
    line.clear();
  };
  for (const ScheduleField& f : schedule_fields()) {
    const std::string item = fmt::format("{}: {}", f.key, value_text(f, s));
    if (!f.after_list.empty()) {
      flush();
      out += fmt::format("{}; then {}\n", item, f.after_list);
      continue;
    }
    if (!line.empty() && line.size() + 2 + item.size() > kLineWidth) flush();
    line += (line.empty() ? "" : "; ") + item;
  }
  flush();
  return out;
}

std::int64_t ScheduleDraws::duration_us(Duration d) {
  switch (d) {
    case Duration::UnloadWindowTabClose:
    case Duration::UnloadWindowBrowserQuit:
    case Duration::UnloadWindowReload:
    case Duration::UnloadWindowOneOfTwoTabs:
    case Duration::UnloadWindowLogoutButton: return s_.unload_window_us;
    case Duration::DialogDecision: return s_.dialog_decision_us;
    case Duration::RecloseAfterStay: return s_.reclose_after_stay_us;
    case Duration::SetStateLatency:
    case Duration::PutUserStatusLatency: return step_latency_us_;
    case Duration::BackendNotifyLatency: return s_.notify_latency_us;
    case Duration::ContactInterarrival:
      // After the listed arrivals, none: a wait beyond any horizon.
      if (contact_index_ < s_.contact_gaps_us.size()) return s_.contact_gaps_us[contact_index_++];
      return DurationDist::kSampleUsMax;
    case Duration::AnswerDelay: return s_.answer_delay_us;
    case Duration::TalkTime: return s_.talk_time_us;
    case Duration::RingRemaining: return s_.ring_remaining_us;
    case Duration::AcwRemaining: return s_.acw_remaining_us;
    case Duration::CrashReopen: return s_.crash_reopen_us;
    case Duration::SleepDuration: return s_.sleep_duration_us;
    case Duration::MobileKillDelay: return s_.mobile_kill_delay_us;
    case Duration::NoticeOffline: return s_.notice_offline_us;
    case Duration::ClearMissed: return s_.clear_missed_us;
    case Duration::HeartbeatLatency: return s_.notify_latency_us;
    case Duration::SilentHangup: return s_.silent_hangup_us;
    case Duration::EventStreamAfterLogout: return std::max<std::int64_t>(s_.event_stream_after_logout_us, 0);
    // A schedule lists no chats (the search covers voice only): none arrives, and a chat's
    // handle time is the schedule's one talk time.
    case Duration::ChatInterarrival: return DurationDist::kSampleUsMax;
    case Duration::ChatHandleTime: return s_.talk_time_us;
  }
  return 0;
}

bool ScheduleDraws::chance(Chance c, double) {
  switch (c) {
    case Chance::StickyActivation: return s_.sticky_activation;
    case Chance::DialogStay: return s_.dialog_stay;
    case Chance::DeliveredStreamsWorker:
    case Chance::DeliveredKeepalive:
    case Chance::DeliveredBeacon:
    case Chance::DeliveredFetchLater:
      if (delivered_index_ < s_.delivered.size()) return s_.delivered[delivered_index_++];
      ++delivered_index_;
      return true;
    case Chance::BeaconBlocked: return s_.beacon_blocked;
    case Chance::CrashReopen: return s_.crash_reopen;
    case Chance::SleepReturn: return s_.sleep_return;
    case Chance::HeartbeatLost: return false;
    case Chance::CancelNextStatusFails: return s_.cancel_next_status_fails;
    case Chance::WindowAfterBusyWait: return s_.window_after_busy_wait;
    case Chance::MobilePageHide: return s_.mobile_pagehide;
  }
  return false;
}

ApiOutcome ScheduleDraws::api_outcome(Api) {
  if (api_index_ < s_.api.size()) {
    const ApiStep& step = s_.api[api_index_++];
    step_latency_us_ = step.latency_us;
    return step.outcome;
  }
  ++api_index_;
  step_latency_us_ = ApiStep{}.latency_us;
  return ApiOutcome::Success;
}

std::int64_t ScheduleDraws::retry_delay_us(const RetryPolicy& policy, int attempt) {
  if (retry_index_ < s_.retry_delays_us.size()) {
    // A scheduled jitter draw, kept within what the policy can produce: exactly its delay
    // without jitter, [0, delay] with full jitter, [delay/2, delay] with equal jitter.
    const std::int64_t d = s_.retry_delays_us[retry_index_++];
    return std::min(std::max(d, policy.min_delay_us(attempt)), policy.max_delay_us(attempt));
  }
  ++retry_index_;
  return policy.max_delay_us(attempt);
}

std::int64_t ScheduleDraws::phase_us(Phase p, std::int64_t period_us) {
  const std::int64_t v = p == Phase::Heartbeat ? s_.heartbeat_phase_us : s_.sweep_phase_us;
  return std::max<std::int64_t>(v, 0) % period_us;
}

}  // namespace agentsim::sim
