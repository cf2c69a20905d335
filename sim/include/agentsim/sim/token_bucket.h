// One token bucket, used everywhere the simulator meters calls: the account's per-API throttling
// buckets on the server (Amazon Connect defines its limits "for each API separately" at the
// account level [D 21,22]) and the sweeper's client-side pacer.
//
// A bucket holds at most `burst` tokens, starts full, and refills continuously at `rate_rps`
// tokens per second. Time is virtual (integer microseconds) and the arithmetic is exact: tokens
// are counted in units of 1e-12 token, so a rate of r requests/s refills exactly
// round(r x 1e6) units per microsecond. Consequences, all tested (tests/sim/token_bucket_test.cpp):
//   * rates are quantized to 1e-6 requests/s and bursts to 1e-12 token (rate_units_per_us());
//   * in any window [t_i, t_j] of grants of a bucket that starts full, at most
//     burst + rate x (t_j - t_i) tokens are granted (grants_beyond_bucket() checks this from the
//     grant times alone), with no floating-point tolerance;
//   * the result is a pure function of the sequence of calls: no wall clock, no platform
//     dependence beyond IEEE rounding of the two parameters at construction.
#pragma once

#include <cstdint>
#include <vector>

#include "agentsim/sim/time.h"

namespace agentsim::sim {

class TokenBucket {
 public:
  static constexpr std::int64_t kUnitsPerToken = 1'000'000'000'000;  // 1e12
  // The parameter bounds every bucket of the simulator respects (environment and strategy
  // validation enforce them; larger values are clamped): the state then fits in 64 bits.
  static constexpr double kMaxRateRps = 1e6;
  static constexpr double kMaxBurst = 1e6;

  // A bucket that never grants (rate 0, burst 0).
  TokenBucket() = default;
  // REQUIRES: 0 <= rate_rps <= kMaxRateRps, 0 <= burst <= kMaxBurst (values outside are clamped;
  // NaN counts as 0). The bucket starts full at time `start_us`.
  TokenBucket(double rate_rps, double burst, std::int64_t start_us = 0);

  // Server side: grants one token at `now_us` if the bucket holds one (true), otherwise refuses
  // and changes nothing but the refill (false). A call earlier than the latest time seen is
  // treated as happening at that time (no refill goes backwards).
  bool try_take(std::int64_t now_us);

  // Client side (a pacer with reservations, served in order): takes one token at the earliest
  // time T >= max(now_us, the previous reservation) at which the bucket holds one, and returns T —
  // so a server bucket of the same rate and burst that sees the calls at their returned times
  // grants every one, and would refuse each one a microsecond earlier. A bucket with rate 0 does
  // not pace: it returns now_us and takes nothing. One whose burst is under a token never has
  // one: it returns kTimeUsMax (time.h) and takes nothing; so does a wait beyond the clock.
  std::int64_t reserve(std::int64_t now_us);

  // Tokens held after refilling to `now_us`, in units. Does not change the bucket.
  std::int64_t tokens_units_at(std::int64_t now_us) const;

  std::int64_t rate_units_per_us() const { return rate_; }
  std::int64_t burst_units() const { return burst_; }
  std::int64_t tokens_units() const { return tokens_; }
  std::int64_t time_us() const { return time_us_; }
  std::uint64_t granted() const { return granted_; }

  // The quantization of the parameters, as the constructor applies it.
  static std::int64_t rate_units_per_us(double rate_rps);
  static std::int64_t burst_units(double burst);

  friend bool operator==(const TokenBucket& a, const TokenBucket& b) {
    return a.rate_ == b.rate_ && a.burst_ == b.burst_ && a.tokens_ == b.tokens_ &&
           a.time_us_ == b.time_us_ && a.granted_ == b.granted_;
  }

 private:
  std::int64_t rate_ = 0;    // units per microsecond
  std::int64_t burst_ = 0;   // units
  std::int64_t tokens_ = 0;  // units, as of time_us_
  std::int64_t time_us_ = 0;
  std::uint64_t granted_ = 0;

  void refill(std::int64_t now_us);
};

// The audit of a bucket from its grants alone, independent of TokenBucket's bookkeeping: the
// number of j such that some window [t_i, t_j] (i <= j) holds more than burst + rate x (t_j - t_i)
// grants, for a bucket of these parameters that starts full. Exact (128-bit) arithmetic on the
// quantized parameters; O(n). REQUIRES: grants_us non-decreasing.
std::uint64_t grants_beyond_bucket(const std::vector<std::int64_t>& grants_us, double rate_rps,
                                   double burst);

}  // namespace agentsim::sim
