// A complete, explicit session schedule: every choice a session would otherwise draw at random —
// what the agent was doing, how and when the session ends, the unload window, each API call's
// latency and outcome, the fate of each request in flight at teardown, the dialog, contact
// arrivals, the agent's timings, retry jitter. ScheduleDraws feeds it to the session engine, so
// the simulator runs the schedule exactly (no random draws of its own) and a schedule replays
// bit-for-bit. `agentsim fuzz` generates schedules; scenario files can hold one (`schedule:`).
// Its fields, with their YAML keys, are listed once: schedule_fields.h (a new member goes there).
//
// When a list runs out, the simplest choice is taken: a call succeeds after 100 ms, a request in
// flight is delivered, no further contact arrives, a retry waits its full (unjittered) delay.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/sim/draws.h"

namespace agentsim::sim {

struct ApiStep {
  std::int64_t latency_us = 100000;
  ApiOutcome outcome = ApiOutcome::Success;
  friend bool operator==(const ApiStep& a, const ApiStep& b) {
    return a.latency_us == b.latency_us && a.outcome == b.outcome;
  }
};

struct Schedule {
  PreClose pre_close = PreClose::Idle;
  CloseKind close_kind = CloseKind::TabClose;
  std::int64_t unload_window_us = 20000;  // from the handler's return until teardown
  std::vector<ApiStep> api;                  // setState / PutUserStatus attempts, in order
  std::int64_t notify_latency_us = 60000;    // page -> backend notification
  std::vector<bool> delivered;               // each in-flight / beacon delivery decision, in order
  bool beacon_blocked = false;
  bool sticky_activation = true;
  bool dialog_stay = false;
  bool window_after_busy_wait = true;  // the unload window follows a busy-waiting handler
  std::int64_t dialog_decision_us = 2000000;
  std::int64_t reclose_after_stay_us = 15000000;
  std::vector<std::int64_t> contact_gaps_us; // waits until each contact is offered while routable
  std::int64_t answer_delay_us = 3000000;
  std::int64_t talk_time_us = 240000000;
  std::int64_t ring_remaining_us = 10000000;
  std::int64_t acw_remaining_us = 30000000;
  bool crash_reopen = false;
  std::int64_t crash_reopen_us = 60000000;
  bool sleep_return = false;
  std::int64_t sleep_duration_us = 600000000;
  std::int64_t mobile_kill_delay_us = 60000000;
  std::int64_t notice_offline_us = 30000000;
  std::int64_t clear_missed_us = 5000000;
  std::vector<std::int64_t> retry_delays_us; // each retry's delay, in order (jitter included)
  // Server side: time since the page's last heartbeat before the close, and until the sweeper's
  // first pass (each taken modulo its period).
  std::int64_t heartbeat_phase_us = 0;
  std::int64_t sweep_phase_us = 0;
  // The customer of a call whose last CCP page went hangs up after this long of silence (or the
  // call ends at its remaining talk time, if sooner).
  std::int64_t silent_hangup_us = 20000000;
  // After a logout (or a session expiry), HEART_BEATs keep coming this long (kept within
  // [0, event_stream_after_logout_max_ms]).
  std::int64_t event_stream_after_logout_us = 3600000000;
  // A Streams setState(Available) that cancels a pending next status fails.
  bool cancel_next_status_fails = false;
  // A mobile close fires pagehide before visibilitychange (drawn only when the environment's
  // mobile_pagehide_prob > 0).
  bool mobile_pagehide = false;

  friend bool operator==(const Schedule& a, const Schedule& b);

  // The failures and surprises in it, counted as "environment events": the close itself, each
  // failed API attempt, each request not delivered, a blocked beacon, each contact arrival.
  int environment_events() const;
};

// Every field as "key: value", with the keys and values of `schedule:` (schedule_fields.h):
// "close_kind: tab_close; pre_close: idle; unload_window_ms: 20.000", then "api: [{outcome: 5xx,
// latency_ms: 50.000}]; then each further attempt succeeds after 100 ms", ... — a list on a line
// of its own, the other fields filling lines. For fuzz output and test messages.
std::string describe(const Schedule& s);

// Plays a Schedule as the session's draws. Counts what the session consumed.
class ScheduleDraws final : public DrawSource {
 public:
  explicit ScheduleDraws(const Schedule& schedule) : s_(schedule) {}

  CloseKind close_kind() override { return s_.close_kind; }
  PreClose pre_close() override { return s_.pre_close; }
  std::int64_t duration_us(Duration d) override;
  bool chance(Chance c, double factor) override;
  ApiOutcome api_outcome(Api api) override;
  std::int64_t retry_delay_us(const RetryPolicy& policy, int attempt) override;
  std::int64_t phase_us(Phase p, std::int64_t period_us) override;

  std::size_t api_used() const { return api_index_; }
  std::size_t contacts_used() const { return contact_index_; }
  std::size_t deliveries_used() const { return delivered_index_; }

 private:
  const Schedule& s_;
  std::size_t api_index_ = 0;         // next API step
  std::int64_t step_latency_us_ = 100000;  // latency of the step taken by the last api_outcome()
  std::size_t delivered_index_ = 0;
  std::size_t contact_index_ = 0;
  std::size_t retry_index_ = 0;
};

}  // namespace agentsim::sim
