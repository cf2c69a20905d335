// The space of schedules a search explores for one scenario: for every part of a schedule
// (schedule.h), the values it may take — the declared range of the search, bounded by the
// scenario's environment and, for the properties that depend on a claim, intersected with the
// claim. `agentsim fuzz` draws from it (schedule_generator.h); `agentsim check` enumerates it
// (check.h). One function computes it, so both search the same space and say the same bounds.
//
// Rules (docs/fuzzing.md, "The search space"):
//   - the unload window lies in the environment's windows of the close kinds searched (from the
//     smallest unload_window_*_min_ms to the largest *_max_ms), within a claim also at least the
//     claim's min_unload_window;
//   - API latencies lie in [1 ms, 3 s] (0 when the environment's medians are 0), within a claim
//     at most its max_latency; a failure kind whose probability is 0 is never drawn, nor a
//     timeout within a claim (a claim is for calls that are answered);
//   - log-normal timings lie in their declared range, widened to the environment's p99 when
//     that is larger; a median of 0 fixes 0;
//   - a yes/no choice whose probability is 0 or 1 is fixed; no contact arrives when the
//     contact rate is 0; the pre-close ring or ACW left never exceeds the ring timeout or ACW;
//   - retry delays are those the strategy's retry policy can produce: with `jitter: none` exactly
//     its delay, with full jitter [0, delay], with equal jitter [delay/2, delay];
//   - the heartbeat and sweep phases lie within one period of their timers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/sim/claim.h"
#include "agentsim/sim/session.h"

namespace agentsim::search {

// An inclusive range of microseconds (or of counts). Empty when hi < lo.
struct Range {
  std::int64_t lo = 0;
  std::int64_t hi = 0;
  bool empty() const { return hi < lo; }
  bool contains(std::int64_t x) const { return lo <= x && x <= hi; }
};

struct SearchSpace {
  bool within_claim = false;
  std::vector<sim::CloseKind> close_kinds;
  std::vector<sim::PreClose> pre_close;
  // The failures of one schedule (failed attempts, undelivered requests, a blocked beacon):
  // within a claim at most the claim's budget; otherwise every list element may fail.
  int max_failures = 0;
  bool failures_bounded = false;
  std::vector<sim::ApiOutcome> failure_outcomes;  // the failure kinds that may be drawn
  bool delivery_can_fail = false;
  bool beacon_can_block = false;

  Range unload_window;
  Range api_latency;
  Range notify_latency;
  Range dialog_decision;
  Range reclose_after_stay;
  Range contact_gap;
  Range answer_delay;
  Range talk_time;
  Range ring_remaining;
  Range acw_remaining;
  Range crash_reopen_after;
  Range sleep_duration;
  Range mobile_kill_delay;
  Range notice_offline;
  Range clear_missed;
  Range heartbeat_phase;
  Range sweep_phase;
  Range silent_hangup;   // a call whose last CCP page went: until the customer hangs up
  Range after_logout;    // HEART_BEATs after a logout: [0, event_stream_after_logout_max_ms]

  // The values each yes/no choice may take ({false, true}, or one of them when fixed).
  std::vector<bool> sticky_activation;
  std::vector<bool> window_after_busy_wait;
  std::vector<bool> dialog_stay;
  std::vector<bool> crash_reopen;
  std::vector<bool> sleep_return;
  std::vector<bool> cancel_next_fails;

  // List lengths: at most this many API steps (6, or the claim's failures + 1, up to 64),
  // deliveries, contacts and retry delays.
  int max_api_steps = 6;
  int max_deliveries = 3;
  int max_contacts = 3;
  int max_retry_delays = 5;
  // The policy whose delays the schedule's retry delays are drawn from (the client's retries,
  // else the sweeper's), and the range of the delay before attempt k + 2 (k = 0, 1, ...).
  sim::RetryPolicy retry;
  Range retry_delay(int index) const;

  // Why no schedule lies in the space (e.g. "the environment's unload window (at most 400 ms)
  // lies below the claim's 500 ms"); empty when it has schedules.
  std::string empty_reason;
  bool empty() const { return !empty_reason.empty(); }

  // One line per bound, as a verdict states them: "unload window: 0–25 ms".
  std::vector<std::string> describe() const;
};

// The space for `spec` (its environment and strategy): within `claim` when `within_claim`, else
// over every close kind and state the spec allows. A fixed close kind / pre-close state of the
// spec (a scenario's top-level `close_kind:` / `pre_close:`) narrows both.
SearchSpace search_space(const sim::SessionSpec& spec, const sim::Claim& claim, bool within_claim);

// The range of the delay before attempt `attempt` (>= 2) that `policy` can produce.
Range policy_delay_range(const sim::RetryPolicy& policy, int attempt);

}  // namespace agentsim::search
