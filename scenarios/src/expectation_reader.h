// Expectations: "metric op bound [@ confidence]" strings and their mapping form.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "agentsim/sim/scenario.h"
#include "yaml_reader.h"

namespace agentsim::scenarios::detail {

// A string expectation split into its parts (metric not yet checked against the metrics).
struct ExpectationText {
  std::string metric;
  sim::Comparison op = sim::Comparison::LessEqual;
  double bound = 0;
  std::size_t bound_offset = 0;
  double confidence = 0.95;
  std::string confidence_text;  // as written ("99%"); empty when absent
  std::size_t confidence_offset = 0;
};
struct ExpectationTextError {
  std::string message;
  std::string hint;
  std::size_t offset = 0;  // where in the string the problem starts
};
std::variant<ExpectationText, ExpectationTextError> parse_expectation_text(std::string_view s);

// The confidences an expectation may state (sim::kMinConfidence..sim::kMaxConfidence).
using sim::kMaxConfidence;
using sim::kMinConfidence;

// The `expect:` list of a scenario; nullopt when any item has an error (all are reported).
// A center scenario's expectations bound sim::center_metrics(), a single-agent scenario's
// sim::metrics(); a metric of the other mode is refused with a message saying so. A bound must
// be one a measurement can fall on either side of: within the metric's range (a proportion from
// 0 to 1, every other metric never negative) and not at an end where the comparison is decided
// whatever is measured (`ghost_rate < 0`, `ghost_rate <= 1`, `api_calls_per_close >= 0`). A
// confidence is between kMinConfidence and kMaxConfidence.
std::optional<std::vector<sim::Expectation>> read_expectations(Reader& reader, const Field& expect,
                                                               bool center);

}  // namespace agentsim::scenarios::detail
