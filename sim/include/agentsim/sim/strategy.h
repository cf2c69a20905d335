// The logout strategies under test, as typed, validated configuration. Their behaviour lives in
// sim/src/strategy_*.cpp, one small component each, driven by the session runner (session.h).
//
//   none                     CCPv1 default: nothing happens on close or logout.
//   ccp_v2_logout            CCPv2: logout sets Offline (next status during a contact); closing
//                            does nothing. Runs the agent model with logout_sets_offline.
//   beforeunload_setstate    The seed's code exactly: one async setState(Offline) in beforeunload,
//                            no enqueueNextState, fire and forget.
//   beforeunload_retry       The seed's "delay the unload while the call is tried again": on a
//                            failure seen before teardown, retry per the retry policy.
//   beforeunload_confirm     The seed's "warn in a dialog": setState(Offline) in beforeunload and,
//                            while it has not been seen to succeed, ask the browser for the
//                            leave-page dialog; after Stay, retry and let the agent close again.
//   put_user_status_backend  beforeunload notifies the team's backend (keepalive fetch, beacon or
//                            plain fetch), which calls PutUserStatus(Offline) with its own retries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/retry_policy.h"

namespace agentsim::sim {

enum class StrategyKind : std::uint8_t {
  None,
  CcpV2Logout,
  BeforeunloadSetstate,
  BeforeunloadRetry,
  BeforeunloadConfirm,
  PutUserStatusBackend,
  // Broken on purpose: its beforeunload handler sends setState(Available). Not listed among the
  // strategies; `agentsim fuzz` must catch it, proving the checker can fail.
  CanaryBroken,
};
inline constexpr int kStrategyKindCount = 6;  // the real strategies (all_strategy_kinds())

std::string_view to_string(StrategyKind k);
std::optional<StrategyKind> parse_strategy_kind(std::string_view name);
// The real strategies, without the canary.
const std::vector<StrategyKind>& all_strategy_kinds();
std::string_view describe(StrategyKind k);  // one sentence

// How a page's request travels (browser-unload.md, "What a request started during unload can do").
enum class Transport : std::uint8_t { StreamsWorker, Fetch, Keepalive, Beacon };
std::string_view to_string(Transport t);
std::optional<Transport> parse_transport(std::string_view name);

struct StrategyConfig {
  StrategyKind kind = StrategyKind::None;

  // beforeunload_retry, beforeunload_confirm: pass {enqueueNextState: true} to setState, so the
  // call sets the next status instead of failing during a contact. The seed does not (false).
  bool enqueue_next_state = false;

  // beforeunload_retry: client retries inside the unload budget; beforeunload_confirm: retries
  // after the agent chose Stay; put_user_status_backend: the backend's PutUserStatus retries.
  RetryPolicy retry;

  // put_user_status_backend: how the page notifies the backend (keepalive, beacon or fetch).
  Transport transport = Transport::Keepalive;

  // beforeunload_confirm: at most this many leave-page dialogs per session.
  int max_dialogs = 1;

  // Every violated constraint, as "field: message"; empty when valid.
  std::vector<std::string> validate() const;
};

// The documented defaults of each strategy (docs/strategies.md).
StrategyConfig default_config(StrategyKind kind);

// Which StrategyConfig fields a strategy reads (for `agentsim list` and scenario validation).
struct StrategyParameter {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
};
const std::vector<StrategyParameter>& strategy_parameters(StrategyKind kind);
// The value of a named parameter of `config`, as text ("3", "exponential", "true").
std::string parameter_value(const StrategyConfig& config, std::string_view name);
// Sets a named parameter from text; an error message when the name or value is invalid.
std::optional<std::string> set_parameter(StrategyConfig& config, std::string_view name,
                                         std::string_view value);

}  // namespace agentsim::sim
