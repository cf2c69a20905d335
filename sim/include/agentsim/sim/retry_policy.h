// The retry policy shared by every strategy that tries again: how many attempts, how long to wait
// between them (constant or exponential backoff, capped, with jitter), how long one attempt may
// take, and an overall deadline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agentsim/sim/random.h"
#include "agentsim/sim/time.h"

namespace agentsim::sim {

enum class Backoff : std::uint8_t { Constant, Exponential };
enum class Jitter : std::uint8_t { None, Full, Equal };

std::string_view to_string(Backoff b);
std::string_view to_string(Jitter j);
std::optional<Backoff> parse_backoff(std::string_view s);
std::optional<Jitter> parse_jitter(std::string_view s);

struct RetryPolicy {
  int max_attempts = 3;                  // attempts in all, the first included; >= 1
  Backoff backoff = Backoff::Exponential;
  double base_ms = 100;                  // delay before the 2nd attempt (before jitter)
  double cap_ms = 2000;                  // no delay exceeds this (before jitter)
  Jitter jitter = Jitter::Full;          // None: d; Full: U[0, d]; Equal: d/2 + U[0, d/2]
  double per_attempt_timeout_ms = 0;     // give up on an attempt after this; 0 = wait for it
  double overall_deadline_ms = 0;        // start no attempt later than this after the first; 0 = none

  // The delay before attempt `attempt` (2 = the first retry), in microseconds.
  // Exponential: min(cap, base * 2^(attempt-2)); Constant: min(cap, base); then jitter.
  // Draws from `rng` only when jitter is not None.
  // REQUIRES: attempt >= 2.
  std::int64_t delay_us(int attempt, Rng& rng) const;

  // The delay without jitter (the largest it can be), in microseconds.
  std::int64_t max_delay_us(int attempt) const;
  // The smallest delay the jitter can produce: the delay itself (None), 0 (Full), half (Equal).
  std::int64_t min_delay_us(int attempt) const;

  // The overall deadline allows an attempt starting at `start_us` when the first one started at
  // `first_attempt_us` (always true without a deadline).
  bool within_deadline(std::int64_t first_attempt_us, std::int64_t start_us) const {
    const std::int64_t deadline_us = ms_to_us(overall_deadline_ms);
    return deadline_us <= 0 || start_us - first_attempt_us <= deadline_us;
  }

  // Every violated constraint, as "field: message"; empty when valid.
  std::vector<std::string> validate() const;
};

}  // namespace agentsim::sim
