#include "agentsim/sim/token_bucket.h"

#include <algorithm>
#include <cmath>

#include "agentsim/sim/time.h"

namespace agentsim::sim {

namespace {

__extension__ using I128 = __int128;

// round(v x scale) for v clamped to [0, max]; NaN counts as 0.
std::int64_t quantize(double v, double max, double scale) {
  if (!(v > 0)) return 0;
  return static_cast<std::int64_t>(std::llround(std::min(v, max) * scale));
}

}  // namespace

std::int64_t TokenBucket::rate_units_per_us(double rate_rps) {
  // r tokens/s = r x 1e-6 tokens/us = r x 1e6 units/us.
  return quantize(rate_rps, kMaxRateRps, 1e6);
}

std::int64_t TokenBucket::burst_units(double burst) {
  return quantize(burst, kMaxBurst, static_cast<double>(kUnitsPerToken));
}

TokenBucket::TokenBucket(double rate_rps, double burst, std::int64_t start_us)
    : rate_(rate_units_per_us(rate_rps)),
      burst_(burst_units(burst)),
      tokens_(burst_),
      time_us_(start_us) {}

std::int64_t TokenBucket::tokens_units_at(std::int64_t now_us) const {
  if (now_us <= time_us_ || tokens_ >= burst_) return tokens_;
  const I128 gain = static_cast<I128>(now_us - time_us_) * rate_;
  const I128 missing = static_cast<I128>(burst_) - tokens_;
  return gain >= missing ? burst_ : tokens_ + static_cast<std::int64_t>(gain);
}

void TokenBucket::refill(std::int64_t now_us) {
  tokens_ = tokens_units_at(now_us);
  time_us_ = std::max(time_us_, now_us);
}

bool TokenBucket::try_take(std::int64_t now_us) {
  refill(now_us);
  if (tokens_ < kUnitsPerToken) return false;
  tokens_ -= kUnitsPerToken;
  ++granted_;
  return true;
}

std::int64_t TokenBucket::reserve(std::int64_t now_us) {
  if (rate_ <= 0) return now_us;
  if (burst_ < kUnitsPerToken) return kTimeUsMax;  // never a whole token
  // Play the server's bucket: the token is taken at the first microsecond T >= now (and >= the
  // previous reservation: they are served in order) at which the bucket holds it, and the state
  // moves to T. Taking it at T, not at now with a debt, keeps the cap the server applies at T:
  // rounding T up to the microsecond may fill the bucket past its burst there, and the server
  // loses that excess too.
  const std::int64_t from = std::max(now_us, time_us_);
  refill(from);
  std::int64_t at = from;
  if (tokens_ < kUnitsPerToken) {
    const std::int64_t missing = kUnitsPerToken - tokens_;
    const std::int64_t wait = missing / rate_ + (missing % rate_ != 0 ? 1 : 0);
    if (wait >= kTimeUsMax - from) return kTimeUsMax;
    at = from + wait;
    refill(at);
  }
  tokens_ -= kUnitsPerToken;
  ++granted_;
  return at;
}

std::uint64_t grants_beyond_bucket(const std::vector<std::int64_t>& grants_us, double rate_rps,
                                   double burst) {
  // Window [t_i, t_j] holds j - i + 1 grants; it is too full when
  //   (j - i + 1) U > B + R (t_j - t_i)   (U units per token, R units/us, B units),
  // i.e. (j + 1) U - R t_j + max_{i<=j} (R t_i - i U) > B. A running maximum makes it O(n).
  const I128 rate = TokenBucket::rate_units_per_us(rate_rps);
  const I128 cap = TokenBucket::burst_units(burst);
  const I128 unit = TokenBucket::kUnitsPerToken;
  std::uint64_t violations = 0;
  I128 best = 0;
  for (std::size_t j = 0; j < grants_us.size(); ++j) {
    const I128 t = grants_us[j];
    const I128 here = rate * t - static_cast<I128>(j) * unit;
    best = j == 0 ? here : std::max(best, here);
    const I128 excess = static_cast<I128>(j + 1) * unit - rate * t + best;
    if (excess > cap) ++violations;
  }
  return violations;
}

}  // namespace agentsim::sim
