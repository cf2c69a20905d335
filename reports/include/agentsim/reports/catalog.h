// The catalogue of what agentsim simulates — strategies and their parameters, environment
// parameters with units, defaults and provenance, close kinds, platform profiles — for
// `agentsim list` and the generated sections of docs/environment.md and docs/strategies.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agentsim::reports {

std::string render_environment_markdown();
// The ranges `agentsim sensitivity` moves each assumed or inferred parameter across, with the
// reasons, and the parameters it leaves alone (docs/sensitivity.md).
std::string render_assumption_ranges_markdown();
std::string render_close_kinds_markdown();
std::string render_strategies_markdown();
// The strategy components: side, description, parameter table (docs/strategies.md).
std::string render_components_markdown();
std::string render_profiles_markdown();
// Plain text for a terminal: everything above.
std::string render_catalog_text();

// Every generated section agentsim knows (model, environment, close kinds, strategies,
// profiles), refreshed in `document`. `sections` is set to how many were found; nullopt when a
// begin marker has no end marker.
std::optional<std::string> refresh_generated_sections(std::string_view document, int& sections);

}  // namespace agentsim::reports
