// Center mode: a whole contact center over a shift. M agents run the same strategy; they share one
// contact queue (Poisson arrivals, longest-available routing [D 44], 20 s ring, a missed contact
// goes back to the queue [D 11-14]), the account's API throttling buckets (one per API, account-wide:
// PutUserStatus and DismissUserContact each have their own, both "all other operations":
// 2 requests/s, burst 5 [D 21,22]; api_buckets.h) and one team
// backend (a sweeper watches every agent). Each agent's session ends once during the shift, at a
// time set by the close pattern (uniform over the shift, or a burst), in a way drawn from the
// environment's close-kind weights — exactly as in single-agent runs (session.h), whose engine
// each agent of a center runs.
//
// A shift is a pure function of (spec, seed, shift index): the center's arrivals draw from one
// stream, each agent from its own. Monte Carlo runs many shifts and is byte-identical for any
// thread count. Time is integer microseconds from the start of the shift.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agentsim/sim/metrics.h"
#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/stats.h"
#include "agentsim/sim/stream_observer.h"

namespace agentsim::sim {

enum class ClosePattern : std::uint8_t {
  None,     // nobody's session ends during the shift (e.g. to check waits against queueing theory)
  Uniform,  // each agent's close at a uniform time over the shift
  Burst,    // every close in [burst_at_ms, burst_at_ms + burst_spread_ms] (a shift change)
};
std::string_view to_string(ClosePattern p);
std::optional<ClosePattern> parse_close_pattern(std::string_view name);

struct CenterSpec {
  int agents = 50;
  // Agents of the next shift who log in when the burst starts (burst pattern) and work to the
  // end; they never close. The router prefers whoever has been Available longest [D 44] — so
  // the ghosts of the leaving shift are offered contacts before them.
  int incoming_agents = 0;
  double shift_ms = 8 * 3600000.0;
  // Contacts arriving at the center, per minute, during the shift (Poisson) [A]. Replaces the
  // single-agent contact_arrival_rate_per_min.
  double contact_rate_per_min = 5;
  ClosePattern close_pattern = ClosePattern::Uniform;
  // Burst: the closes start here (negative: at the end of the shift) and spread uniformly over
  // burst_spread_ms.
  double burst_at_ms = -1;
  double burst_spread_ms = 60000;
  // The simulation runs on this long after the shift (no new contacts) so that ghosts can clear.
  double after_shift_ms = 3600000;
  // Customer waits of contacts arriving before this are not measured (start-up transient).
  double warmup_ms = 0;

  // ---- shifts as a day (center_clock.cpp, session_break.cpp) --------------------------------
  // The clock origin: the time of day the shift starts, in ms after midnight, set with shift_ms
  // by `shift: {start: "09:00", end: "17:00"}`; -1: no clock (times are shown from the start).
  double shift_start_of_day_ms = -1;
  // `burst_at: "17:00"`: the burst's first close as a time of day (ms after midnight); -1: none.
  // resolve_center_clock() turns it into burst_at_ms (REQUIRES a clock origin).
  double burst_at_of_day_ms = -1;
  // Burst: the incoming agents log in at uniform times over [burst start, burst start + this],
  // each drawn from its own stream; 0: all at the burst start.
  double incoming_login_spread_ms = 0;
  // Breaks of each leaving agent during its working time (before its end-of-shift close): a break
  // closes the CCP as a shift-end close does (kind drawn from the environment's weights, the
  // strategy runs, ghosts count) and, after a duration uniform over [min, max], the agent opens
  // it again, logs in and chooses Available. Each break close counts as a close.
  int breaks_per_agent = 0;
  double break_duration_min_ms = 900000;
  double break_duration_max_ms = 900000;
  // Where the breaks go: "working_time" (the only placement: uniform, non-overlapping, over the
  // agent's working time).
  std::string break_window = "working_time";
  // Contacts arriving per minute after the shift boundary, through after_shift_ms (the incoming
  // shift serves them); 0: none arrive after shift_ms.
  double contact_rate_after_shift_per_min = 0;

  // Every violated constraint, as "field: message"; empty when valid. A burst must end by the end
  // of the simulation (burst_start_ms() + burst_spread_ms <= shift_ms + after_shift_ms): a close
  // drawn after it would never happen yet be counted.
  std::vector<std::string> validate() const;
  // The first close of a burst (burst_at_ms resolved against the shift), in ms.
  double burst_start_ms() const { return burst_at_ms < 0 ? shift_ms : burst_at_ms; }
  bool has_clock() const { return shift_start_of_day_ms >= 0; }
};

// ---- times of day (center_clock.cpp) ------------------------------------------------------------
inline constexpr double kDayMs = 86400000.0;
inline constexpr int kBreaksPerAgentMax = 8;
// At least this long at work before each break and after it (before the next break or the close).
inline constexpr double kBreakGapMs = 60000;
// "HH:MM" or "HH:MM:SS" on a 24 h clock (00:00 to 23:59:59) as ms after midnight; nullopt for
// anything else (no blanks, two digits each, no 24:00).
std::optional<double> parse_clock_ms(std::string_view text);
// ms after midnight (any value: taken modulo a day) as "HH:MM", or "HH:MM:SS" when the seconds
// are not 0.
std::string clock_text(double ms_of_day);
// A shift time (ms from the start of the shift) as a time of day under the spec's clock origin,
// or as a duration from the start ("+8 h") when it has none.
std::string shift_time_text(const CenterSpec& spec, double shift_ms_time);
// Resolves burst_at_of_day_ms into burst_at_ms. An error message when there is no clock origin or
// the time falls outside the shift (the simulated span is named).
std::optional<std::string> resolve_center_clock(CenterSpec& spec);

// ---- limits on a shift --------------------------------------------------------------------------
// "Put a limit on everything": a shift's work and memory grow with its agents, its simulated time
// and its rates — contacts (each holds a record until the shift ends), the page heartbeats, the
// sweeper's passes over every agent, API calls. Each has a limit per shift. Validation refuses a
// spec whose estimate (CenterWork: upper estimates) exceeds one, naming the product that does
// (check_center_limits); while a shift runs the same limits are hard budgets, so that no input
// outgrows them even where the estimate is off: a shift that reaches one stops there and counts
// in budget_exceeded_shifts. A shift at the limits takes seconds and about 200 MB at most, one
// shift per thread (docs/performance.md has the measurements).
inline constexpr std::uint64_t kMaxContactsPerShift = 1000000;
// Events grow with the agents (each page beats for the whole shift): a shift's limit is
// kMaxEventsPerAgentShift per agent (leaving and incoming), and never below kMaxEventsPerShift —
// max_events_per_shift(agents). 4,000 an agent is twice a 9 h shift of 30 s heartbeats (2,160
// events) with its contacts; the engine's work per event is about the same at 100 and at 20,000
// agents (docs/performance.md), so a shift at the limit takes a time proportional to its agents.
inline constexpr std::uint64_t kMaxEventsPerShift = 20000000;
inline constexpr std::uint64_t kMaxEventsPerAgentShift = 4000;
constexpr std::uint64_t max_events_per_shift(std::uint64_t agents) {
  return agents * kMaxEventsPerAgentShift > kMaxEventsPerShift ? agents * kMaxEventsPerAgentShift
                                                               : kMaxEventsPerShift;
}
// A sweeper's pass checks every agent: agents x passes.
inline constexpr std::uint64_t kMaxSweepChecksPerShift = 200000000;
// API calls of all agents (run time only: how many a strategy makes is not known in advance).
inline constexpr std::uint64_t kMaxCallsPerShift = 1000000;
// Shifts a center scenario may sample (`sessions`, `max_sessions`, `run --shifts`, `simulate
// --shifts`).
inline constexpr std::uint64_t kMaxShifts = 10000;

// What one shift of a spec costs, estimated before it runs. Upper estimates — the Poisson spread
// of the contacts, every agent's page beating for the whole simulated time, generous events per
// contact and per agent — so that a spec within the limits does not reach them as it runs.
struct CenterWork {
  // Events per contact — arrival, ring, answer, talk, after-contact work, missed rings and their
  // clearing: 5 measured per answered contact, up to 10 where ghosts miss contact after contact
  // (missed_contact: auto_available) — and per agent: log in, close, unload, reopen, its API
  // calls and retries (10 to 70 measured). docs/performance.md has the measurements.
  static constexpr double kEventsPerContact = 10;
  static constexpr double kEventsPerAgent = 100;

  std::uint64_t agents = 0;     // leaving and incoming
  std::uint64_t breaks = 0;     // leaving agents x breaks_per_agent (each as many events as an agent)
  double simulated_ms = 0;      // shift_ms + after_shift_ms
  double contacts = 0;          // expected: contact_rate_per_min x shift_ms
  double contacts_upper = 0;    // contacts + 5 standard deviations (Poisson) + 10
  double contact_events = 0;    // contacts_upper x kEventsPerContact
  double heartbeat_events = 0;  // heartbeat sweeper: agents x simulated_ms / interval x 2 (send, arrive)
  double agent_events = 0;      // (agents + breaks) x kEventsPerAgent
  double sweep_passes = 0;      // with a server side: simulated_ms / sweep_period_ms (one event each)
  double sweep_checks = 0;      // agents x sweep_passes
  // The shift's event budget: min(environment max_events_per_session x agents,
  // max_events_per_shift(agents)).
  std::uint64_t event_budget = 0;
  double events() const { return contact_events + heartbeat_events + agent_events + sweep_passes; }
};
CenterWork estimate_center_work(const SessionSpec& session, const CenterSpec& center);

// A limit a shift would exceed: what the product is, and what to change.
struct CenterLimitProblem {
  std::string message;  // "center: 100000 contacts/min x 480 min shift = ... exceeds the limit of ..."
  std::string hint;
};
// Every limit a shift of this spec would exceed; empty when within all of them. REQUIRES:
// session.validate() and center.validate() are empty.
std::vector<CenterLimitProblem> check_center_limits(const SessionSpec& session,
                                                    const CenterSpec& center);

struct CenterParameter {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
};
const std::vector<CenterParameter>& center_parameters();
// The parameter's value as text; "" for a clock key (shift, burst_at) that is not set.
std::string center_parameter_value(const CenterSpec& spec, std::string_view name);
// Sets a named parameter from text; an error message when the name or value is invalid.
std::optional<std::string> set_center_parameter(CenterSpec& spec, std::string_view name,
                                                std::string_view value);

// What one shift measured.
struct CenterOutcome {
  std::uint32_t agents = 0;                // including incoming agents
  std::uint32_t closes = 0;               // sessions that ended during the shift
  std::uint32_t agents_left = 0;          // of them, agents who walked away
  std::uint32_t ghost_agents = 0;         // agents routable, or offered a contact, while away
  std::int64_t ghost_agent_us = 0;        // sum over agents of their ghost time
  std::uint32_t ghosts_at_end = 0;        // still a ghost when the simulation stopped
  // Agents a ghost for longer than kGhostOverSeconds[i] seconds (monte_carlo.h).
  std::array<std::uint32_t, kGhostOverSeconds.size()> ghost_agents_over{};

  std::uint32_t contacts_arrived = 0;
  std::uint32_t contacts_answered = 0;
  std::uint32_t contacts_unserved = 0;    // still waiting (or ringing) at the end
  std::uint32_t contacts_offered_to_ghosts = 0;
  std::uint32_t contacts_missed_on_ghosts = 0;
  std::uint32_t contacts_connected_to_ghosts = 0;  // auto-accept: connected to nobody [D 50]
  std::int64_t silent_call_us = 0;             // those customers' time connected to nobody
  // Chat [D 13] (chat_arrival_rate_per_min > 0): chats that reached the center, rang out on a
  // ghost (each keeps one of its chat slots), or were auto-accepted by a ghost [D 50].
  std::uint32_t chats_arrived = 0;
  std::uint32_t chats_missed_on_ghosts = 0;
  std::uint32_t chats_connected_to_ghosts = 0;
  std::uint32_t contacts_missed = 0;      // all missed rings (ghosts and present agents)
  // Customer waits of the contacts answered that arrived after the warm-up: arrival until an
  // agent accepted (ring time included), and the part of it spent ringing on ghosts (the ghosts'
  // own rings only: the knock-on delay to the customers queued behind is not in it).
  std::uint32_t waits_measured = 0;
  std::int64_t wait_sum_us = 0;
  std::int64_t wait_p95_us = 0;           // the shift's 95th percentile wait (nearest rank)
  std::int64_t wait_added_sum_us = 0;     // ring time on ghosts of the measured contacts
  std::uint32_t waits_rang_on_ghosts = 0; // measured contacts that rang on at least one ghost
  // The 95th percentile (nearest rank) of the ring time on ghosts among those contacts only;
  // 0 when there were none.
  std::int64_t wait_added_p95_us = 0;

  // API traffic, both sides of the strategy, and the account's per-API buckets.
  std::uint32_t setstate_sent = 0;
  std::uint32_t put_user_status_sent = 0;
  std::uint32_t dismiss_sent = 0;
  std::uint32_t backend_notifies_sent = 0;
  // GetCurrentUserData calls of a status_poller: one per batch of up to agents_per_call agents.
  std::uint32_t user_data_calls = 0;
  std::uint32_t throttled = 0;            // attempts an API's bucket refused (all APIs)
  std::uint32_t tokens_granted = 0;       // tokens granted, all buckets
  // Windows where an API's grants exceeded its burst + rate x time (audit, summed over the APIs).
  std::uint32_t bucket_violations = 0;

  std::uint32_t spurious_offline_agents = 0;
  std::int64_t spurious_offline_us = 0;

  // The first close of the burst (-1 unless the close pattern is burst), the sweeper's first
  // detection (-1 if none), and the last time an agent stopped being a ghost (-1 if none
  // stopped). Shift time, µs.
  std::int64_t burst_start_us = -1;
  std::int64_t first_detection_us = -1;
  std::int64_t last_ghost_cleared_us = -1;
  // Burst only: from the burst's first close to the last ghost cleared (0 when no agent became a
  // ghost), when every ghost cleared. -1 when the close pattern is not burst, and when the shift
  // is censored: it ended with a ghost (ghosts_at_end > 0) or was stopped by its event budget, so
  // that its clear time is unknown — longer than the shift, not short.
  std::int64_t burst_clear_us = -1;
  bool burst_clear_censored() const { return burst_start_us >= 0 && burst_clear_us < 0; }

  std::uint32_t unaccepted_events = 0;
  std::uint64_t events_processed = 0;
  bool budget_exceeded = false;
  std::int64_t end_us = 0;

  // Breaks (breaks_per_agent): the break closes (in `closes` too) and those that left a ghost (in
  // `ghost_agents` too, which then counts ghost closes).
  std::uint32_t break_closes = 0;
  std::uint32_t break_ghosts = 0;

  friend bool operator==(const CenterOutcome& a, const CenterOutcome& b);
  friend bool operator!=(const CenterOutcome& a, const CenterOutcome& b) { return !(a == b); }
};

// What the center's router saw, in order (CenterTrace::routing).
struct RoutingEvent {
  enum class Kind : std::uint8_t {
    Arrived,      // contact `contact` joined the back of the queue
    Available,    // agent `agent` became routable (Available and idle)
    Unavailable,  // agent `agent` stopped being routable (not after an offer: Offered says it)
    Offered,      // the router took `contact` from the front of the queue and rang `agent`
    Missed,       // `contact` rang out on `agent` (on a ghost when `on_ghost`): back to the front
    Accepted,     // `agent` accepted `contact`
  };
  Kind kind;
  std::int64_t at_us;
  std::uint32_t contact = 0;  // Arrived, Offered, Missed, Accepted
  std::uint16_t agent = 0;    // all but Arrived
  bool on_ghost = false;      // Missed
};

// Optional detail of one shift, for tests and timelines.
struct CenterTrace {
  // Every token each API's bucket granted, in order (each API has its own bucket [D 21,22]).
  std::vector<std::int64_t> put_user_status_grants_us;
  std::vector<std::int64_t> dismiss_user_contact_grants_us;
  std::vector<std::int64_t> get_current_user_data_grants_us;
  std::vector<std::int64_t> close_at_us;      // each leaving agent's close time (-1: none)
  std::vector<std::int64_t> login_at_us;      // each incoming agent's login time
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> breaks_us;  // each leaving agent's breaks (start, end)
  std::vector<RoutingEvent> routing;          // the router's view, in time order
  std::vector<Outcome> agent_outcomes;        // each agent's own accounting (session.h)
  std::vector<TraceEntry> entries;            // timeline ("agent 12: ...") when `timeline`
  bool timeline = false;
  // When set, every agent's changes as the Agent Event Stream would publish them (agent = its
  // index in the center), e.g. for `agentsim simulate --center --emit-event-stream`.
  StreamObserver* stream = nullptr;
};

// The hard budgets of a shift as it runs: the limits on a shift (above). A shift that reaches one
// stops there, flagged budget_exceeded. Tests lower them, to reach them in a few events.
struct ShiftBudget {
  std::uint64_t contacts = kMaxContactsPerShift;
  // kEventsForTheAgents: max_events_per_shift(the shift's agents); at most max_events_per_session
  // x agents either way.
  static constexpr std::uint64_t kEventsForTheAgents = 0;
  std::uint64_t events = kEventsForTheAgents;
  std::uint64_t sweep_checks = kMaxSweepChecksPerShift;
  std::uint64_t calls = kMaxCallsPerShift;
};

// Runs shift `shift_index` under `seed`. REQUIRES: session.validate() and center.validate() are
// empty.
CenterOutcome run_center(const SessionSpec& session, const CenterSpec& center, std::uint64_t seed,
                         std::uint64_t shift_index, CenterTrace* trace = nullptr,
                         const ShiftBudget& budget = {});

// Per-shift pairs (x, y) for a ratio estimator sum(x) / sum(y) and its delta-method interval,
// exactly (integer sums).
struct RatioMoments {
  UInt128 sum_x, sum_y, sum_xx, sum_yy, sum_xy;
  std::uint64_t n = 0;
  void add(std::uint64_t x, std::uint64_t y);
  void merge(const RatioMoments& o);
  double ratio() const;  // sum_x / sum_y; 0 when sum_y is 0
  // Normal interval of the ratio (delta method over the n per-shift pairs).
  Interval interval(double confidence) const;
  friend bool operator==(const RatioMoments& a, const RatioMoments& b) {
    return a.n == b.n && a.sum_x == b.sum_x && a.sum_y == b.sum_y && a.sum_xx == b.sum_xx &&
           a.sum_yy == b.sum_yy && a.sum_xy == b.sum_xy;
  }
};

// Many shifts: per-shift figures accumulated as exact sums (and sums of squares for intervals).
struct CenterSummary {
  std::uint64_t shifts = 0;
  std::uint64_t agents = 0;                 // sum over shifts
  std::uint64_t closes = 0;
  std::uint64_t ghost_agents = 0;
  std::uint64_t ghosts_at_end = 0;
  std::uint64_t contacts_arrived = 0;
  std::uint64_t contacts_answered = 0;
  std::uint64_t contacts_unserved = 0;
  std::uint64_t contacts_offered_to_ghosts = 0;
  std::uint64_t contacts_missed_on_ghosts = 0;
  std::uint64_t contacts_connected_to_ghosts = 0;
  std::uint64_t contacts_missed = 0;
  std::uint64_t waits_measured = 0;
  std::uint64_t setstate_sent = 0;
  std::uint64_t put_user_status_sent = 0;
  std::uint64_t dismiss_sent = 0;
  std::uint64_t backend_notifies_sent = 0;
  std::uint64_t throttled = 0;
  std::uint64_t tokens_granted = 0;
  std::uint64_t bucket_violations = 0;
  std::uint64_t spurious_offline_agents = 0;
  std::uint64_t unaccepted_events = 0;
  std::uint64_t budget_exceeded_shifts = 0;
  std::uint64_t waits_rang_on_ghosts = 0;
  // Burst shifts where every ghost cleared (time_to_clear_last_ghost_s averages over these), and
  // burst shifts censored: a ghost left at the end, or stopped by the event budget.
  std::uint64_t shifts_with_clear_time = 0;
  std::uint64_t shifts_clear_censored = 0;

  std::uint64_t break_closes = 0;  // breaks (in closes too)
  std::uint64_t break_ghosts = 0;  // break closes that left a ghost (in ghost_agents too)

  std::uint64_t shifts_with_waits = 0;
  std::uint64_t shifts_with_ghost_rings = 0;  // with a measured contact that rang on a ghost

  // Per-shift values (integers, milliseconds), as exact moments across shifts.
  Moments ghost_agent_ms;            // per shift
  Moments spurious_offline_ms;       // per shift
  Moments contacts_offered_to_ghosts_per_shift;
  Moments contacts_connected_to_ghosts_per_shift;
  Moments chats_missed_on_ghosts_per_shift;
  Moments chats_connected_to_ghosts_per_shift;
  Moments silent_call_ms;        // per shift
  Moments throttled_per_shift;
  Moments api_calls_per_shift;       // setState + PutUserStatus + DismissUserContact + notifies
  Moments wait_p95_ms;               // the shift's p95 wait (shifts with measured waits)
  Moments wait_added_p95_ms;         // p95 of ring time on ghosts, among contacts that rang on one
  Moments clear_time_ms;             // burst_clear_us, of the uncensored burst shifts
  // Ratio estimators of the mean wait per contact: per shift (sum of waits in ms, count).
  RatioMoments wait_ms;
  RatioMoments wait_added_ms;
  // Ratio estimators of per-close rates: per shift (agents counted, closes).
  RatioMoments ghost_per_close;
  std::array<RatioMoments, kGhostOverSeconds.size()> ghost_over_per_close;
  RatioMoments spurious_offline_per_close;

  void merge(const CenterSummary& other);
  void add(const CenterOutcome& o);
  friend bool operator==(const CenterSummary& a, const CenterSummary& b);
};

// The exact encoding of a CenterSummary as 64-bit words, as encode_words(const Summary&) is for
// a Summary (monte_carlo.h): decoding gives an equal CenterSummary; center_summary_layout()
// names the encoding.
Words encode_words(const CenterSummary& s);
bool decode_words(const Words& words, CenterSummary& out, std::string& error);
std::string center_summary_layout();

// Runs shifts [first_shift, first_shift + shifts) of the spec under `seed` on `threads` threads
// (0 = all cores); byte-identical for any thread count. When `stop` is given and becomes true, no
// further shift starts and the partial summary returned is to be discarded (MonteCarloOptions).
CenterSummary run_center_monte_carlo(const SessionSpec& session, const CenterSpec& center,
                                     std::uint64_t shifts, std::uint64_t seed, int threads = 0,
                                     std::uint64_t first_shift = 0,
                                     const std::atomic<bool>* stop = nullptr);

// The metrics a center scenario's expectations can bound (all per shift unless named otherwise):
//   ghost_rate, ghost_rate_over_30s / _60s / _300s, spurious_offline_rate
//                                  per close across the center, as a single-agent scenario's
//                                  metrics of the same names (ratio estimators over shifts,
//                                  widened to the Wilson interval of the pooled closes)
//   ghost_agent_minutes            sum over agents of their ghost time (normal interval over shifts)
//   contacts_offered_to_ghosts     contacts that rang on a ghost
//   wait_mean_s                    customer wait, arrival to answer, per contact (ratio estimator)
//   wait_p95_s                     each shift's 95th-percentile wait, averaged over shifts
//   wait_added_mean_s              ring time on ghosts per measured contact, all of them (ratio
//                                  estimator; most contacts add 0)
//   wait_added_p95_s               each shift's 95th percentile of it among the contacts that rang
//                                  on a ghost, averaged over the shifts that had such a contact;
//                                  neither counts the knock-on delay to customers queued behind
//   throttled_calls                calls the account's token bucket refused
//   api_calls                      setState + PutUserStatus + DismissUserContact + notifications
//   spurious_offline_minutes       working agents' time Offline because of the strategy
//   time_to_clear_last_ghost_s     burst pattern only: from the burst's first close to the last
//                                  ghost cleared, averaged over shifts; undefined when any burst
//                                  shift ended with a ghost (or hit its budget): a censored shift
//                                  has no clear time, and leaving it out would flatter the strategy
//   counts (exact, over all shifts): ghosts_at_end, contacts_unserved, bucket_violations,
//   unaccepted_events, budget_exceeded_shifts
const std::vector<MetricInfo>& center_metrics();
const MetricInfo* find_center_metric(std::string_view name);
// REQUIRES: `metric` is a name from center_metrics(); 0 < confidence < 1.
MetricValue evaluate_center_metric(const CenterSummary& s, std::string_view metric,
                                   double confidence);

}  // namespace agentsim::sim
