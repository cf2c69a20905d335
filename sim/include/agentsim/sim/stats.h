// Statistics of simulation results: rates with confidence intervals, and duration histograms.
//
// Everything that is accumulated and merged across threads or shards is an integer (counts,
// bucket counts, a 128-bit sum), so merged results are bit-identical for any thread count, shard
// split or merge order. Floating point appears only when a result is read (an interval, a mean),
// computed once from those exact integers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>
#include <string>

namespace agentsim::sim {

// A closed interval [lo, hi].
struct Interval {
  double lo = 0.0;
  double hi = 0.0;

  bool contains(double x) const { return lo <= x && x <= hi; }
  double width() const { return hi - lo; }
};

// --- Rates -----------------------------------------------------------------------------------

// `successes` out of `trials` independent Bernoulli trials (a "rate" of the results table).
// Intervals are two-sided at `confidence` (0.95 for 95 %). With zero trials every interval is
// [0, 1]: no information.
struct Proportion {
  uint64_t successes = 0;
  uint64_t trials = 0;

  void record(bool success);
  void merge(const Proportion& other);  // exact: sums both counts

  // successes / trials, 0 when trials == 0.
  double estimate() const;

  // Wilson score interval (Wilson 1927): the interval of p whose score test accepts the data.
  // Coverage close to nominal even for small n and p near 0 or 1, unlike the Wald interval; the
  // default for reports. lo is exactly 0 when successes == 0, hi exactly 1 when all succeed.
  // z is our inverse_normal_cdf (distributions.h), not Boost.Math's normal quantile: the two
  // differ by 1-3 ulps (at 95 %: ...536 against ...538), which would move the last printed digit
  // of every Wilson bound in report.json and its bundled baseline.
  // REQUIRES: successes <= trials, 0 < confidence < 1.
  Interval wilson(double confidence) const;

  // Clopper-Pearson "exact" interval (1934): inverts two one-sided binomial tests, so coverage
  // is at least `confidence` for every p (conservative). lo solves P(Bin(n, lo) >= x) = a/2, the
  // a/2-quantile of Beta(x, n - x + 1); hi solves P(Bin(n, hi) <= x) = a/2, the upper
  // a/2-quantile of Beta(x + 1, n - x): Boost.Math's ibeta_inv and ibetac_inv (lo exactly 0 when
  // x = 0, hi exactly 1 when x = n). Within a few ulps of mpmath, relative, up to n = 1e9 (tested
  // at the smallest bounds, where the hand-written bisection this replaced was off by 8e-7);
  // within 1.4e-11 absolute of that bisection on a grid of n <= 1e9 (stats_test.cpp). Checked
  // sound (0 <= lo <= x/n <= hi <= 1) up to n = 2^46 (7e13); Boost's inverse loses accuracy
  // beyond ~2^48 (bounds can cross), and where its root finder gives up (n ~1e17) that bound is
  // the trivial 0 or 1. Never throws. About 5 us per interval (the bisection: ~50 us).
  // REQUIRES: successes <= trials, 0 < confidence < 1.
  Interval clopper_pearson(double confidence) const;

  friend bool operator==(const Proportion& a, const Proportion& b) {
    return a.successes == b.successes && a.trials == b.trials;
  }
};

// ln Gamma(x) for x > 0: boost::math::lgamma (Lanczos approximation), about 1e-15 relative.
// Not std::lgamma, which writes the global `signgam` on glibc (a data race when threads compute
// statistics); Boost's computes the sign into an optional argument and touches no global.
// REQUIRES: x > 0.
double log_gamma(double x);

// The regularized incomplete beta I_x(a, b) = P(Beta(a, b) <= x): boost::math::ibeta (DiDonato
// and Morris's algorithm 708), accurate to a few ulps; exactly 0 at x = 0 and 1 at x = 1.
// Deterministic for a given Boost version and platform; no randomness.
// REQUIRES: a > 0, b > 0, 0 <= x <= 1.
double regularized_incomplete_beta(double a, double b, double x);

// P(Bin(n, p) <= k) = I_1-p(n - k, k + 1), computed as boost::math::ibetac(k + 1, n - k, p);
// 1 when k >= n or p = 0, 0 when p = 1 and k < n.
// REQUIRES: 0 <= p <= 1.
double binomial_cdf(uint64_t k, uint64_t n, double p);

// --- Durations -------------------------------------------------------------------------------

// The exact sum of up to 2^64 values below 2^63: a 128-bit unsigned integer as two words.
struct UInt128 {
  uint64_t hi = 0;
  uint64_t lo = 0;

  void add(uint64_t value);
  void add(const UInt128& other);
  double to_double() const;  // hi * 2^64 + lo, rounded
  friend bool operator==(const UInt128& a, const UInt128& b) {
    return a.hi == b.hi && a.lo == b.lo;
  }
};

// The exact flat encodings of the Monte Carlo accumulators as 64-bit words (tally_words.h): a
// writer appends, a reader takes them back in order and fails (false) when they run out.
using Words = std::vector<uint64_t>;
class WordReader {
 public:
  explicit WordReader(const Words& words) : words_(words) {}
  bool take(uint64_t& v) {
    if (next_ == words_.size()) return false;
    v = words_[next_++];
    return true;
  }
  bool take(UInt128& v) { return take(v.hi) && take(v.lo); }
  bool done() const { return next_ == words_.size(); }
  size_t position() const { return next_; }

 private:
  const Words& words_;
  size_t next_ = 0;
};
inline void put(Words& out, const UInt128& v) {
  out.push_back(v.hi);
  out.push_back(v.lo);
}

// A streaming histogram of non-negative durations in microseconds, HDR-style log-linear, in
// constant memory whatever the number of samples.
//
// Buckets. Values 0..255 have one bucket each (exact). Above, each power-of-two range
// [2^k, 2^(k+1)) is split into 128 equal sub-buckets of width 2^(k-7). A value v lies in bucket
// (s * 128 + (v >> s)) where s = max(0, bit_width(v) - 8); 7296 buckets cover all of int64.
// A bucket [L, L + w) has L >= 128 w, so reporting its midpoint is off by at most w / 2, i.e. a
// relative error below 1/256 = 0.39 % (kRelativeErrorMax) of the true value.
//
// Exact: count, min, max, the 128-bit sum, and every bucket count. merge() adds integers, so it is
// commutative and associative: merged results are bit-identical in any order or grouping.
// Memory: sizeof(DurationHistogram) plus kBucketCount * 8 bytes (57 KiB), allocated once in the
// constructor.
class DurationHistogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr uint64_t kSubBucketCount = uint64_t{1} << kSubBucketBits;  // 128
  static constexpr size_t kBucketCount = (64 - kSubBucketBits) * kSubBucketCount;  // 7296
  static constexpr double kRelativeErrorMax = 1.0 / (2 * kSubBucketCount);  // 1/256

  DurationHistogram();

  // REQUIRES: value_us >= 0 (debug builds assert; release builds record 0 instead).
  void record(int64_t value_us);
  // Adds every sample of `other` to this histogram.
  void merge(const DurationHistogram& other);

  uint64_t count() const { return count_; }
  int64_t min_us() const;  // 0 when empty
  int64_t max_us() const;  // 0 when empty
  const UInt128& sum_us() const { return sum_us_; }
  double mean_us() const;  // sum / count, 0 when empty

  // The nearest-rank q-quantile: the sample of rank r = ceil(q * count) (1-based, r >= 1) in
  // sorted order, reported as the midpoint of its bucket clamped to [min, max]; so within
  // kRelativeErrorMax of the exact order statistic (exact below 256 us). q <= 0 gives min,
  // q >= 1 gives max, an empty histogram 0.
  int64_t quantile_us(double q) const;

  // A distribution-free interval for the true q-quantile of the sampled distribution, with
  // coverage >= confidence: the order statistics X(l), X(u) with l, u chosen from exact binomial
  // tails (P(Bin(n,q) <= l-1) <= a/2, P(Bin(n,q) >= u) <= a/2), widened to their buckets' outer
  // edges so bucketing cannot reduce coverage. When n is too small for a bound, that side is
  // 0 (lo) or +infinity (hi). Empty histogram: [0, +inf].
  // REQUIRES: 0 < q < 1, 0 < confidence < 1.
  Interval quantile_interval_us(double q, double confidence) const;

  // Bucket geometry, for tests and charts. Bucket i holds the integers
  // [bucket_lower_us(i), bucket_upper_us(i)], both inclusive.
  static size_t bucket_index(int64_t value_us);  // REQUIRES: value_us >= 0
  static int64_t bucket_lower_us(size_t index);  // REQUIRES: index < kBucketCount
  static int64_t bucket_upper_us(size_t index);  // REQUIRES: index < kBucketCount
  uint64_t count_in_bucket(size_t index) const { return counts_[index]; }

  // Exact encoding: count, min, max, the 128-bit sum, then (index, count) of every non-empty
  // bucket in index order. decode() refuses words that no histogram encodes (out-of-order or
  // out-of-range buckets, counts that do not add up, min/max outside their buckets), saying why.
  void encode(Words& out) const;
  bool decode(WordReader& in, std::string& error);

  // Bytes used: the object plus its bucket storage. Constant over the histogram's life.
  size_t memory_bytes() const;

  friend bool operator==(const DurationHistogram& a, const DurationHistogram& b);
  friend bool operator!=(const DurationHistogram& a, const DurationHistogram& b) {
    return !(a == b);
  }

 private:
  // The index of the bucket holding the sample of 1-based rank `rank`. REQUIRES 1 <= rank <= n.
  size_t bucket_of_rank(uint64_t rank) const;

  std::vector<uint64_t> counts_;  // kBucketCount entries, never resized
  uint64_t count_ = 0;
  int64_t min_us_ = 0;  // meaningful when count_ > 0
  int64_t max_us_ = 0;
  UInt128 sum_us_;
};

}  // namespace agentsim::sim
