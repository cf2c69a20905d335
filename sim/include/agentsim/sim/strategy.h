// The logout strategies under test, as typed, validated configuration.
//
// A strategy is a list of components (component.h): page triggers and actions, heartbeats,
// backend reactions, sweepers — each with its own parameters. The built-in strategies are named
// presets of those blocks, each with the flat parameters it has always had:
//
//   none                     CCPv1 default: nothing happens on close or logout. No component.
//   ccp_v2_logout            CCPv2: logout sets Offline (next status during a contact); closing
//                            does nothing. [ccp_v2_logout]
//   beforeunload_setstate    The seed's code exactly: one async setState(Offline) in beforeunload,
//                            no enqueueNextState, fire and forget. [setstate_offline]
//   beforeunload_retry       The seed's "delay the unload while the call is tried again": on a
//                            failure seen before teardown, retry per the retry policy.
//                            [setstate_offline retry_on_failure]
//   beforeunload_confirm     The seed's "warn in a dialog": setState(Offline) in beforeunload and,
//                            while it has not been seen to succeed, ask the browser for the
//                            leave-page dialog; after Stay, retry and let the agent close again.
//                            [setstate_offline retry_on_failure dialog]
//   put_user_status_backend  beforeunload notifies the team's backend (keepalive fetch, beacon or
//                            plain fetch), which calls PutUserStatus(Offline) with its own retries.
//                            [notify_backend, put_user_status_on_notify]
//   heartbeat_sweeper        The page sends heartbeats to the team's backend; a sweeper sets agents
//                            Offline (PutUserStatus) after a silence. No page code on close.
//                            [heartbeat, sweeper signal=heartbeat]
//   event_stream_sweeper     The sweeper watches the Agent Event Stream instead: its HEART_BEAT
//                            records keep coming while the platform thinks the agent is logged in,
//                            so a closed CCP is never silent there [D 10]. [sweeper signal=event_stream]
//
// Every preset may add a server side (`server: heartbeat_sweeper` or `event_stream_sweeper`) and a
// backend reaction to missed contacts (`missed_contact:`): more components. A scenario may also
// compose its own list (StrategyKind::Composed; docs/scenario-format.md, "Composed strategies").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/component.h"
#include "agentsim/sim/retry_policy.h"

namespace agentsim::sim {

enum class StrategyKind : std::uint8_t {
  None,
  CcpV2Logout,
  BeforeunloadSetstate,
  BeforeunloadRetry,
  BeforeunloadConfirm,
  PutUserStatusBackend,
  HeartbeatSweeper,    // page side: heartbeats only; server side: the heartbeat sweeper
  EventStreamSweeper,  // page side: nothing; server side: the event-stream sweeper
  // Broken on purpose: its beforeunload handler sends setState(Available). Not listed among the
  // strategies; `agentsim fuzz` must catch it, proving the checker can fail.
  CanaryBroken,
  // A list of components a scenario composed (StrategyConfig::composed); not a preset.
  Composed,
};

std::string_view to_string(StrategyKind k);
std::optional<StrategyKind> parse_strategy_kind(std::string_view name);
// The real strategies, without the canary.
const std::vector<StrategyKind>& all_strategy_kinds();
std::string_view describe(StrategyKind k);  // one sentence


// The server side of a strategy: what, in the team's backend, notices an agent has gone.
enum class ServerSide : std::uint8_t {
  None,
  HeartbeatSweeper,    // silence of the page's heartbeats
  EventStreamSweeper,  // silence of the Agent Event Stream (HEART_BEAT every 120 s [D 10])
};
std::string_view to_string(ServerSide s);
std::optional<ServerSide> parse_server_side(std::string_view name);

// What the team's backend does when the Agent Event Stream reports a missed contact.
enum class MissedReaction : std::uint8_t {
  None,
  SetOffline,          // PutUserStatus(Offline): clears the missed slot and sets Offline
  DismissThenOffline,  // DismissUserContact, then PutUserStatus(Offline) once it succeeded
  AutoAvailable,       // the anti-pattern: PutUserStatus(Available) — routes the ghost again
};
std::string_view to_string(MissedReaction r);
std::optional<MissedReaction> parse_missed_reaction(std::string_view name);

// A composed strategy has at most this many components (every hook visits each).
inline constexpr std::size_t kMaxComponents = 16;

// Whether the strategy's claim starts from "never sets a working agent Offline" (claim.cpp): the
// presets that do nothing on a close, and composed strategies (their components take it away).
struct StrategyConfig;
bool claims_no_spurious_offline_by_default(const StrategyConfig& s);

// The slowest pacing the sweeper may be given (sweeper_rate_rps other than 0).
inline constexpr double kMinSweeperRateRps = 0.001;

// The sweeper of the server side (heartbeat or event stream).
struct SweeperConfig {
  // Heartbeat sweeper: how often the page sends a heartbeat to the backend ("client pings every
  // 30 s" [C 48]). Event-stream sweeper: ignored (the platform publishes HEART_BEAT every 120 s).
  double heartbeat_interval_ms = 30000;
  // How often the sweeper looks for silent agents.
  double sweep_period_ms = 15000;
  // Silence after which an agent is set Offline. Below the heartbeat interval (plus its latency)
  // the sweeper sets working agents Offline.
  double silence_timeout_ms = 90000;
  // Before every attempt (the first and each retry) the sweeper checks that the agent is still
  // silent, so a late retry does not knock off an agent who came back. false shows why it matters.
  bool recheck_before_send = true;
  // The sweeper paces its own calls (one sweeper for the whole center) to this rate and burst, so
  // that a shift change does not turn into a storm of 429s; 0 = no pacing. The defaults are the
  // account's documented limit for PutUserStatus (2 requests/s, burst 5 [D 21,22]).
  // A non-zero rate is at least kMinSweeperRateRps (one call per 1000 s): no wait derived
  // from it can overflow the clock (time.h).
  double rate_rps = 2;
  double burst = 5;
  // The sweeper's own retries of PutUserStatus (AWS SDK standard mode by default).
  RetryPolicy retry{3, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0};
  // Missed-contact reaction: from the missed contact until the backend acts (event stream and
  // Lambda delay) [A].
  double missed_reaction_delay_ms = 2000;
};

struct StrategyConfig {
  StrategyKind kind = StrategyKind::None;

  // The server side (the heartbeat_sweeper and event_stream_sweeper kinds set it; any other
  // kind may add one: composition).
  ServerSide server = ServerSide::None;
  // The backend's reaction to a missed contact (any kind).
  MissedReaction missed_contact = MissedReaction::None;
  SweeperConfig sweeper;

  // beforeunload_retry, beforeunload_confirm: pass {enqueueNextState: true} to setState, so the
  // call sets the next status instead of failing during a contact. The seed does not (false).
  bool enqueue_next_state = false;

  // beforeunload_retry: busy-wait this long inside the beforeunload handler (at most the
  // environment's unload_handler_block_max_ms); 0 = none. What is queued behind the handler
  // (answers, retry timers) waits for it (docs/environment.md, "The unload window").
  double handler_busy_wait_ms = 0;

  // beforeunload_retry: client retries inside the unload window; beforeunload_confirm: retries
  // after the agent chose Stay; put_user_status_backend: the backend's PutUserStatus retries.
  RetryPolicy retry;

  // put_user_status_backend: how the page notifies the backend (keepalive, beacon or fetch).
  Transport transport = Transport::Keepalive;

  // beforeunload_confirm: at most this many leave-page dialogs per session.
  int max_dialogs = 1;

  // Composed: the components, in order (the fields above are the presets' and are not read).
  std::vector<ComponentConfig> composed;
  // A composed strategy's name in reports ("composed" if none given).
  std::string composed_name;

  // Every violated constraint, as "field: message"; empty when valid.
  std::vector<std::string> validate() const;
  std::vector<std::string> validate_composed() const;

  // The components that run: the preset's blocks for its parameters, or the composed list.
  std::vector<ComponentConfig> components() const;
  // What the engine and the center need to know before a session runs, over all components: the
  // heartbeat interval, the sweeper's period and pacing (at most one sweeper per strategy).
  ComponentTraits traits() const;
  // A list of components the scenario composed, not a preset.
  bool is_composed() const { return kind == StrategyKind::Composed; }
  // The page sends heartbeats.
  bool heartbeats() const { return traits().heartbeat_interval_ms > 0; }
  // A preset with a server side or a missed-contact reaction (the team's backend acts).
  bool has_backend_watch() const {
    return !is_composed() &&
           (server != ServerSide::None || missed_contact != MissedReaction::None);
  }
  // "beforeunload_setstate + heartbeat_sweeper + missed_contact=set_offline" (names what runs).
  std::string label() const;
};

// The traits of these components together (StrategyConfig::traits).
ComponentTraits traits_of(const std::vector<ComponentConfig>& components);

// The documented defaults of each strategy (docs/strategies.md). REQUIRES: kind != Composed.
StrategyConfig default_config(StrategyKind kind);
// A composed strategy of these components.
StrategyConfig composed_config(std::vector<ComponentConfig> components, std::string name = {});

// Which StrategyConfig fields a strategy reads (for `agentsim list` and scenario validation): the
// kind's own parameters, then the server-side ones (server, missed_contact, the sweeper's timing
// and its retry policy, prefixed `sweeper_`), which every kind accepts.
struct StrategyParameter {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
};
const std::vector<StrategyParameter>& strategy_parameters(StrategyKind kind);
// What kind of value a parameter takes, from its unit: "bool" a boolean ("true"/"false"); a unit
// listing choices ("constant|exponential") one of those names; any other unit a number.
enum class ParameterType { Number, Boolean, Choice };
ParameterType parameter_type(const StrategyParameter& p);
// The server-side parameters alone (a suffix of every strategy_parameters list).
const std::vector<StrategyParameter>& server_side_parameters();
// Whether `config` actually reads parameter `name` (a sweeper timing is read only with a server
// side; the sweeper's heartbeat interval only by the heartbeat sweeper; the missed-contact delay
// only with a missed_contact reaction). Scenario files may not set a parameter nobody reads.
bool parameter_applies(const StrategyConfig& config, std::string_view name);
// The value of a named parameter of `config`, as text ("3", "exponential", "true").
std::string parameter_value(const StrategyConfig& config, std::string_view name);
// Sets a named parameter from text; an error message when the name or value is invalid.
std::optional<std::string> set_parameter(StrategyConfig& config, std::string_view name,
                                         std::string_view value);

}  // namespace agentsim::sim
