// The JSON report of a suite run: everything a machine (a dashboard, a baseline comparison, a
// later run with --baseline) needs to know about the run, in a versioned schema.
//
// The schema is documented field by field in docs/report-schema.md. Within a major version
// ("agentsim-report/1") fields are only ever added, never renamed, removed or given another type
// or meaning; a reader should ignore fields it does not know.
#pragma once

#include <string>
#include <string_view>

#include "agentsim/sim/suite.h"

namespace agentsim::reports {

// The value of the top-level "schema" field of every report this version writes.
inline constexpr std::string_view kReportSchema = "agentsim-report/1";

// Renders `result` as a JSON document:
//
//   {"schema": "agentsim-report/1", "suite": ..., "command": ..., "seed_override": ...,
//    "exit_code": ..., "totals": {...}, "scenarios": [...]}
//
// Per scenario: identity (name, description, tags, location, seed), sampling (sessions_run,
// sampling_rounds, first_batch, max_sessions), status, the profile with every field and its
// provenance, the strategy with every parameter (as text, as sim::parameter_value writes it), the
// fixed close kind / pre-close state if any, the overrides, the Assumed environment parameters
// with their values ("assumptions"), every metric of sim::metrics() at 95 % ("metrics"), every
// expectation with its value, verdict and status, the non-empty ghost-duration histogram buckets,
// the Summary counters, closes/ghosts by close kind, and "center": null for a single-agent
// scenario. A center scenario's "metrics" are those of sim::center_metrics() (on its
// CenterSummary), its Summary-based fields are empty or zero, and "center" holds its spec, shifts,
// CenterSummary counters and the center metrics again. The strategy carries its "label"
// (StrategyConfig::label()).
//
// Deterministic: keys in a fixed order, pretty-printed with a 2-space indent, numbers in their
// shortest round-trip form; no timestamps, host names or wall-clock durations, so identical
// results give byte-identical documents. Non-finite numbers (an infinite upper bound, a NaN) are
// written as null. Invalid UTF-8 in text from scenario files is replaced by U+FFFD. The output
// ends with a newline.
std::string render_json(const sim::SuiteResult& result);

}  // namespace agentsim::reports
