#include "agentsim/sim/stats.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <exception>
#include <limits>

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include "agentsim/sim/distributions.h"
#include "agentsim/sim/math_policy.h"

namespace agentsim::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

using math::Policy;
using math::bound_or_trivial;

// The smallest integer in [first, last] where the increasing predicate holds; last + 1 if none.
template <typename Predicate>
uint64_t first_true(uint64_t first, uint64_t last, Predicate holds) {
  uint64_t lo = first, hi = last + 1;  // answer in [lo, hi]
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (holds(mid)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

}  // namespace

// --- Rates -----------------------------------------------------------------------------------

void Proportion::record(bool success) {
  trials += 1;
  successes += success ? 1 : 0;
}

void Proportion::merge(const Proportion& other) {
  successes += other.successes;
  trials += other.trials;
}

double Proportion::estimate() const {
  return trials == 0 ? 0.0 : static_cast<double>(successes) / static_cast<double>(trials);
}

Interval Proportion::wilson(double confidence) const {
  assert(successes <= trials && confidence > 0.0 && confidence < 1.0);
  if (trials == 0) return {0.0, 1.0};
  // z from the lower tail (alpha / 2) keeps its precision when confidence is close to 1.
  const double z = -inverse_normal_cdf((1.0 - confidence) / 2.0);
  const double n = static_cast<double>(trials);
  const double p = estimate();
  const double z2_over_n = z * z / n;
  const double center = (p + z2_over_n / 2.0) / (1.0 + z2_over_n);
  const double half = z * std::sqrt(p * (1.0 - p) / n + z2_over_n / (4.0 * n)) / (1.0 + z2_over_n);
  return {successes == 0 ? 0.0 : std::max(0.0, center - half),
          successes == trials ? 1.0 : std::min(1.0, center + half)};
}

Interval Proportion::clopper_pearson(double confidence) const {
  assert(successes <= trials && confidence > 0.0 && confidence < 1.0);
  if (trials == 0) return {0.0, 1.0};
  const double tail = (1.0 - confidence) / 2.0;
  const double x = static_cast<double>(successes);
  const double failures = static_cast<double>(trials - successes);
  // lo: the tail-quantile of Beta(x, n - x + 1), i.e. I_lo(x, n - x + 1) = tail. hi: the upper
  // tail-quantile of Beta(x + 1, n - x), solved on the complement (1 - I_hi = tail) so that a
  // small hi keeps its relative precision; both exact 0 / 1 at the ends.
  Interval interval{0.0, 1.0};
  if (successes > 0) {
    interval.lo = bound_or_trivial(
        0.0, [&] { return boost::math::ibeta_inv(x, failures + 1.0, tail, Policy()); });
  }
  if (successes < trials) {
    interval.hi = bound_or_trivial(
        1.0, [&] { return boost::math::ibetac_inv(x + 1.0, failures, tail, Policy()); });
  }
  return interval;
}

double log_gamma(double x) {
  assert(x > 0.0);
  return boost::math::lgamma(x, Policy());
}

double regularized_incomplete_beta(double a, double b, double x) {
  assert(a > 0.0 && b > 0.0 && x >= 0.0 && x <= 1.0);
  return boost::math::ibeta(a, b, x, Policy());
}

double binomial_cdf(uint64_t k, uint64_t n, double p) {
  assert(p >= 0.0 && p <= 1.0);
  if (k >= n || p <= 0.0) return 1.0;
  if (p >= 1.0) return 0.0;
  // P(Bin(n, p) <= k) = I_1-p(n - k, k + 1) = 1 - I_p(k + 1, n - k): the complement form takes p
  // as it is instead of rounding 1 - p.
  return boost::math::ibetac(static_cast<double>(k) + 1.0, static_cast<double>(n - k), p, Policy());
}

// --- Durations -------------------------------------------------------------------------------

void UInt128::add(uint64_t value) {
  lo += value;
  hi += lo < value ? 1 : 0;  // carry when the low word wrapped
}

void UInt128::add(const UInt128& other) {
  add(other.lo);
  hi += other.hi;
}

double UInt128::to_double() const {
  return static_cast<double>(hi) * 0x1.0p64 + static_cast<double>(lo);
}

DurationHistogram::DurationHistogram() : counts_(kBucketCount, 0) {}

size_t DurationHistogram::bucket_index(int64_t value_us) {
  assert(value_us >= 0);
  const auto v = static_cast<uint64_t>(value_us);
  const int bit_width = v == 0 ? 0 : 64 - __builtin_clzll(v);
  const int shift = std::max(0, bit_width - (kSubBucketBits + 1));
  return static_cast<size_t>(shift) * kSubBucketCount + static_cast<size_t>(v >> shift);
}

int64_t DurationHistogram::bucket_lower_us(size_t index) {
  assert(index < kBucketCount);
  if (index < 2 * kSubBucketCount) return static_cast<int64_t>(index);  // exact buckets
  const size_t shift = index / kSubBucketCount - 1;
  const uint64_t sub = index - shift * kSubBucketCount;  // in [128, 256)
  return static_cast<int64_t>(sub << shift);
}

int64_t DurationHistogram::bucket_upper_us(size_t index) {
  assert(index < kBucketCount);
  if (index < 2 * kSubBucketCount) return static_cast<int64_t>(index);
  const size_t shift = index / kSubBucketCount - 1;
  return bucket_lower_us(index) + static_cast<int64_t>((uint64_t{1} << shift) - 1);
}

void DurationHistogram::record(int64_t value_us) {
  assert(value_us >= 0);
  value_us = std::max<int64_t>(value_us, 0);
  counts_[bucket_index(value_us)] += 1;
  min_us_ = count_ == 0 ? value_us : std::min(min_us_, value_us);
  max_us_ = count_ == 0 ? value_us : std::max(max_us_, value_us);
  count_ += 1;
  sum_us_.add(static_cast<uint64_t>(value_us));
}

void DurationHistogram::merge(const DurationHistogram& other) {
  if (other.count_ == 0) return;
  for (size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  min_us_ = count_ == 0 ? other.min_us_ : std::min(min_us_, other.min_us_);
  max_us_ = count_ == 0 ? other.max_us_ : std::max(max_us_, other.max_us_);
  count_ += other.count_;
  sum_us_.add(other.sum_us_);
}

int64_t DurationHistogram::min_us() const { return count_ == 0 ? 0 : min_us_; }
int64_t DurationHistogram::max_us() const { return count_ == 0 ? 0 : max_us_; }

double DurationHistogram::mean_us() const {
  return count_ == 0 ? 0.0 : sum_us_.to_double() / static_cast<double>(count_);
}

size_t DurationHistogram::bucket_of_rank(uint64_t rank) const {
  assert(rank >= 1 && rank <= count_);
  uint64_t seen = 0;
  for (size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) return i;
  }
  return kBucketCount - 1;  // unreachable while counts_ sum to count_
}

int64_t DurationHistogram::quantile_us(double q) const {
  if (count_ == 0) return 0;
  if (!(q > 0.0)) return min_us_;
  if (q >= 1.0) return max_us_;
  const double n = static_cast<double>(count_);
  const double rank = std::clamp(std::ceil(q * n), 1.0, n);
  const size_t bucket = bucket_of_rank(static_cast<uint64_t>(rank));
  const int64_t lower = bucket_lower_us(bucket);
  const int64_t midpoint = lower + (bucket_upper_us(bucket) - lower) / 2;
  return std::clamp(midpoint, min_us_, max_us_);
}

Interval DurationHistogram::quantile_interval_us(double q, double confidence) const {
  assert(q > 0.0 && q < 1.0 && confidence > 0.0 && confidence < 1.0);
  if (count_ == 0) return {0.0, kInf};
  const uint64_t n = count_;
  const double tail = (1.0 - confidence) / 2.0;
  // B = #samples <= the true quantile ~ Bin(n, q). X(l) <= quantile iff B >= l, and
  // X(u) >= quantile iff B <= u - 1, so the miss probabilities are P(B <= l-1) and P(B >= u).
  // Lower rank: the largest l with P(B <= l-1) <= tail, i.e. one before the first l where the
  // (increasing) tail exceeds it.
  const uint64_t lower_rank =
      first_true(1, n, [&](uint64_t l) { return binomial_cdf(l - 1, n, q) > tail; }) - 1;
  // Upper rank: the smallest u with P(B >= u) <= tail, i.e. P(B <= u-1) >= 1 - tail.
  const uint64_t upper_rank =
      first_true(1, n, [&](uint64_t u) { return binomial_cdf(u - 1, n, q) >= 1.0 - tail; });
  Interval interval{0.0, kInf};
  if (lower_rank >= 1) {
    const int64_t edge = bucket_lower_us(bucket_of_rank(lower_rank));
    interval.lo = static_cast<double>(std::max(edge, min_us_));
  }
  if (upper_rank <= n) {
    const int64_t edge = bucket_upper_us(bucket_of_rank(upper_rank));
    interval.hi = static_cast<double>(std::min(edge, max_us_));
  }
  return interval;
}

size_t DurationHistogram::memory_bytes() const {
  return sizeof(*this) + counts_.capacity() * sizeof(uint64_t);
}

void DurationHistogram::encode(Words& out) const {
  out.push_back(count_);
  out.push_back(static_cast<uint64_t>(min_us()));
  out.push_back(static_cast<uint64_t>(max_us()));
  put(out, sum_us_);
  size_t filled = 0;
  for (uint64_t c : counts_) filled += c != 0 ? 1 : 0;
  out.push_back(filled);
  for (size_t i = 0; i < kBucketCount; ++i) {
    if (counts_[i] == 0) continue;
    out.push_back(i);
    out.push_back(counts_[i]);
  }
}

bool DurationHistogram::decode(WordReader& in, std::string& error) {
  uint64_t count = 0, min = 0, max = 0, filled = 0;
  UInt128 sum;
  if (!in.take(count) || !in.take(min) || !in.take(max) || !in.take(sum) || !in.take(filled)) {
    error = "a histogram is cut short";
    return false;
  }
  if (filled > kBucketCount) {
    error = "a histogram claims more buckets than it has";
    return false;
  }
  const auto limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (min > limit || max > limit || min > max || (count == 0 && (min != 0 || max != 0 || filled != 0))) {
    error = "a histogram's minimum and maximum do not fit its samples";
    return false;
  }
  std::vector<uint64_t> counts(kBucketCount, 0);
  uint64_t total = 0;
  size_t first = kBucketCount, last = 0;
  for (uint64_t k = 0; k < filled; ++k) {
    uint64_t index = 0, c = 0;
    if (!in.take(index) || !in.take(c)) {
      error = "a histogram is cut short";
      return false;
    }
    if (index >= kBucketCount || c == 0 || (k > 0 && index <= last) || total + c < total) {
      error = "a histogram's buckets are out of order, out of range or empty";
      return false;
    }
    counts[index] = c;
    total += c;
    if (k == 0) first = static_cast<size_t>(index);
    last = static_cast<size_t>(index);
  }
  if (total != count) {
    error = "a histogram's bucket counts do not add up to its count";
    return false;
  }
  if (count > 0 && (bucket_index(static_cast<int64_t>(min)) != first ||
                    bucket_index(static_cast<int64_t>(max)) != last)) {
    error = "a histogram's minimum or maximum lies outside its first or last bucket";
    return false;
  }
  counts_ = std::move(counts);
  count_ = count;
  min_us_ = static_cast<int64_t>(min);
  max_us_ = static_cast<int64_t>(max);
  sum_us_ = sum;
  return true;
}

bool operator==(const DurationHistogram& a, const DurationHistogram& b) {
  return a.count_ == b.count_ && a.min_us() == b.min_us() && a.max_us() == b.max_us() &&
         a.sum_us_ == b.sum_us_ && a.counts_ == b.counts_;
}

}  // namespace agentsim::sim
