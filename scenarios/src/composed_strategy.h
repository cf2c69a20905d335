// A strategy a scenario composes from components (docs/scenario-format.md, "Composed
// strategies"):
//
//   strategy:
//     name: our_ccp                      # optional: a label for reports (not a preset's name)
//     page:
//       - on: [beforeunload, pagehide]   # the page events, then one component to run
//         do: {notify_backend: {transport: beacon}}
//       - heartbeat: {interval_ms: 30000}
//     backend:
//       - put_user_status_on_notify: {grace_ms: 5000, retry: {max_attempts: 3}}
//       - sweeper: {signal: event_stream, silence_timeout_ms: 300000, retry: {max_attempts: 5}}
//       - missed_contact: {reaction: dismiss_then_offline}
//
// Each list item names one component of its side with its parameters (a `retry:` mapping sets
// the component's retry policy); a page item may name its trigger events with `on:` and the
// component with `do:`. Every key and value is checked against the component registry.
#pragma once

#include "agentsim/sim/scenario.h"
#include "fields.h"
#include "yaml_reader.h"

namespace agentsim::scenarios::detail {

// Whether the strategy mapping composes (it has `page:` or `backend:`).
bool is_composed(const ScenarioFields& f);
// Reads the composition into s.session.strategy; errors go to `reader`.
void read_composed_strategy(Reader& reader, const ScenarioFields& f, sim::Scenario& s);

}  // namespace agentsim::scenarios::detail
