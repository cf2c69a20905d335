#include "cli_guards.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "agentsim/sim/center.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/monte_carlo.h"
#include "agentsim/sim/scenario.h"

namespace agentsim::app {

namespace {

// "" when `text` is an unsigned 64-bit integer in decimal digits; else what is wrong.
std::string unsigned_problem(const std::string& text) {
  std::uint64_t value = 0;
  const char* const end = text.data() + text.size();
  const bool digits =
      !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  const auto result = std::from_chars(text.data(), end, value);
  if (digits && result.ec == std::errc() && result.ptr == end) return {};
  return "expected a whole number from 0 to " +
         std::to_string(std::numeric_limits<std::uint64_t>::max()) + " in decimal digits, got '" +
         sim::echo(text) + "'" +
         (digits ? " (too large)" : !text.empty() && text[0] == '-' ? " (negative)" : "");
}

// "" when `text` is a whole number from 1 to `most` (CLI11 has converted it already: digits);
// else what is wrong, and `beyond` for a number above `most`.
std::string count_problem(const std::string& text, std::uint64_t most, const char* noun,
                          const std::string& beyond) {
  std::uint64_t value = 0;
  const char* const end = text.data() + text.size();
  const auto result = std::from_chars(text.data(), end, value);
  const bool whole = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
                     result.ptr == end;
  if (whole && result.ec == std::errc() && value >= 1 && value <= most) return {};
  std::string problem = "expected a whole number of " + std::string(noun) + " from 1 to " +
                        sim::thousands(most) + ", got '" + sim::echo(text) + "'";
  if (whole && (result.ec != std::errc() || value > most)) problem += beyond;
  return problem;
}

}  // namespace

CLI::Validator sessions_count() {
  return CLI::Validator(
      [](std::string& value) {
        std::uint64_t n = 0;
        std::from_chars(value.data(), value.data() + value.size(), n);
        const std::string beyond =
            n > sim::kMaxSessions ? ": " + sim::thousands(n) + " sessions would take one core " +
                                        sim::sessions_duration_range(static_cast<double>(n)) +
                                        " at the bundled strategies' 0.16 to 1.9 million "
                                        "sessions/s (docs/performance.md)"
                                  : std::string(" (too large)");
        return count_problem(value, sim::kMaxSessions, "sessions", beyond);
      },
      "", "sessions");
}

CLI::Validator shifts_count() {
  return CLI::Validator(
      [](std::string& value) {
        return count_problem(value, sim::kMaxShifts, "shifts",
                             ": a shift runs every agent of the center for hours (docs/performance.md)");
      },
      "", "shifts");
}

void guard_unsigned_options(CLI::App& app) {
  const CLI::Validator unsigned_integer(
      [](std::string& value) { return unsigned_problem(value); }, "", "unsigned 64-bit");
  for (CLI::App* sub : app.get_subcommands({})) {
    for (const char* name : {"--seed", "--session"}) {
      // First, before any check of the command's own (a CLI::Range converts with the same
      // wrapping strtoull, and says less).
      if (CLI::Option* option = sub->get_option_no_throw(name)) option->transform(unsigned_integer);
    }
  }
}

}  // namespace agentsim::app

namespace agentsim::app {

CLI::Validator confidence_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::optional<double> v = sim::parse_decimal(text);
        if (v && *v >= sim::kMinConfidence && *v <= sim::kMaxConfidence) return {};
        return fmt::format("expected a confidence from {} to {} (e.g. 0.95 or 0.99), got '{}'",
                           sim::kMinConfidence, sim::kMaxConfidence, sim::echo(text));
      },
      "CONFIDENCE");
}

}  // namespace agentsim::app
