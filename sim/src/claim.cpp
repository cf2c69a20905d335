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
  c.no_spurious_offline = claims_no_spurious_offline_by_default(s);
  // Each component adds its part, in the strategy's order: the page's actions say which closes
  // they cover, a sweeper widens that (and gives up no_spurious_offline), a missed-contact
  // reaction lifts the call bound (component.h).
  for (const ComponentConfig& component : s.components()) {
    if (component.descriptor->claim != nullptr) component.descriptor->claim(component, c);
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
