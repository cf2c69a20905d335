// Text a person wrote — in a scenario file or on the command line: the one grammar of numbers,
// and how a value is echoed back in a message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace agentsim::sim {

// A finite decimal number: an optional sign, digits with an optional fraction (or a fraction
// alone, ".5"), an optional exponent ("-1.5e3"). Nothing else: no blanks, no hexadecimal
// ("0x1F"), no "inf" or "nan", no value that overflows to infinity ("1e400"). nullopt otherwise.
// Every number of a scenario file (environment, strategy and center parameters, expectations)
// and of the command line (`simulate --set`, `--param`, `--center-param`) is read by it.
std::optional<double> parse_decimal(std::string_view s);

// The longest value a message echoes, in characters (UTF-8 code points).
inline constexpr std::size_t kEchoMaxChars = 80;

// `s` as a message echoes it: unchanged when at most kEchoMaxChars characters long, else its
// first kEchoMaxChars characters followed by "…" (U+2026). A 1 MB name in a file makes a
// one-line message, not a 1 MB one. Cuts between UTF-8 sequences, never inside one.
std::string echo(std::string_view s);

// "1,234,567": an integer with thousands separators, as messages and reports print counts.
std::string thousands(std::uint64_t n);

}  // namespace agentsim::sim
