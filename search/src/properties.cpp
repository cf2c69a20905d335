#include "agentsim/search/properties.h"

#include <algorithm>

#include <fmt/format.h>

namespace agentsim::search {

using sim::ApiOutcome;

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

}  // namespace

const std::vector<PropertyInfo>& properties() { return kProperties; }

const PropertyInfo* find_property(std::string_view name) {
  for (const PropertyInfo& p : kProperties) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

std::string_view to_string(Property p) { return kProperties[static_cast<std::size_t>(p)].name; }

std::string not_claimed(Property p, const Claim& c) {
  if (p == Property::NoSpuriousOffline && !c.no_spurious_offline) {
    return "the claim does not include it (`claim: {no_spurious_offline: true}` states it)";
  }
  if (p == Property::NoContactOfferedToGhost && !c.no_contact_offered_to_ghost) {
    return "the claim does not include it (`claim: {no_contact_offered_to_ghost: true}` states it)";
  }
  return {};
}

bool searched_within_claim(Property p, const Claim& c) {
  return p == Property::NoGhostAfterCoveredClose || p == Property::NoContactOfferedToGhost ||
         (p == Property::ApiCallsBounded && c.api_bound_within_claim_only);
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

}  // namespace agentsim::search
