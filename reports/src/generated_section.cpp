#include "agentsim/reports/generated_section.h"

namespace agentsim::reports {

std::string generated_begin_marker(std::string_view tag) {
  return "<!-- BEGIN GENERATED: " + std::string(tag) + " (do not edit by hand) -->";
}

std::optional<std::string> splice_generated(std::string_view document, std::string_view tag,
                                            std::string_view content) {
  const std::string begin_marker = generated_begin_marker(tag);
  const auto begin = document.find(begin_marker);
  if (begin == std::string_view::npos) return std::nullopt;
  const auto end = document.find(kGeneratedEnd, begin);
  if (end == std::string_view::npos) return std::nullopt;
  std::string out(document.substr(0, begin + begin_marker.size()));
  out += "\n";
  out += content;
  out += document.substr(end);
  return out;
}

}  // namespace agentsim::reports
