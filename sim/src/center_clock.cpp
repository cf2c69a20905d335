// Times of day for a center's shift (center.h): `shift: {start, end}` and `burst_at: "17:00"`.
#include <fmt/format.h>

#include <cmath>

#include "agentsim/sim/center.h"

namespace agentsim::sim {

namespace {

// Two ASCII digits at s[i], s[i + 1] as a number, or -1.
int two_digits(std::string_view s, std::size_t i) {
  if (i + 1 >= s.size() + 0 || s[i] < '0' || s[i] > '9' || s[i + 1] < '0' || s[i + 1] > '9') {
    return -1;
  }
  return (s[i] - '0') * 10 + (s[i + 1] - '0');
}

double day_ms(double ms) {
  const double r = std::fmod(ms, kDayMs);
  return r < 0 ? r + kDayMs : r;
}

}  // namespace

std::optional<double> parse_clock_ms(std::string_view text) {
  if (text.size() != 5 && text.size() != 8) return std::nullopt;
  const int h = two_digits(text, 0);
  const int m = two_digits(text, 3);
  if (text[2] != ':' || h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  int sec = 0;
  if (text.size() == 8) {
    sec = two_digits(text, 6);
    if (text[5] != ':' || sec < 0 || sec > 59) return std::nullopt;
  }
  return ((h * 60.0 + m) * 60.0 + sec) * 1000.0;
}

std::string clock_text(double ms_of_day) {
  const auto total_s = static_cast<long long>(std::floor(day_ms(ms_of_day) / 1000.0 + 1e-9));
  const long long h = total_s / 3600;
  const long long m = total_s / 60 % 60;
  const long long sec = total_s % 60;
  return sec == 0 ? fmt::format("{:02}:{:02}", h, m) : fmt::format("{:02}:{:02}:{:02}", h, m, sec);
}

std::string shift_time_text(const CenterSpec& spec, double shift_ms_time) {
  if (spec.has_clock()) return clock_text(spec.shift_start_of_day_ms + shift_ms_time);
  return fmt::format("+{} ms", shift_ms_time);
}

std::optional<std::string> resolve_center_clock(CenterSpec& spec) {
  if (spec.burst_at_of_day_ms < 0) return std::nullopt;
  const std::string at = clock_text(spec.burst_at_of_day_ms);
  if (!spec.has_clock()) {
    return fmt::format("burst_at: {} is a time of day, but the shift has none: set "
                       "shift: {{start: \"HH:MM\", end: \"HH:MM\"}}, or give burst_at_ms",
                       at);
  }
  // The first time the clock shows it from the start of the shift on (a shift past midnight
  // wraps).
  const double offset = day_ms(spec.burst_at_of_day_ms - spec.shift_start_of_day_ms);
  const double sim_end_ms = spec.shift_ms + spec.after_shift_ms;
  if (offset > spec.shift_ms) {
    return fmt::format(
        "burst_at: {} is outside the shift {}–{} (the simulated span is {}–{}, with "
        "after_shift_ms); a burst starts within the shift",
        at, clock_text(spec.shift_start_of_day_ms),
        clock_text(spec.shift_start_of_day_ms + spec.shift_ms),
        clock_text(spec.shift_start_of_day_ms),
        clock_text(spec.shift_start_of_day_ms + sim_end_ms));
  }
  spec.burst_at_ms = offset;
  return std::nullopt;
}

}  // namespace agentsim::sim
