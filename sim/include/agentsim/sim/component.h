// Strategy components: the building blocks a logout strategy is made of (docs/strategies.md).
//
// A strategy is an ordered list of components — page triggers and actions, heartbeats, backend
// reactions, sweepers — each with its own typed parameters (and, where it calls an API, its own
// retry policy). The built-in strategies are named presets of these blocks (strategy.h); a
// scenario file may compose its own (docs/scenario-format.md, "Composed strategies"); a team may
// write a component of its own in C++ against this header and register it (docs/library.md).
//
// A component reacts to the session's hooks and acts through the StrategyHost: it never sees the
// engine. Everything it does goes through the host's calls, so that the model's rules (what a
// torn-down page can send, which API bucket a call takes a token from, what a dialog blocks)
// hold for every component alike. Time is integer microseconds (time.h); parameters are in the
// units their table says (milliseconds for durations).
//
// Lifetime: a session's components are created once per thread, for one spec (the per-thread
// scratch), and reset() before each session: the hot loop allocates nothing per session.
// Determinism: a component draws randomness only through the host (retry_delay_us); the same
// hooks in the same order give the same calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "agentsim/model/agent_view.h"
#include "agentsim/sim/retry_policy.h"
#include "agentsim/sim/time.h"

namespace agentsim::sim {

struct Claim;

// How a page's request travels (browser-unload.md, "What a request started during unload can do").
// FetchLater: a deferred request the browser sends when the document is destroyed (Chrome 135+,
// not Firefox or Safari [D 12]); its response is never seen.
enum class Transport : std::uint8_t { StreamsWorker, Fetch, Keepalive, Beacon, FetchLater };
std::string_view to_string(Transport t);
std::optional<Transport> parse_transport(std::string_view name);

// ---- hooks ---------------------------------------------------------------------------------------

// The page lifecycle events a component may react to, in the order a closing page fires them
// (browser-unload.md, "Which lifecycle events fire"). PageLoad: the page (re)opened and the
// agent's CCP runs again (a reload, the CCP reopened after a crash, back from sleep).
enum class PageEvent : std::uint8_t { BeforeUnload, PageHide, VisibilityHidden, Freeze, PageLoad };
inline constexpr int kPageEventCount = 5;

// Component::sweep_due_us: the next sweeper pass may act / none acts until the agent changes.
inline constexpr std::int64_t kSweepDueNow = INT64_MIN;
inline constexpr std::int64_t kSweepDueNever = INT64_MAX;
std::string_view to_string(PageEvent e);
std::optional<PageEvent> parse_page_event(std::string_view name);

// What reached the team's backend from the page.
enum class Notice : std::uint8_t {
  Close,      // a close notification (notify_backend)
  Reconnect,  // the page opened again and says so
  Heartbeat,  // a page heartbeat arrived
};

// What a component does with a heartbeat that reaches the backend (Component::heartbeat_notice).
enum class HeartbeatNotice : std::uint8_t {
  Acts,     // anything: its on_backend_notice(Heartbeat) may call the host (the default)
  Local,    // changes only its own state: it may read the host and note(), nothing else
  Ignored,  // nothing: on_backend_notice(Heartbeat) is not called
};

// Who in the team's backend made a call (the answer goes back to the component that made it; the
// kind only decides what the trace calls it).
enum class CallRole : std::uint8_t { Backend, Sweeper, MissedReaction };

// What GetCurrentUserData (or the backend's presence table fed by the event stream) reports of
// the agent [D 26]: status, next status and contacts — not the login state.
struct AgentSnapshot {
  model::Status status;
  bool next_status_pending;  // a next status (Offline) is set
  bool has_contact;          // a contact in any state (ringing, connected, ACW, missed)
  bool missed_contact;
};

// The session, as a component sees it. Every call returns the index of the API call it made
// (answers come back to the component through on_*_response with that index), or -1 when
// nothing left (a blocked beacon, the call budget).
class StrategyHost {
 public:
  virtual ~StrategyHost() = default;
  virtual std::int64_t now_us() const = 0;
  // The page can still run script (it exists and is not torn down).
  virtual bool page_script_alive() const = 0;

  // ---- page ----
  // Streams setState(target) through the CCP's shared worker.
  virtual int send_setstate(model::Status target, bool enqueue_next_state, int attempt,
                            double per_attempt_timeout_ms) = 0;
  // Tells the team's backend (Notice::Close or Notice::Reconnect) by `transport`.
  virtual int notify_backend(Transport transport, Notice notice) = 0;
  // Ask the browser for the leave-page dialog (shown only with sticky activation, at most
  // `max_dialogs` per session). Inside beforeunload only.
  virtual void request_dialog(int max_dialogs) = 0;
  // Busy-wait inside the beforeunload handler (at most the environment's budget). Inside
  // beforeunload only; the longest request of all components wins.
  virtual void busy_wait_in_handler(double ms) = 0;
  // fetchLater (Chrome 135+) [D 12]: registers — replacing any earlier one of this page — a
  // deferred notification the browser sends when the document is destroyed (a tab close, a quit,
  // a reload or navigation), with fetch_later_delivery_prob ([M 18]); after a crash or a killed
  // mobile tab only if the browser process survived (fetch_later_crash_delivered_factor: no crash
  // recovery), after an OS shutdown never. With activate_after_ms > 0 the browser
  // also sends it that long after a mobile close froze the page, if the tab still lives. Its
  // answer is never seen and it is never retried. A new document (a reload) starts with none.
  virtual void arm_fetch_later(Notice notice, double activate_after_ms) = 0;
  virtual void disarm_fetch_later() = 0;
  // Log out from the page. terminate_only: `connect.core.terminate()` — this page's Streams
  // connection ends at once: a setState of this page still inside the CCP's iframe or worker is
  // dropped and later ones fail; nothing reaches the platform, the status stays. Otherwise a
  // fetch of the CCP's /logout URL: when it arrives the CCP session ends, and the status stays
  // as it was [D 7,8] — an agent logged out this way is still Available and routed.
  virtual int log_out(bool terminate_only) = 0;
  // A page timer: on_page_timer(tag) after `delay_us`, unless the page is torn down first.
  virtual void set_page_timer(std::int64_t delay_us, std::uint32_t tag) = 0;
  // This component has a page timer set that has not fired (a torn-down page drops it).
  virtual bool page_timer_pending() const = 0;

  // ---- the team's backend ----
  virtual int put_user_status(model::Status target, int attempt, double per_attempt_timeout_ms,
                              CallRole role) = 0;
  virtual int dismiss_user_contact(int attempt, double per_attempt_timeout_ms) = 0;
  // GetCurrentUserData for this agent [D 26]: the answer comes to on_backend_response with this
  // index, and user_data(index) is what the server saw when the request reached it (status, next
  // status, contacts — not the login state). The API has its own account-wide bucket
  // [D 21,22]; a center batches up to the poller's agents_per_call agents into one call, so the
  // agents of one batch share its token.
  virtual int get_current_user_data(double per_attempt_timeout_ms) = 0;
  virtual AgentSnapshot user_data(int call) const = 0;
  // Reserve a slot for this agent's next poll under the poller's own pacing (its traits); a
  // center gives agents_per_call agents in a row the same slot, one call. Returns when the poll
  // may go (now or later).
  virtual std::int64_t reserve_poll_slot() = 0;
  virtual void set_backend_timer(std::int64_t delay_us, std::uint32_t tag) = 0;
  // The agent's heartbeats (or the event stream's records) have been silent longer than
  // `timeout_ms`.
  virtual bool heartbeats_silent(double timeout_ms) const = 0;
  virtual bool event_stream_silent(double timeout_ms) const = 0;
  // A time before which heartbeats_silent(timeout_ms) (event_stream_silent) stays false as long
  // as nothing happens to the agent (no heartbeat, no change of its state): the exact first
  // silent moment, or an earlier one; kSweepDueNow when it may be silent at once, kSweepDueNever
  // when it cannot become silent without a change.
  virtual std::int64_t heartbeats_silent_from_us(double timeout_ms) const = 0;
  virtual std::int64_t event_stream_silent_from_us(double timeout_ms) const = 0;
  // What the backend's presence table (fed by the event stream) shows of the agent now.
  virtual AgentSnapshot presence() const = 0;
  // A sweeper found a silent agent (counted; a center records when).
  virtual void count_detection() = 0;
  // Reserve a paced slot for a sweeper call (the strategy sweeper pacing, its traits; a center
  // shares one pacer among all agents). Returns when the call may go (now or later).
  virtual std::int64_t reserve_paced_slot() = 0;

  // ---- both ----
  // A retry delay drawn per the policy (the retry-timer stream: draws.h).
  virtual std::int64_t retry_delay_us(const RetryPolicy& policy, int attempt) = 0;
  // A line of the timeline (trace_enabled(): only then is formatting worth it).
  virtual bool trace_enabled() const = 0;
  virtual void trace_line(std::string_view source, std::string text) = 0;
};

// A line of the timeline, formatted only when a trace was asked for (the hot path pays nothing).
template <class... Args>
void note(StrategyHost& host, std::string_view source, fmt::format_string<Args...> format,
          Args&&... args) {
  if (host.trace_enabled()) host.trace_line(source, fmt::format(format, std::forward<Args>(args)...));
}

// Folds `v` into a component's state fingerprint `h` (Component::fingerprint).
inline void fingerprint_mix(std::uint64_t& h, std::uint64_t v) { h = (h ^ v) * 0x100000001b3ULL; }

// After a failed attempt `attempts` of a sequence begun at `first_us`: draws the delay before the
// next attempt and returns it, or nullopt when the policy allows no further attempt (out of
// attempts, or it would start after the overall deadline). The delay is drawn either way, so the
// retry stream advances the same whether or not the sequence goes on.
inline std::optional<std::int64_t> next_retry_delay(StrategyHost& host, const RetryPolicy& policy,
                                                    int attempts, std::int64_t first_us) {
  const std::int64_t delay = host.retry_delay_us(policy, attempts + 1);
  if (attempts >= policy.max_attempts || !policy.within_deadline(first_us, host.now_us() + delay)) {
    return std::nullopt;
  }
  return delay;
}

// A component's part in a session. Every hook has a do-nothing default.
class Component {
 public:
  virtual ~Component() = default;
  // Where a component lives: the engine places a center's agent's components beside the agent's
  // own state (an event reads both, and a large center's agents outgrow the cache), else on the
  // heap. Through these, which every component inherits; nothing for a component to do. An
  // over-aligned component goes to the heap.
  static void* operator new(std::size_t bytes);
  static void operator delete(void* p, std::size_t bytes) noexcept;
  static void* operator new(std::size_t bytes, std::align_val_t align) { return ::operator new(bytes, align); }
  static void operator delete(void* p, std::size_t, std::align_val_t align) noexcept {
    ::operator delete(p, align);
  }
  // Before every session (state back to the start of a session).
  virtual void reset(StrategyHost&) {}
  virtual void on_page_event(StrategyHost&, PageEvent) {}
  virtual void on_page_response(StrategyHost&, int /*call*/, bool /*ok*/) {}
  virtual void on_page_timer(StrategyHost&, std::uint32_t /*tag*/) {}
  virtual void on_dialog_answer(StrategyHost&, bool /*stay*/) {}
  virtual void on_backend_notice(StrategyHost&, Notice) {}
  virtual void on_backend_response(StrategyHost&, int /*call*/, bool /*ok*/) {}
  virtual void on_backend_timer(StrategyHost&, std::uint32_t /*tag*/) {}
  // A sweeper pass (single agent: the component's own period; a center: the center's tick).
  // Only a sweeper's — a component whose traits set sweep_period_ms — may act: a center asks only
  // the sweepers when an agent is next due (sweep_due_us).
  virtual void on_sweep_pass(StrategyHost&) {}
  // When a pass could next do anything: a pass before that time changes nothing and calls
  // nothing on the host, so a center skips this agent until its first pass at or after it (the
  // sweeper's work in a center is then the agents that are due, not all agents). Asked after
  // every event, offer and pass of the agent, so it may depend on the component's and the
  // agent's state and on time; it must never be later than the true first pass that acts (an
  // earlier one only costs a visit). kSweepDueNow: the next pass may act; kSweepDueNever: no
  // pass acts until something happens to the agent. The default, now, is always correct: a
  // sweeper that does not say when it is due is passed over at every tick, as it would be in a
  // pass over all agents (only the sweepers are asked, so other components cost nothing).
  // Overriding it is an optimisation, and must stay on the early side.
  virtual std::int64_t sweep_due_us(const StrategyHost&) const { return kSweepDueNow; }
  // What on_backend_notice(Notice::Heartbeat) does. Local also promises that a notice never
  // makes sweep_due_us earlier than it was, except from kSweepDueNever. When no component of a
  // strategy Acts, a center runs its agents' heartbeats without the event queue: an agent's
  // heartbeats run, in time order and each at its own time, before anything may see them — a
  // pass of the sweeper, a hook of a component, an event that is not a contact's (docs/library.md,
  // "Heartbeats in a center") — and only the Local components are told. The default, Acts, is
  // always correct: the heartbeats are events of the queue. A component that says Local and acts
  // through the host from the notice (a call, a timer, a draw, a slot, a detection, the dialog, a
  // busy-wait, a fetchLater, a logout) stops the shift with an error (std::logic_error).
  virtual HeartbeatNotice heartbeat_notice() const { return HeartbeatNotice::Acts; }
  // The event stream reported a missed contact.
  virtual void on_missed_contact(StrategyHost&) {}
  // A new close begins in the same session (a center agent's break, then the end of the shift):
  // what belonged to the previous close — a page's attempts, a backend reaction to its
  // notification — is over. A component that watches the agent across closes (a sweeper) keeps
  // its state.
  virtual void on_new_close(StrategyHost&) {}
  // Nothing under way (no sequence of attempts, no grace timer): the session may settle.
  virtual bool idle() const { return true; }
  // Folds the component's state into `h` (agentsim check's state fingerprint).
  virtual void fingerprint(std::uint64_t& h) const { (void)h; }
};

// ---- parameters ----------------------------------------------------------------------------------

// A component parameter's type. Choice: one of the names in `unit` ("a|b|c"), stored as its
// index; Set: any subset of them, stored as a bit mask; Boolean: 0 or 1.
enum class ParamType : std::uint8_t { Number, Integer, Boolean, Choice, Set };

struct ParamSpec {
  std::string_view name;
  std::string_view unit;  // "ms", "attempts", "bool", "keepalive|beacon|fetch" ...
  double default_value;
  double min;  // Number, Integer: the accepted range
  double max;
  std::string_view description;
  ParamType type = ParamType::Number;
};

// The seven fields of a retry policy as parameters `<prefix>max_attempts` ... (retry_policy.h),
// with the given defaults; a component with a retry policy lists them in its table.
std::vector<ParamSpec> retry_params(std::string_view prefix, const RetryPolicy& defaults);
struct ComponentConfig;
// The rule across the retry fields the table cannot say (cap_ms >= base_ms).
void validate_retry(const ComponentConfig& c, std::string_view prefix,
                    std::vector<std::string>& errors);

struct ComponentDescriptor;

// One component of a strategy: which block, with which parameter values (one per entry of the
// descriptor's table, in its order).
struct ComponentConfig {
  const ComponentDescriptor* descriptor = nullptr;
  std::vector<double> values;

  // The value of parameter `name`. REQUIRES: the descriptor has it.
  double number(std::string_view name) const;
  bool flag(std::string_view name) const { return number(name) != 0; }
  int choice(std::string_view name) const { return static_cast<int>(number(name)); }
  // The retry policy of parameters `<prefix>max_attempts` ... .
  RetryPolicy retry(std::string_view prefix = "") const;
  void set_retry(std::string_view prefix, const RetryPolicy& r);
  // Sets a parameter from text ("3", "true", "exponential", "beforeunload|pagehide"); an error
  // message when the name or the value is not valid (the range included).
  std::optional<std::string> set(std::string_view name, std::string_view value);
  void set_number(std::string_view name, double v);
  // The value as text, in the form set() accepts.
  std::string text(std::string_view name) const;
  // Every violated range, as "param: message".
  std::vector<std::string> validate() const;
  bool operator==(const ComponentConfig& o) const {
    return descriptor == o.descriptor && values == o.values;
  }
};

// What the engine and the center need to know of a strategy before any session runs.
struct ComponentTraits {
  double heartbeat_interval_ms = 0;  // the page sends heartbeats (0: not this component)
  bool heartbeat_by_beacon = false;  // ... by sendBeacon (an ad blocker may block them all)
  double sweep_period_ms = 0;        // a sweeper passes this often (0: not a sweeper)
  double sweeper_rate_rps = 0;       // its pacing
  double sweeper_burst = 0;
  // The sweeper could still act on a working agent this long after its signal restarted (the
  // session settles only after that).
  double settle_window_ms = 0;
  bool watches_event_stream = false;  // draws how long HEART_BEATs go on after a logout
  bool reads_heartbeats = false;      // the sweeper watches page-heartbeat silence (needs heartbeat)
  // A poller of GetCurrentUserData (the sweeper's passes are its polls): its own pacing of the
  // polls, and how many agents one call covers (the API's filter takes at most 100 [D 26]).
  double poll_rate_rps = 0;
  double poll_burst = 0;
  int poll_agents_per_call = 0;  // 0: not a poller
  bool logout_sets_offline = false;   // the platform profile of CCPv2 (ccp_v2_logout)
};

struct ComponentDescriptor {
  std::string_view name;         // as in scenario files: "setstate_offline"
  std::string_view side;         // "page" or "backend"
  std::string_view description;  // one sentence
  std::vector<ParamSpec> params;
  // Adds the component's part to the strategy's default claim (claim.h). Components contribute
  // in their order in the strategy.
  void (*claim)(const ComponentConfig&, Claim&) = nullptr;
  ComponentTraits (*traits)(const ComponentConfig&) = nullptr;
  // Extra validation across parameters (ranges are checked from the table); may be null.
  void (*validate)(const ComponentConfig&, std::vector<std::string>&) = nullptr;
  std::unique_ptr<Component> (*create)(const ComponentConfig&) = nullptr;

  // A config of this component with every parameter at its default.
  ComponentConfig defaults() const;
  const ParamSpec* param(std::string_view name) const;
};

// ---- the registry --------------------------------------------------------------------------------

// Every registered component, built-in first, in registration order.
const std::vector<const ComponentDescriptor*>& components();
const ComponentDescriptor* find_component(std::string_view name);
// Registers a team's own component (docs/library.md). Returns false (and registers nothing) if
// the name is taken or the descriptor is incomplete (no name, no create). Not thread-safe: call
// it before any simulation starts (e.g. from main, or a static initializer of a test).
bool register_component(const ComponentDescriptor& descriptor);

}  // namespace agentsim::sim
