#include "agentsim/model/invariants.h"

namespace agentsim::model {

namespace {

bool next_only_with_occupied_slot(const AgentView& v, const PlatformProfile&) {
  return v.next == NextStatus::None || slot_occupied(v);
}

bool connected_voice_needs_a_page(const AgentView& v, const PlatformProfile& p) {
  const bool on_call = v.contact == Contact::Connected || v.contact == Contact::OnHold;
  return !on_call || !p.page_close_ends_voice_contact || page_present(v);
}

bool occupied_slot_implies_available(const AgentView& v, const PlatformProfile&) {
  // Contacts are offered only to Available agents, and a status chosen while the slot is
  // occupied becomes a next status (or clears an ACW/missed slot), so the two never coexist.
  return !slot_occupied(v) || v.status == Status::Available;
}

}  // namespace

const std::vector<Invariant>& invariants() {
  static const std::vector<Invariant> all = {
      {"next_status_only_while_slot_occupied",
       "A next status is pending only while the contact slot is occupied [D 17].",
       &next_only_with_occupied_slot},
      {"connected_voice_needs_a_page",
       "A connected or held voice contact has a CCP page when closing the page ends the leg [A].",
       &connected_voice_needs_a_page},
      {"occupied_slot_implies_available",
       "A contact occupies the slot only while the status is Available: a status chosen during a "
       "contact becomes the next status [D 17,19].",
       &occupied_slot_implies_available},
  };
  return all;
}

const Invariant* first_violated(const AgentView& v, const PlatformProfile& p) {
  for (const Invariant& inv : invariants()) {
    if (!inv.holds(v, p)) return &inv;
  }
  return nullptr;
}

}  // namespace agentsim::model
