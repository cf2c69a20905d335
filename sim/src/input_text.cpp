#include "agentsim/sim/input_text.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace agentsim::sim {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::size_t skip_digits(std::string_view s, std::size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

}  // namespace

std::optional<double> parse_decimal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t int_end = skip_digits(s, i);
  std::size_t end = int_end;
  std::size_t frac_digits = 0;
  if (end < s.size() && s[end] == '.') {
    const std::size_t frac_end = skip_digits(s, end + 1);
    frac_digits = frac_end - end - 1;
    end = frac_end;
  }
  if (int_end == i && frac_digits == 0) return std::nullopt;  // no digit at all
  if (end < s.size() && (s[end] == 'e' || s[end] == 'E')) {
    std::size_t e = end + 1;
    if (e < s.size() && (s[e] == '+' || s[e] == '-')) ++e;
    const std::size_t exp_end = skip_digits(s, e);
    if (exp_end == e) return std::nullopt;
    end = exp_end;
  }
  if (end != s.size()) return std::nullopt;
  const std::string copy(s);
  const double v = std::strtod(copy.c_str(), nullptr);
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

std::string echo(std::string_view s) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    // A character starts at every byte that is not a continuation byte (10xxxxxx).
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == kEchoMaxChars) {
      return std::string(s.substr(0, i)) + "\u2026";
    }
  }
  return std::string(s);
}

std::string thousands(std::uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace agentsim::sim
