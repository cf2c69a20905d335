// The simulation clock counts integer microseconds; parameters are written in milliseconds (and a
// few in seconds). Every conversion of a parameter's duration to the clock goes through to_us(),
// so that none can overflow the clock's std::int64_t (a double beyond its range converts with
// undefined behaviour).
//
// The rule: the amount times the unit (1000 µs per ms, 1e6 µs per s), rounded to the nearest
// microsecond with halves away from zero (as std::llround), then saturated to
// [-kTimeUsMax, kTimeUsMax]; NaN converts to 0. Validated parameters never reach the saturation
// (every duration a scenario may hold is far below it, and every rate is bounded so that no time
// derived from it is larger: sim::validate, StrategyConfig::validate, CenterSpec::validate), so for
// them this is exactly llround(amount * unit). The bound leaves room for sums: three saturated
// times added to a simulation time still fit in std::int64_t.
#pragma once

#include <cmath>
#include <cstdint>

namespace agentsim::sim {

// 2^61 µs, about 73,000 years: three of them still add up within std::int64_t.
inline constexpr std::int64_t kTimeUsMax = std::int64_t{1} << 61;

enum class TimeUnit : std::uint8_t { Milliseconds, Seconds };

// `amount` of `unit` in microseconds, by the rule above.
inline std::int64_t to_us(double amount, TimeUnit unit) {
  const double us = amount * (unit == TimeUnit::Seconds ? 1e6 : 1e3);
  if (std::isnan(us)) return 0;
  if (us >= static_cast<double>(kTimeUsMax)) return kTimeUsMax;
  if (us <= -static_cast<double>(kTimeUsMax)) return -kTimeUsMax;
  return static_cast<std::int64_t>(std::llround(us));
}

inline std::int64_t ms_to_us(double ms) { return to_us(ms, TimeUnit::Milliseconds); }
inline std::int64_t s_to_us(double s) { return to_us(s, TimeUnit::Seconds); }

// A time in microseconds computed as a double (a pacer's wait, say), rounded up and saturated to
// [-kTimeUsMax, kTimeUsMax] like to_us(); NaN gives 0.
inline std::int64_t ceil_us(double us) {
  if (std::isnan(us)) return 0;
  if (us >= static_cast<double>(kTimeUsMax)) return kTimeUsMax;
  if (us <= -static_cast<double>(kTimeUsMax)) return -kTimeUsMax;
  return static_cast<std::int64_t>(std::ceil(us));
}

}  // namespace agentsim::sim
