// Documents with generated sections: the text between
//   <!-- BEGIN GENERATED: <tag> (do not edit by hand) -->   and   <!-- END GENERATED -->
// is produced by agentsim itself, and a test fails when a committed document is stale.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace agentsim::reports {

std::string generated_begin_marker(std::string_view tag);
inline constexpr std::string_view kGeneratedEnd = "<!-- END GENERATED -->";

// Replaces the text between the markers of `tag` with `content`. nullopt when the markers are
// missing or out of order.
std::optional<std::string> splice_generated(std::string_view document, std::string_view tag,
                                            std::string_view content);

}  // namespace agentsim::reports
