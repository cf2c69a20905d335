#include "agentsim/sim/schedule_fields.h"

#include <fmt/format.h>

#include <cstdlib>

namespace agentsim::sim {

namespace {

using S = Schedule;

const std::vector<ScheduleField> kFields = {
    {"close_kind", &S::close_kind, "How the session ends.", {}},
    {"pre_close", &S::pre_close, "What the agent is doing at the close.", {}},
    {"unload_window_ms", &S::unload_window_us,
     "Time from the beforeunload handler's return (or the dialog's answer) until the browser tears the page down.", {}},
    {"api", &S::api,
     "Each setState / PutUserStatus attempt in order: its outcome and its latency.",
     "each further attempt succeeds after 100 ms"},
    {"notify_latency_ms", &S::notify_latency_us,
     "Latency of a page-to-backend notification (and of a heartbeat).", {}},
    {"delivered", &S::delivered,
     "Whether each request in flight at teardown (or beacon) is delivered, in order.",
     "each further one is delivered"},
    {"beacon_blocked", &S::beacon_blocked, "A beacon is blocked (an ad blocker, a policy).", {}},
    {"sticky_activation", &S::sticky_activation,
     "The page has sticky activation, so a beforeunload dialog may show.", {}},
    {"dialog_stay", &S::dialog_stay, "The agent answers the dialog with Stay.", {}},
    {"window_after_busy_wait", &S::window_after_busy_wait,
     "After a handler that busy-waited, the unload window follows its return (else teardown at once).", {}},
    {"dialog_decision_ms", &S::dialog_decision_us, "Time the agent takes to answer the dialog.",
     {}},
    {"reclose_after_stay_ms", &S::reclose_after_stay_us,
     "Time after Stay until the agent closes again.", {}},
    {"contact_gaps_ms", &S::contact_gaps_us,
     "The wait before each contact is offered while the agent is routable, in order.",
     "no further contact arrives"},
    {"answer_delay_ms", &S::answer_delay_us, "Time a present agent takes to answer a ring.", {}},
    {"talk_time_ms", &S::talk_time_us,
     "Talk time of a call: from its answer, or from the close for a call in progress.", {}},
    {"ring_remaining_ms", &S::ring_remaining_us,
     "Ring time left at the close when the agent was ringing.", {}},
    {"acw_remaining_ms", &S::acw_remaining_us,
     "After-contact work left at the close when the agent was in ACW.", {}},
    {"crash_reopen", &S::crash_reopen, "The agent reopens the CCP after a crash.", {}},
    {"crash_reopen_ms", &S::crash_reopen_us, "Time until the agent reopens after a crash.", {}},
    {"sleep_return", &S::sleep_return, "The agent comes back after the machine slept.", {}},
    {"sleep_duration_ms", &S::sleep_duration_us, "How long the machine sleeps.", {}},
    {"mobile_kill_delay_ms", &S::mobile_kill_delay_us,
     "Time until a mobile OS kills the backgrounded tab.", {}},
    {"notice_offline_ms", &S::notice_offline_us,
     "Time a working agent takes to notice an unwanted Offline and choose Available.", {}},
    {"clear_missed_ms", &S::clear_missed_us,
     "Time a present agent takes to clear a missed-contact state.", {}},
    {"retry_delays_ms", &S::retry_delays_us,
     "Each retry's delay, jitter included, in order (kept within what the policy can draw).",
     "each further retry waits its delay without jitter"},
    {"heartbeat_phase_ms", &S::heartbeat_phase_us,
     "Time since the page's last heartbeat before the close (modulo the heartbeat interval).", {}},
    {"sweep_phase_ms", &S::sweep_phase_us,
     "Time from the close until the sweeper's first pass (modulo the sweep period).", {}},
    {"silent_hangup_ms", &S::silent_hangup_us,
     "Time a customer stays on a call whose last CCP page went (no audio) before hanging up.", {}},
    {"event_stream_after_logout_ms", &S::event_stream_after_logout_us,
     "How long HEART_BEATs keep coming after a logout or a session expiry (at most "
     "event_stream_after_logout_max_ms).", {}},
    {"cancel_next_status_fails", &S::cancel_next_status_fails,
     "A Streams setState(Available) that would cancel a pending next status fails.", {}},
    {"mobile_pagehide", &S::mobile_pagehide,
     "A mobile close fires pagehide first (read only when mobile_pagehide_prob > 0).", {}},
};

const std::vector<std::string_view> kOutcomeKeys = {"success", "5xx", "429", "timeout",
                                                    "lost_response"};

template <class T, class Show>
std::string list_text(const std::vector<T>& items, Show show) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + show(items[i]);
  return out + "]";
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

const std::vector<ScheduleField>& schedule_fields() { return kFields; }

const ScheduleField* find_schedule_field(std::string_view key) {
  for (const ScheduleField& f : kFields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

const std::vector<std::string_view>& api_outcome_keys() { return kOutcomeKeys; }

std::string_view api_outcome_key(ApiOutcome o) {
  return kOutcomeKeys[static_cast<std::size_t>(o)];
}

std::optional<ApiOutcome> parse_api_outcome_key(std::string_view name) {
  for (std::size_t i = 0; i < kOutcomeKeys.size(); ++i) {
    if (kOutcomeKeys[i] == name) return static_cast<ApiOutcome>(i);
  }
  return std::nullopt;
}

std::string ms_text(std::int64_t us) {
  const std::uint64_t magnitude =
      us < 0 ? 0 - static_cast<std::uint64_t>(us) : static_cast<std::uint64_t>(us);
  return fmt::format("{}{}.{:03d}", us < 0 ? "-" : "", magnitude / 1000,
                     static_cast<int>(magnitude % 1000));
}

std::string value_text(const ScheduleField& field, const Schedule& s) {
  const auto ms = [](std::int64_t us) { return ms_text(us); };
  const auto flag = [](bool b) { return std::string(b ? "true" : "false"); };
  return std::visit(
      Overloaded{
          [&](std::int64_t Schedule::*m) { return ms(s.*m); },
          [&](bool Schedule::*m) { return flag(s.*m); },
          [&](std::vector<std::int64_t> Schedule::*m) { return list_text(s.*m, ms); },
          [&](std::vector<bool> Schedule::*m) { return list_text(s.*m, flag); },
          [&](std::vector<ApiStep> Schedule::*m) {
            return list_text(s.*m, [](const ApiStep& a) {
              return fmt::format("{{{}: {}, {}: {}}}", kApiOutcomeKey, api_outcome_key(a.outcome),
                                 kApiLatencyKey, ms_text(a.latency_us));
            });
          },
          [&](CloseKind Schedule::*m) { return std::string(to_string(s.*m)); },
          [&](PreClose Schedule::*m) { return std::string(to_string(s.*m)); },
      },
      field.member);
}

}  // namespace agentsim::sim
