// Renders the agent machine's transition table (model/transition_table.h) for people:
// Graphviz dot, Mermaid, and the Markdown embedded in docs/model.md. The table is read from the
// Boost.MSM definition, so these are never out of date with the machine.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agentsim::reports {

enum class DiagramFormat { Dot, Mermaid, Markdown };

// nullopt for an unknown name; names are "dot", "mermaid", "markdown".
std::optional<DiagramFormat> parse_diagram_format(std::string_view name);

std::string render_model(DiagramFormat format);

// The tag of the generated section of docs/model.md (see generated_section.h).
inline constexpr std::string_view kModelDocTag = "agentsim model --format markdown";

// Replaces the generated section of docs/model.md with render_model(Markdown). nullopt when the
// markers are missing or out of order.
std::optional<std::string> splice_model_doc(std::string_view document);

}  // namespace agentsim::reports
