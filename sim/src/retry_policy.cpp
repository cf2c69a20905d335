#include "agentsim/sim/retry_policy.h"

#include <algorithm>
#include <cmath>

#include "agentsim/sim/time.h"

namespace agentsim::sim {

std::string_view to_string(Backoff b) { return b == Backoff::Constant ? "constant" : "exponential"; }

std::string_view to_string(Jitter j) {
  switch (j) {
    case Jitter::None: return "none";
    case Jitter::Full: return "full";
    case Jitter::Equal: return "equal";
  }
  return "?";
}

std::optional<Backoff> parse_backoff(std::string_view s) {
  if (s == "constant") return Backoff::Constant;
  if (s == "exponential") return Backoff::Exponential;
  return std::nullopt;
}

std::optional<Jitter> parse_jitter(std::string_view s) {
  if (s == "none") return Jitter::None;
  if (s == "full") return Jitter::Full;
  if (s == "equal") return Jitter::Equal;
  return std::nullopt;
}

std::int64_t RetryPolicy::max_delay_us(int attempt) const {
  double d = base_ms;
  if (backoff == Backoff::Exponential) {
    // 2^(attempt-2), saturating well before overflow: the cap applies anyway.
    const int doublings = std::min(attempt - 2, 60);
    d = base_ms * std::ldexp(1.0, doublings);
  }
  d = std::min(d, cap_ms);
  return ms_to_us(d);
}

std::int64_t RetryPolicy::min_delay_us(int attempt) const {
  const std::int64_t d = max_delay_us(attempt);
  switch (jitter) {
    case Jitter::None: return d;
    case Jitter::Full: return 0;
    case Jitter::Equal: return d / 2;
  }
  return d;
}

std::int64_t RetryPolicy::delay_us(int attempt, Rng& rng) const {
  const std::int64_t d = max_delay_us(attempt);
  switch (jitter) {
    case Jitter::None: return d;
    case Jitter::Full: return rng.uniform_int(0, d);
    case Jitter::Equal: return d / 2 + rng.uniform_int(0, d - d / 2);
  }
  return d;
}

std::vector<std::string> RetryPolicy::validate() const {
  std::vector<std::string> errors;
  auto check = [&](bool ok, const char* msg) {
    if (!ok) errors.emplace_back(msg);
  };
  check(max_attempts >= 1 && max_attempts <= 1000, "max_attempts: must be between 1 and 1000");
  check(std::isfinite(base_ms) && base_ms >= 0 && base_ms <= 86400000,
        "base_ms: must be a duration between 0 and 86400000 ms");
  check(std::isfinite(cap_ms) && cap_ms >= 0 && cap_ms <= 86400000,
        "cap_ms: must be a duration between 0 and 86400000 ms");
  check(cap_ms >= base_ms, "cap_ms: must not be below base_ms");
  check(std::isfinite(per_attempt_timeout_ms) && per_attempt_timeout_ms >= 0 &&
            per_attempt_timeout_ms <= 86400000,
        "per_attempt_timeout_ms: must be between 0 (none) and 86400000 ms");
  check(std::isfinite(overall_deadline_ms) && overall_deadline_ms >= 0 &&
            overall_deadline_ms <= 86400000,
        "overall_deadline_ms: must be between 0 (none) and 86400000 ms");
  return errors;
}

}  // namespace agentsim::sim
