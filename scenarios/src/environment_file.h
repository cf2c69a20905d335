// `environment_file:` — a scenario includes environment parameters fitted from a team's Agent
// Event Stream (`agentsim conform --out DIR` writes DIR/environment.yaml):
//
//   measured_from: "stream.jsonl"      # the logs the values were fitted from
//   environment:
//     acw_duration_ms: 60000
//
// The path is relative to the scenario file. Its values override the defaults; the scenario's own
// `environment:` overrides them. Every error names the environment file's line and column.
#pragma once

#include <cstddef>

#include "agentsim/sim/scenario.h"
#include "yaml_reader.h"

namespace agentsim::scenarios::detail {

inline constexpr std::size_t kMaxEnvironmentFileBytes = std::size_t{1} << 20;  // 1 MiB

// Reads the file `f` names into s.session.env and s.measured. A center scenario does not read
// contact_arrival_rate_per_min (the center has its own rate): the file's value is skipped there.
// Errors go to `reader` (at the environment file's locations, or at `f` when it cannot be read).
void read_environment_file(Reader& reader, const Field& f, bool center, sim::Scenario& s);

}  // namespace agentsim::scenarios::detail
