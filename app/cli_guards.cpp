#include "cli_guards.h"

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "agentsim/sim/input_text.h"
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

}  // namespace

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
