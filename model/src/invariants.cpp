#include "agentsim/model/invariants.h"

namespace agentsim::model {

namespace {

bool next_only_with_occupied_slot(const AgentView& v, const PlatformProfile&) {
  return v.next == NextStatus::None || !all_slots_clear(v);
}

// No invariant ties a connected voice contact to a CCP page: auto-accept connects a contact with
// no page at all (an auto-accepting ghost [D 50]), and a contact stays connected, without audio,
// until the customer ends it [C 52].

bool occupied_slot_implies_available(const AgentView& v, const PlatformProfile&) {
  // Contacts are offered only to Available agents, and a status chosen while the slot is
  // occupied becomes a next status (or clears an ACW/missed slot), so the two never coexist.
  return all_slots_clear(v) || v.status == Status::Available;
}

}  // namespace

const std::vector<Invariant>& invariants() {
  static const std::vector<Invariant> all = {
      {"next_status_only_while_slot_occupied",
       "A next status is pending only while a contact slot (voice or chat) is occupied [D 17].",
       &next_only_with_occupied_slot},
      {"occupied_slot_implies_available",
       "A contact occupies a slot (voice or chat) only while the status is Available: a status "
       "chosen during a contact becomes the next status [D 17,19].",
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
