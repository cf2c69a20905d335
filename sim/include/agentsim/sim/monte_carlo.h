// Monte Carlo over N sessions: integer accumulators (exactly mergeable, so results are
// byte-identical for any thread count), rates with confidence intervals, ghost-duration quantiles
// from a constant-memory histogram, and expected costs per 1000 closes.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/stats.h"

namespace agentsim::sim {

// The ghost durations the `ghost_rate_over_<N>s` metrics count beyond (strictly longer than N
// seconds), as teams state their targets: longer than a ring (30 s), a minute, five minutes.
inline constexpr std::array<std::int64_t, 3> kGhostOverSeconds = {30, 60, 300};

// Sum and sum of squares of a non-negative integer per-session value, exactly (so merges are
// order-independent), for the mean and its normal confidence interval.
struct Moments {
  UInt128 sum;
  UInt128 sum_squares;
  void add(std::uint64_t v);
  void merge(const Moments& o);
  double mean(std::uint64_t n) const;
  // Standard deviation of the values (population form, n in the denominator).
  double sd(std::uint64_t n) const;
  // The two sums as four words (tally_words.h), and back; false when the words run out.
  void encode(Words& out) const {
    put(out, sum);
    put(out, sum_squares);
  }
  bool decode(WordReader& in) { return in.take(sum) && in.take(sum_squares); }
  friend bool operator==(const Moments& a, const Moments& b) {
    return a.sum == b.sum && a.sum_squares == b.sum_squares;
  }
};

struct Summary {
  std::uint64_t sessions = 0;
  std::uint64_t agents_left = 0;            // sessions in which the agent walked away
  std::uint64_t ghost_sessions = 0;         // ghost_us > 0
  std::uint64_t ghost_at_horizon = 0;
  std::uint64_t spurious_offline_sessions = 0;
  std::uint64_t offline_at_end = 0;
  std::uint64_t budget_exceeded = 0;
  std::uint64_t sessions_with_unaccepted = 0;
  std::uint64_t unaccepted_events = 0;

  std::uint64_t contacts_offered_to_ghost = 0;
  std::uint64_t contacts_connected_to_ghost = 0;  // auto-accept: connected to nobody [D 50]
  std::uint64_t contacts_missed_on_ghost = 0;
  std::uint64_t contacts_missed_after_teardown = 0;  // of those: offered while unloading
  // Chat [D 13]: offered to, missed on, and auto-accepted by ghosts [D 50].
  std::uint64_t chats_offered_to_ghost = 0;
  std::uint64_t chats_missed_on_ghost = 0;
  std::uint64_t chats_connected_to_ghost = 0;
  std::uint64_t contacts_dropped_by_strategy = 0;
  std::uint64_t setstate_sent = 0;
  std::uint64_t put_user_status_sent = 0;
  std::uint64_t backend_notifies_sent = 0;
  std::uint64_t dismiss_sent = 0;            // DismissUserContact (missed-contact reaction)
  std::uint64_t heartbeats_sent = 0;         // page heartbeats (heartbeat sweeper; not API calls)
  std::uint64_t sweeper_detections = 0;      // the sweeper found an agent silent and acted
  std::uint64_t api_failures_seen = 0;
  std::uint64_t throttled = 0;
  std::uint64_t requests_cancelled_at_teardown = 0;
  std::uint64_t retries_dropped_at_teardown = 0;
  std::uint64_t sends_after_teardown = 0;
  std::uint64_t dialogs_shown = 0;
  std::uint64_t events_processed = 0;

  UInt128 ghost_us_sum;
  UInt128 customer_wait_added_us_sum;
  UInt128 spurious_offline_us_sum;

  DurationHistogram ghost_durations;  // ghost_us of the ghost sessions

  // Per-session values for means with intervals (milliseconds for durations).
  Moments missed_per_session;          // contacts missed on a ghost
  Moments chats_missed_per_session;    // chats missed on a ghost [D 13]
  Moments ghost_ms_per_session;
  Moments customer_wait_ms_per_session;
  Moments silent_call_ms_per_session;
  Moments spurious_offline_ms_per_session;
  Moments api_calls_per_session;
  Moments contacts_dropped_per_session;
  Moments retries_dropped_per_session;

  std::array<std::uint64_t, kCloseKindCount> closes_by_kind{};
  std::array<std::uint64_t, kCloseKindCount> ghosts_by_kind{};
  // Closes that left a ghost for longer than kGhostOverSeconds[i] seconds.
  std::array<std::uint64_t, kGhostOverSeconds.size()> ghosts_over{};

  void add(const Outcome& o);
  void merge(const Summary& other);  // exact and order-independent

  Proportion ghost_rate() const { return {ghost_sessions, sessions}; }
  Proportion spurious_offline_rate() const { return {spurious_offline_sessions, sessions}; }
  Proportion offline_rate() const { return {offline_at_end, sessions}; }
  // Expected costs per 1000 closes.
  double missed_per_1000_closes() const;
  double ghost_minutes_per_1000_closes() const;
  double customer_wait_minutes_per_1000_closes() const;
  double api_calls_per_close() const;

  friend bool operator==(const Summary& a, const Summary& b);
};

// The exact encoding of a Summary as 64-bit words, for shards' partial results (agentsim run
// --shard, agentsim merge): decoding what encode_words wrote gives an equal Summary, and merging
// decoded shards gives exactly what one run accumulates. summary_layout() names the encoding (it
// changes with the fields), so words of another layout are refused rather than misread;
// decode_words also refuses words no Summary encodes, saying why.
Words encode_words(const Summary& s);
bool decode_words(const Words& words, Summary& out, std::string& error);
std::string summary_layout();

// The most sessions a single-agent scenario may sample (`sessions`, `max_sessions`, `run
// --sessions`, `simulate --sessions`): at the bundled strategies' 0.16 to 1.9 million sessions/s
// per core (docs/performance.md), 10^8 sessions take one core 1 to 10 minutes. (A center
// scenario counts shifts: kMaxShifts, center.h.)
inline constexpr std::uint64_t kMaxSessions = 100000000;
// Those throughputs, for messages that say how long a number of sessions would take.
inline constexpr double kSessionsPerSecondSlowest = 160000;   // event_stream_sweeper
inline constexpr double kSessionsPerSecondFastest = 1900000;  // none
// How long `sessions` sessions take one core at those throughputs: "8.8 min to 1.7 h" (at most
// "over a year").
std::string sessions_duration_range(double sessions);

struct MonteCarloOptions {
  std::uint64_t seed = 1;
  std::uint64_t sessions = 10000;
  std::uint64_t first_session = 0;  // sessions first_session .. first_session + sessions - 1
  int threads = 0;                  // 0: all hardware threads
  // Read, never written: when it becomes true (a SIGINT), the workers stop between sessions and
  // the partial summary returned is to be discarded. Null, or never true, changes nothing.
  const std::atomic<bool>* stop = nullptr;
};

// REQUIRES: spec.validate() is empty.
Summary run_monte_carlo(const SessionSpec& spec, const MonteCarloOptions& options);

}  // namespace agentsim::sim
