#include "agentsim/sim/claim.h"

#include <algorithm>

#include "agentsim/sim/time.h"

namespace agentsim::sim {

namespace {
template <class T>
bool contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}
}  // namespace

Claim default_claim(const StrategyConfig& s) {
  Claim c;
  c.max_api_calls = 0;
  c.ghost_bound_us = 5'000'000;  // a request delivered after teardown applies within seconds
  switch (s.kind) {
    case StrategyKind::None:
      c.no_spurious_offline = true;
      break;
    case StrategyKind::CcpV2Logout:
      c.close_kinds = {CloseKind::LogoutButton};
      c.pre_close = {PreClose::Idle};
      c.no_spurious_offline = true;
      break;
    case StrategyKind::CanaryBroken:
    case StrategyKind::BeforeunloadSetstate:
      // The seed: "the agent is marked Offline after executing the beforeunload function" — for
      // a tab or browser close, whatever the agent was doing, when nothing fails.
      c.close_kinds = {CloseKind::TabClose, CloseKind::BrowserQuit};
      c.pre_close = {PreClose::Idle, PreClose::Ringing, PreClose::OnCall, PreClose::OnHold,
                     PreClose::Acw, PreClose::Missed};
      c.max_failures = 0;
      c.max_latency_us = 5'000'000;
      c.max_api_calls = 1;
      break;
    case StrategyKind::BeforeunloadRetry:
    case StrategyKind::BeforeunloadConfirm:
      // "Up to max_attempts - 1 failures", for calls answered within 100 ms.
      c.close_kinds = {CloseKind::TabClose, CloseKind::BrowserQuit};
      c.pre_close = {PreClose::Idle};
      c.max_failures = std::max(0, s.retry.max_attempts - 1);
      c.max_latency_us = 100'000;
      c.max_api_calls = s.retry.max_attempts;
      // The retries run only inside the unload window (BU [M 19]): the claim is the one made
      // for the 500 ms the page was once thought to live — longer than any measured window
      // (0-25 ms on a tab close, at most 240 ms on a navigation), so in the default environment
      // the claim covers nothing, and `agentsim check` says so.
      c.min_unload_window_us = 500'000;
      break;
    case StrategyKind::PutUserStatusBackend:
      c.close_kinds = {CloseKind::TabClose, CloseKind::BrowserQuit, CloseKind::LogoutButton};
      c.pre_close = {PreClose::Idle, PreClose::OnCall, PreClose::OnHold, PreClose::Acw};
      c.max_failures = std::max(0, s.retry.max_attempts - 1);
      c.max_latency_us = 1'000'000;
      c.max_api_calls = s.retry.max_attempts + 1;
      // PutUserStatus during a call sets the next status: Offline once the call and ACW end.
      // A ghost lasts at most from teardown until the backend's call lands (the default bound).
      break;
    case StrategyKind::HeartbeatSweeper:
      c.no_spurious_offline = false;
      break;
    case StrategyKind::EventStreamSweeper:
      break;
  }
  const SweeperConfig& w = s.sweeper;
  if (s.server == ServerSide::HeartbeatSweeper) {
    // The heartbeat sweeper covers every close after which the agent is away — no page code
    // needed — for an idle agent, when its calls answer within 1 s with up to max_attempts - 1
    // failures. The ghost ends within a silence window, a pass, and the attempts with their
    // largest delays. Some contacts may ring on the ghost meanwhile, and an agent back from
    // sleep may find itself Offline (the sweeper cannot tell sleep from leaving).
    c.close_kinds = {CloseKind::TabClose, CloseKind::BrowserQuit, CloseKind::LogoutButton,
                     CloseKind::Crash,    CloseKind::OsShutdown,  CloseKind::Sleep,
                     CloseKind::MobileKill};
    c.pre_close = {PreClose::Idle};
    const int attempts = std::max(1, w.retry.max_attempts);
    c.max_failures = attempts - 1;
    c.max_latency_us = 1'000'000;
    std::int64_t bound = ms_to_us(w.silence_timeout_ms + w.sweep_period_ms) +
                         attempts * c.max_latency_us + 1'000'000;
    for (int a = 2; a <= attempts; ++a) bound += w.retry.max_delay_us(a);
    c.ghost_bound_us = bound;
    c.max_api_calls += attempts;
    c.api_bound_within_claim_only = true;
    c.no_spurious_offline = false;
    c.no_contact_offered_to_ghost = false;
  } else if (s.server == ServerSide::EventStreamSweeper) {
    // Records come at least every 120 s while the agent is logged in [D 10]: a longer timeout
    // never fires on a working agent (nor on a ghost); a shorter one sets idle agents Offline.
    if (w.silence_timeout_ms <= 120000) c.no_spurious_offline = false;
    c.max_api_calls += std::max(1, w.retry.max_attempts);
    c.api_bound_within_claim_only = true;
  }
  if (s.missed_contact != MissedReaction::None) {
    // One reaction per missed contact: no bound on calls per close is claimed, and a present
    // agent who misses a ring is set Offline (set_offline, dismiss_then_offline).
    c.max_api_calls = 1'000'000;
    if (s.missed_contact != MissedReaction::AutoAvailable) c.no_spurious_offline = false;
  }
  return c;
}

Claim apply(Claim c, const ClaimOverrides& o) {
  if (o.close_kinds) c.close_kinds = *o.close_kinds;
  if (o.pre_close) c.pre_close = *o.pre_close;
  if (o.max_api_failures) c.max_failures = *o.max_api_failures;
  if (o.max_latency_us) c.max_latency_us = *o.max_latency_us;
  if (o.min_unload_window_us) c.min_unload_window_us = *o.min_unload_window_us;
  if (o.ghost_bound_us) c.ghost_bound_us = *o.ghost_bound_us;
  if (o.max_api_calls) c.max_api_calls = *o.max_api_calls;
  if (o.no_spurious_offline) c.no_spurious_offline = *o.no_spurious_offline;
  if (o.no_contact_offered_to_ghost) c.no_contact_offered_to_ghost = *o.no_contact_offered_to_ghost;
  return c;
}

namespace {
template <class T>
std::string names(const std::vector<T>& v) {
  std::string out;
  for (T x : v) out += (out.empty() ? "" : ", ") + std::string(to_string(x));
  return out.empty() ? "none" : out;
}
}  // namespace

EffectiveClaim effective_claim(const StrategyConfig& strategy, const ClaimOverrides& overrides,
                               std::optional<CloseKind> close_kind, std::optional<PreClose> pre_close) {
  EffectiveClaim e;
  e.claim = apply(default_claim(strategy), overrides);
  Claim& c = e.claim;
  if (close_kind) {
    if (!contains(c.close_kinds, *close_kind)) {
      e.outside = "close_kind " + std::string(to_string(*close_kind)) +
                  " lies outside the claim (close kinds: " + names(c.close_kinds) + ")";
      c.close_kinds.clear();
    } else {
      c.close_kinds = {*close_kind};
    }
  }
  if (pre_close) {
    if (!contains(c.pre_close, *pre_close)) {
      if (e.outside.empty()) {
        e.outside = "pre_close " + std::string(to_string(*pre_close)) +
                    " lies outside the claim (pre-close states: " + names(c.pre_close) + ")";
      }
      c.pre_close.clear();
    } else {
      c.pre_close = {*pre_close};
    }
  }
  return e;
}

int claim_failures(const Schedule& s) {
  int failures = 0;
  for (const ApiStep& a : s.api) failures += a.outcome != ApiOutcome::Success ? 1 : 0;
  for (bool d : s.delivered) failures += d ? 0 : 1;
  if (s.beacon_blocked) ++failures;
  return failures;
}

bool within_claim(const Claim& c, const Schedule& s) {
  if (!contains(c.close_kinds, s.close_kind) || !contains(c.pre_close, s.pre_close)) return false;
  if (s.unload_window_us < c.min_unload_window_us) return false;
  for (const ApiStep& a : s.api) {
    // A claim is for calls answered within max_latency: a timeout is never answered.
    // A max_latency of 0 bounds nothing (the claim says nothing of latency).
    if ((c.max_latency_us > 0 && a.latency_us > c.max_latency_us) || a.outcome == ApiOutcome::Timeout)
      return false;
  }
  return claim_failures(s) <= c.max_failures;
}

}  // namespace agentsim::sim
