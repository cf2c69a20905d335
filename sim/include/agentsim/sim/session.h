// One simulated session: an agent at work, the moment the CCP session ends (a close kind), and what
// follows until the horizon — the browser, the APIs, contacts, the agent, and the logout strategy,
// with every agent-side change driven through the formal model (model::AgentMachine).
//
// A session is a pure function of (spec, seed, session index): it draws only from the stream
// derived from (seed, index), so its outcome does not depend on which other sessions run, in what
// order or on how many threads. Time is integer microseconds from the close (t = 0).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/sim/close_kind.h"
#include "agentsim/sim/draws.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/schedule.h"
#include "agentsim/sim/strategy.h"
#include "agentsim/sim/stream_observer.h"

namespace agentsim::sim {

struct SessionSpec {
  model::PlatformProfile profile = model::ccp_v1();
  StrategyConfig strategy;
  EnvironmentParams env;
  // Fix the close kind or the pre-close state instead of drawing them from the env weights.
  std::optional<CloseKind> close_kind;
  std::optional<PreClose> pre_close;
  // An exact schedule (from `agentsim fuzz`): every session plays it instead of drawing.
  std::optional<Schedule> schedule;
  // How the agent machine dispatches (model/agent_machine.h): the table compiled from the MSM
  // machine (default), or Boost.MSM's process_event on every event. Results are identical; Msm
  // is there to check that (tests, `agentsim simulate --model-dispatch msm`).
  model::DispatchMode model_dispatch = model::DispatchMode::Compiled;

  // Every violated constraint (environment, strategy), as "name: message"; empty when valid.
  std::vector<std::string> validate() const;
  // The profile the machine runs with: ccp_v2_logout forces logout_sets_offline.
  model::PlatformProfile effective_profile() const;
};

// What one session measured. Durations are in microseconds of virtual time after the close.
struct Outcome {
  CloseKind close_kind = CloseKind::TabClose;
  PreClose pre_close = PreClose::Idle;
  bool agent_left = false;  // the agent walked away (not a reload or a second tab)

  // Ghost: the platform could route contacts to the agent (model: routable) while the agent is
  // away — no CCP page left, asleep or offline, or a backgrounded mobile tab.
  std::int64_t ghost_us = 0;             // total time a ghost, up to the horizon
  bool ghost_at_horizon = false;         // still a ghost when the simulation stopped (censored)
  std::uint32_t contacts_offered_to_ghost = 0;
  std::uint32_t contacts_missed_on_ghost = 0;
  std::int64_t customer_wait_added_us = 0;  // ring time customers spent on a ghost
  // Auto-accept [D 50]: contacts the platform connected to the agent while away (a ghost never
  // misses them); those customers' silent time counts in silent_call_us.
  std::uint32_t contacts_connected_to_ghost = 0;
  // A customer's time connected to an agent who is not there: a call whose last CCP page went
  // (no audio [C 52]) or a contact auto-accepted by a ghost [D 50], up to the horizon.
  std::int64_t silent_call_us = 0;
  // Of contacts_missed_on_ghost: contacts offered while the page was unloading (the agent still
  // present by the model, so not offered to a ghost) and missed after the teardown — the agent
  // had left; the customer's ring counts in customer_wait_added_us too.
  std::uint32_t contacts_missed_after_teardown = 0;
  // Chat [D 13]: chats offered to the agent while away, those that rang out (each keeps one chat
  // slot until cleared), and those auto-accept connected to nobody [D 50].
  std::uint32_t chats_offered_to_ghost = 0;
  std::uint32_t chats_missed_on_ghost = 0;
  std::uint32_t chats_connected_to_ghost = 0;

  // Spurious Offline: a still-working agent was set Offline by the strategy.
  bool spurious_offline = false;
  std::int64_t spurious_offline_us = 0;   // until the agent noticed and chose Available
  std::uint32_t contacts_dropped_by_strategy = 0;  // a strategy request cut a working agent's ACW

  // API traffic of the strategy.
  std::uint32_t setstate_sent = 0;        // setState attempts that left the page
  std::uint32_t put_user_status_sent = 0; // PutUserStatus attempts by the backend
  std::uint32_t backend_notifies_sent = 0;
  std::uint32_t dismiss_sent = 0;         // DismissUserContact attempts (missed-contact reaction)
  std::uint32_t user_data_polls_sent = 0; // GetCurrentUserData polls of this agent (status_poller)
  std::uint32_t heartbeats_sent = 0;      // page heartbeats (heartbeat sweeper)
  std::uint32_t sweeper_detections = 0;   // times the sweeper found the agent silent and acted
  std::uint32_t api_failures_seen = 0;    // failures a client (page or backend) observed
  std::uint32_t throttled = 0;            // attempts refused by the account token bucket
  std::uint32_t requests_cancelled_at_teardown = 0;
  std::uint32_t retries_dropped_at_teardown = 0;  // retries scheduled but never sent
  std::uint32_t sends_after_teardown = 0;  // page requests sent by a torn-down page (must be 0)
  // Model states reached during the session, a bit each: Page (bits 0-4), Status (5-7),
  // Contact (8-13), in the enums' order — coverage labels for `agentsim fuzz`.
  std::uint32_t states_reached = 0;
  std::uint32_t dialogs_shown = 0;

  bool offline_at_end = false;            // status Offline when the simulation stopped
  std::int64_t time_to_offline_us = -1;   // first time the status became Offline; -1 if never

  std::uint32_t unaccepted_events = 0;    // events the model did not accept (should be 0)
  std::uint32_t events_processed = 0;
  bool budget_exceeded = false;           // stopped by max_events_per_session
  std::int64_t end_us = 0;                // virtual time the session stopped

  friend bool operator==(const Outcome& a, const Outcome& b);
  friend bool operator!=(const Outcome& a, const Outcome& b) { return !(a == b); }
};

// A readable timeline of one session (recorded only on request: it costs allocations).
struct TraceEntry {
  std::int64_t time_us;
  std::string source;  // "env", "agent", "page", "strategy", "server", "backend", "model"
  std::string text;
};
struct Trace {
  std::vector<TraceEntry> entries;
};
// "   +0.512 s  page      beforeunload: setState(Offline) sent (attempt 1)" — one line each.
std::string format_timeline(const Trace& trace);

// What a search observes of a running session (`agentsim check`): the virtual time of the event
// being handled (so a draw knows when it is made), and the time of every event handled.
struct SessionProbe {
  std::int64_t now_us = 0;
  std::vector<std::int64_t> event_times;
  // A hash of everything that decides how the running session continues — the model's state, the
  // pending events in pop order, the calls in flight, the page's, agent's, strategy's and server
  // side's state, and the outcome counters the engine or a property reads — at the time asked.
  // Two sessions with equal fingerprints at the same draw continue identically. Set while the
  // probed session runs.
  std::function<std::uint64_t()> fingerprint;
};

namespace detail {
struct SessionScratch;
}

// Runs many sessions of one spec, reusing its storage between them (no allocation per session).
// Not thread-safe: one runner per thread.
class SessionRunner {
 public:
  // REQUIRES: spec.validate() is empty; `spec` outlives the runner.
  explicit SessionRunner(const SessionSpec& spec);
  ~SessionRunner();
  SessionRunner(const SessionRunner&) = delete;
  SessionRunner& operator=(const SessionRunner&) = delete;

  Outcome run(std::uint64_t seed, std::uint64_t session_index, Trace* trace = nullptr);
  Outcome run_with(DrawSource& draws, Trace* trace = nullptr);
  // The same, reporting to `probe` (cleared first) as the session runs.
  Outcome run_probed(DrawSource& draws, SessionProbe& probe);
  // Session `session_index` under `seed`, reporting what the Agent Event Stream would publish to
  // `stream` as agent `agent` (stream_observer.h).
  Outcome run_observed(std::uint64_t seed, std::uint64_t session_index, StreamObserver& stream,
                       std::uint32_t agent);

 private:
  const SessionSpec& spec_;
  std::unique_ptr<detail::SessionScratch> scratch_;
};

// Runs session `session_index` under `seed`. REQUIRES: spec.validate() is empty.
Outcome run_session(const SessionSpec& spec, std::uint64_t seed, std::uint64_t session_index,
                    Trace* trace = nullptr);

// Runs one session with the given draws (e.g. an exact schedule from `agentsim fuzz`).
Outcome run_session_with(const SessionSpec& spec, DrawSource& draws, Trace* trace = nullptr);

}  // namespace agentsim::sim
