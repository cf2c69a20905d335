#include "agentsim/sim/properties.h"

#include <algorithm>

#include <fmt/format.h>

namespace agentsim::sim {

namespace {

const std::vector<PropertyInfo> kProperties = {
    {Property::NoGhostAfterCoveredClose, "no_ghost_after_covered_close",
     "After a close the strategy claims to cover, the agent is not a ghost for longer than the claimed bound."},
    {Property::NoContactOfferedToGhost, "no_contact_offered_to_ghost",
     "After a close the strategy claims to cover, no contact is offered to a ghost."},
    {Property::NoSpuriousOffline, "no_spurious_offline",
     "A strategy that claims so never sets a still-working agent Offline."},
    {Property::NoContactDropped, "no_contact_dropped",
     "The strategy never cuts a working agent's after-contact work short."},
    {Property::ApiCallsBounded, "api_calls_bounded",
     "A close costs at most the claimed number of API calls."},
    {Property::EveryEventAccepted, "every_event_accepted",
     "The formal model accepts every event the simulation sends it."},
    {Property::NoSendAfterTeardown, "no_send_after_teardown",
     "No request leaves a page after its teardown (retries due then are dropped, not sent)."},
};

template <class T>
bool contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

const std::vector<PropertyInfo>& properties() { return kProperties; }

const PropertyInfo* find_property(std::string_view name) {
  for (const PropertyInfo& p : kProperties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string_view to_string(Property p) { return kProperties[static_cast<std::size_t>(p)].name; }

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
    std::int64_t bound = static_cast<std::int64_t>((w.silence_timeout_ms + w.sweep_period_ms) * 1000.0) +
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

bool within_claim(const Claim& c, const Schedule& s) {
  if (!contains(c.close_kinds, s.close_kind) || !contains(c.pre_close, s.pre_close)) return false;
  if (s.unload_budget_us < c.min_unload_budget_us) return false;
  int failures = 0;
  for (const ApiStep& a : s.api) {
    if (a.outcome != ApiOutcome::Success) ++failures;
    // A claim is for calls answered within max_latency: a timeout is never answered.
    if (a.latency_us > c.max_latency_us || a.outcome == ApiOutcome::Timeout) return false;
  }
  for (bool d : s.delivered) failures += d ? 0 : 1;
  if (s.beacon_blocked) ++failures;
  return failures <= c.max_failures;
}

PropertyCheck check(Property p, const Claim& c, const Schedule& s, const Outcome& o) {
  PropertyCheck r;
  const auto fail = [&](std::string why) {
    r.holds = false;
    r.explanation = std::move(why);
    return r;
  };
  switch (p) {
    case Property::NoGhostAfterCoveredClose:
      r.applicable = within_claim(c, s);
      if (r.applicable && o.ghost_us > c.ghost_bound_us) {
        return fail(fmt::format("the agent was a ghost for {:.3f} s (claimed bound {:.3f} s)",
                                static_cast<double>(o.ghost_us) / 1e6,
                                static_cast<double>(c.ghost_bound_us) / 1e6));
      }
      return r;
    case Property::NoContactOfferedToGhost:
      r.applicable = c.no_contact_offered_to_ghost && within_claim(c, s);
      if (r.applicable && o.contacts_offered_to_ghost > 0) {
        return fail(fmt::format("{} contact(s) offered to the ghost", o.contacts_offered_to_ghost));
      }
      return r;
    case Property::NoSpuriousOffline:
      r.applicable = c.no_spurious_offline;
      if (r.applicable && o.spurious_offline) return fail("a still-working agent was set Offline");
      return r;
    case Property::NoContactDropped:
      if (o.contacts_dropped_by_strategy > 0) return fail("a working agent's after-contact work was cut short");
      return r;
    case Property::ApiCallsBounded: {
      r.applicable = !c.api_bound_within_claim_only || within_claim(c, s);
      if (!r.applicable) return r;
      const std::uint32_t calls =
          o.setstate_sent + o.put_user_status_sent + o.backend_notifies_sent + o.dismiss_sent;
      if (calls > static_cast<std::uint32_t>(c.max_api_calls)) {
        return fail(fmt::format("{} API calls for one close (claimed at most {})", calls, c.max_api_calls));
      }
      return r;
    }
    case Property::EveryEventAccepted:
      if (o.unaccepted_events > 0) return fail(fmt::format("{} unaccepted model event(s)", o.unaccepted_events));
      return r;
    case Property::NoSendAfterTeardown:
      if (o.sends_after_teardown > 0) return fail(fmt::format("{} request(s) sent after teardown", o.sends_after_teardown));
      return r;
  }
  return r;
}

}  // namespace agentsim::sim
