// Every random choice a session makes goes through a DrawSource, named by what it decides. The
// Monte Carlo runner uses RandomDraws (seeded streams, portable distributions); property-based
// search (`agentsim fuzz`) supplies an exact schedule instead, so a counterexample replays
// bit-for-bit.
#pragma once

#include <cstdint>
#include <string_view>

#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/distributions.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/random.h"
#include "agentsim/sim/retry_policy.h"
#include "agentsim/sim/strategy.h"

namespace agentsim::sim {

// The durations a session draws.
enum class Duration : std::uint8_t {
  UnloadWindowTabClose,  // the handler returned (or the dialog was answered) until teardown
  DialogDecision,        // dialog shown until answered
  RecloseAfterStay,      // Stay until the agent closes again
  SetStateLatency,       // setState round trip
  PutUserStatusLatency,  // PutUserStatus round trip
  BackendNotifyLatency,  // page to backend
  ContactInterarrival,   // next contact offered to a routable agent
  AnswerDelay,           // ringing until a present agent accepts
  TalkTime,              // connected until the call ends
  RingRemaining,         // pre-close ringing: time left before the ring timeout
  AcwRemaining,          // pre-close ACW: time left
  CrashReopen,           // crash until the agent opens the CCP again
  SleepDuration,         // asleep/offline until the agent returns
  MobileKillDelay,       // backgrounded until the tab is killed
  NoticeOffline,         // a working agent notices an unwanted Offline
  ClearMissed,           // a present agent clears a missed contact
  HeartbeatLatency,      // a page heartbeat to the team's backend
  SilentHangup,          // the last CCP page went during a call: until the customer hangs up
  EventStreamAfterLogout,  // after a logout (or expiry): how long HEART_BEATs keep coming
  // The unload window of the other close kinds that fire beforeunload (UnloadWindowTabClose
  // is the first enumerator: the draw's place in the list is unchanged).
  UnloadWindowBrowserQuit,
  UnloadWindowReload,
  UnloadWindowOneOfTwoTabs,
  UnloadWindowLogoutButton,
  ChatInterarrival,      // next chat offered to an agent routable for chat
  ChatHandleTime,        // an accepted chat until it ends
};
inline constexpr int kDurationCount = 25;
std::string_view to_string(Duration d);
// The unload window of close kind `k` (REQUIRES: beforeunload fires for it).
Duration unload_window_duration(CloseKind k);
// True for the five unload-window durations (one schedule field plays them all).
bool is_unload_window(Duration d);
// The [min, max] of close kind `k`'s unload window in `env`, in ms.
struct WindowMs {
  double min_ms;
  double max_ms;
};
WindowMs unload_window_ms(const EnvironmentParams& env, CloseKind k);

// The yes/no choices a session draws.
enum class Chance : std::uint8_t {
  StickyActivation,          // the page may show a beforeunload dialog
  DialogStay,                // the agent answers Stay
  DeliveredStreamsWorker,    // a setState still inside the CCP iframe / worker at teardown is sent
  DeliveredKeepalive,        // a keepalive fetch that left the page reaches the server
  DeliveredBeacon,           // a beacon reaches the server
  BeaconBlocked,             // an ad blocker blocks the beacon
  CrashReopen,               // the agent opens the CCP again after a crash
  SleepReturn,               // the agent comes back after sleep / network loss
  HeartbeatLost,             // a page heartbeat does not reach the team's backend
  CancelNextStatusFails,     // a Streams setState(Available) cancelling a next status fails
  WindowAfterBusyWait,       // the unload window follows a busy-waiting handler's return
  MobilePageHide,            // a mobile close fires pagehide first (bfcache; drawn only if p > 0)
  DeliveredFetchLater,       // a fetchLater the browser sends at the document's end arrives
};
inline constexpr int kChanceCount = 13;
std::string_view to_string(Chance c);

// The phases of periodic timers: where, in its period, a timer that was already running at the
// start of the simulation stands.
enum class Phase : std::uint8_t {
  Heartbeat,  // time since the page's last heartbeat before t = 0
  Sweep,      // time until the sweeper's first pass after t = 0
};
std::string_view to_string(Phase p);

enum class Api : std::uint8_t { SetState, PutUserStatus, BackendNotify, DismissUserContact, GetCurrentUserData,
                                Logout };
std::string_view to_string(Api a);

enum class ApiOutcome : std::uint8_t { Success, ServerError, Throttled, Timeout, LostResponse };
std::string_view to_string(ApiOutcome o);

class DrawSource {
 public:
  virtual ~DrawSource() = default;
  virtual CloseKind close_kind() = 0;
  virtual PreClose pre_close() = 0;
  // REQUIRES: the returned duration is >= 0.
  virtual std::int64_t duration_us(Duration d) = 0;
  // `factor` scales the probability (e.g. browser_quit_inflight_delivered_factor); 1 otherwise.
  virtual bool chance(Chance c, double factor) = 0;
  // The outcome of one API attempt (before the token bucket and the platform's own rules).
  virtual ApiOutcome api_outcome(Api api) = 0;
  // The delay before attempt `attempt` (>= 2) of `policy`.
  virtual std::int64_t retry_delay_us(const RetryPolicy& policy, int attempt) = 0;
  // A phase in [0, period_us) of a periodic timer. REQUIRES: period_us > 0.
  virtual std::int64_t phase_us(Phase p, std::int64_t period_us) = 0;
};

// Draws from the seeded stream of one session, with the distributions of an EnvironmentParams:
// log-normal by (median, p99), exponential inter-arrivals, uniform unload budget, categorical
// close kinds and pre-close states,
// uniform unload windows per close kind. Each subsystem (close, API, contacts, agent, retries) draws
// from its own child stream, so adding draws in one does not shift the others.
class RandomDraws final : public DrawSource {
 public:
  RandomDraws(const EnvironmentParams& env, std::uint64_t seed, std::uint64_t session_index);
  // The same, from the session's stream already derived (Rng::for_stream(seed, session_index)).
  RandomDraws(const EnvironmentParams& env, const Rng& session);

  CloseKind close_kind() override;
  PreClose pre_close() override;
  std::int64_t duration_us(Duration d) override;
  bool chance(Chance c, double factor) override;
  ApiOutcome api_outcome(Api api) override;
  std::int64_t retry_delay_us(const RetryPolicy& policy, int attempt) override;
  std::int64_t phase_us(Phase p, std::int64_t period_us) override;

  // A log-normal duration in µs with that median and p99 (capped at DurationDist::kParamMsMax);
  // one draw whatever the parameters (a median of 0 gives 0), so streams stay aligned.
  static std::int64_t lognormal_us(Rng& rng, double median_ms, double p99_ms);
  // Duration::HeartbeatLatency drawn from `rng` (a center's agents draw their heartbeats from a
  // stream of their own: SessionRun::send_heartbeat).
  static std::int64_t heartbeat_latency_us(const EnvironmentParams& e, Rng& rng) {
    return lognormal_us(rng, e.backend_notify_latency_median_ms, e.backend_notify_latency_p99_ms);
  }

 private:
  const EnvironmentParams& env_;
  Rng timer_rng_;  // its own stream: strategies without timers draw exactly as before
  Rng close_rng_;
  Rng api_rng_;
  Rng contact_rng_;
  Rng agent_rng_;
  Rng retry_rng_;

  Rng& rng_for(Duration d);
};

}  // namespace agentsim::sim
