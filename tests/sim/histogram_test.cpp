// Tests of DurationHistogram (agentsim/sim/stats.h): bucket geometry, quantile accuracy, exact
// and order-independent merges, constant memory, and the quantile confidence interval.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "agentsim/sim/distributions.h"
#include "agentsim/sim/random.h"
#include "agentsim/sim/stats.h"

namespace agentsim::sim {
namespace {

using Histogram = DurationHistogram;
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// Durations spread log-uniformly from 1 us to ~1e15 us (30 years), so every scale of bucket is
// exercised, plus a block of small exact values.
std::vector<int64_t> wide_samples(uint64_t stream, int count) {
  Rng rng = Rng::for_stream(4242, stream);
  std::vector<int64_t> values;
  for (int i = 0; i < count; ++i) {
    values.push_back(i % 10 == 0 ? rng.uniform_int(0, 300)
                                 : static_cast<int64_t>(std::exp(rng.uniform01() * 34.5)));
  }
  return values;
}

Histogram histogram_of(const std::vector<int64_t>& values) {
  Histogram histogram;
  for (const int64_t v : values) histogram.record(v);
  return histogram;
}

TEST(DurationHistogram, BucketsTileTheNonNegativeIntegersWithoutGapsOrOverlaps) {
  EXPECT_EQ(Histogram::bucket_lower_us(0), 0);
  for (size_t i = 0; i + 1 < Histogram::kBucketCount; ++i) {
    ASSERT_LE(Histogram::bucket_lower_us(i), Histogram::bucket_upper_us(i)) << i;
    ASSERT_EQ(Histogram::bucket_upper_us(i) + 1, Histogram::bucket_lower_us(i + 1)) << i;
  }
  EXPECT_EQ(Histogram::bucket_upper_us(Histogram::kBucketCount - 1), kInt64Max);
  EXPECT_EQ(Histogram::bucket_index(kInt64Max), Histogram::kBucketCount - 1);
}

RC_GTEST_PROP(DurationHistogram, EveryValueLiesInABucketNarrowerThanOneHundredTwentyEighthOfIt,
              (uint64_t bits, uint8_t shift)) {
  const auto value = static_cast<int64_t>((bits >> 1) >> (shift % 63));  // every scale
  const size_t index = Histogram::bucket_index(value);
  RC_ASSERT(index < Histogram::kBucketCount);
  const int64_t lower = Histogram::bucket_lower_us(index);
  const int64_t upper = Histogram::bucket_upper_us(index);
  RC_ASSERT(lower <= value);
  RC_ASSERT(value <= upper);
  const int64_t width = upper - lower + 1;
  RC_ASSERT(width == 1 || width * 128 <= lower);
}

TEST(DurationHistogram, SmallValuesAreExact) {
  Histogram histogram;
  for (int64_t v = 0; v < 256; ++v) histogram.record(v);
  for (int64_t v = 0; v < 256; ++v) {
    const double q = static_cast<double>(v + 1) / 256.0;  // rank v + 1
    ASSERT_EQ(histogram.quantile_us(q), v);
  }
}

TEST(DurationHistogram, QuantilesAreWithinTheDocumentedRelativeErrorOfExactOrderStatistics) {
  std::vector<int64_t> values = wide_samples(0, 200'000);
  const Histogram histogram = histogram_of(values);
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  for (int i = 0; i <= 10'000; ++i) {
    const double q = i / 10'000.0;
    // The nearest-rank definition of the header: rank ceil(q n), at least 1.
    const auto rank = static_cast<size_t>(std::clamp(std::ceil(q * n), 1.0, n));
    const int64_t exact = values[rank - 1];
    const int64_t estimate = histogram.quantile_us(q);
    ASSERT_LE(std::fabs(static_cast<double>(estimate - exact)),
              Histogram::kRelativeErrorMax * static_cast<double>(exact))
        << "q = " << q << ", exact " << exact << ", estimate " << estimate;
  }
  EXPECT_EQ(histogram.quantile_us(0.0), values.front());
  EXPECT_EQ(histogram.quantile_us(1.0), values.back());
}

TEST(DurationHistogram, CountMinMaxSumAndMeanAreExactBeyondSixtyFourBits) {
  Histogram histogram;
  for (int i = 0; i < 4; ++i) histogram.record(kInt64Max);
  histogram.record(0);
  EXPECT_EQ(histogram.count(), 5u);
  EXPECT_EQ(histogram.min_us(), 0);
  EXPECT_EQ(histogram.max_us(), kInt64Max);
  // 4 (2^63 - 1) = 2^65 - 4: high word 1, low word 2^64 - 4.
  EXPECT_EQ(histogram.sum_us().hi, 1u);
  EXPECT_EQ(histogram.sum_us().lo, std::numeric_limits<uint64_t>::max() - 3);
  EXPECT_DOUBLE_EQ(histogram.mean_us(), 0x1.0p65 / 5);
  EXPECT_EQ(histogram.quantile_us(1.0), kInt64Max);
  EXPECT_EQ(histogram.quantile_us(0.5), kInt64Max - ((int64_t{1} << 55) / 2));  // bucket middle
}

TEST(DurationHistogram, AnEmptyHistogramReportsZeros) {
  const Histogram empty;
  EXPECT_EQ(empty.count(), 0u);
  EXPECT_EQ(empty.min_us(), 0);
  EXPECT_EQ(empty.max_us(), 0);
  EXPECT_EQ(empty.mean_us(), 0.0);
  EXPECT_EQ(empty.quantile_us(0.5), 0);
  EXPECT_EQ(empty.quantile_interval_us(0.5, 0.95).lo, 0.0);
  EXPECT_TRUE(std::isinf(empty.quantile_interval_us(0.5, 0.95).hi));
}

TEST(DurationHistogram, MergeEqualsOneHistogramOverAllSamples) {
  const std::vector<int64_t> all = wide_samples(1, 80'000);
  std::vector<Histogram> parts(8);
  for (size_t i = 0; i < all.size(); ++i) parts[(i * 7 + i / 3) % 8].record(all[i]);
  const Histogram whole = histogram_of(all);

  Histogram forward, backward;
  for (size_t i = 0; i < parts.size(); ++i) {
    forward.merge(parts[i]);
    backward.merge(parts[parts.size() - 1 - i]);
  }
  // A tree, as a thread pool combining pairwise would do.
  std::vector<Histogram> level = parts;
  while (level.size() > 1) {
    std::vector<Histogram> next;
    for (size_t i = 0; i < level.size(); i += 2) {
      next.push_back(level[i]);
      next.back().merge(level[i + 1]);
    }
    level = next;
  }
  EXPECT_EQ(forward, whole);
  EXPECT_EQ(backward, whole);
  EXPECT_EQ(level.front(), whole);
  // Equal integers give bit-identical readings.
  EXPECT_EQ(backward.mean_us(), whole.mean_us());
  EXPECT_EQ(level.front().quantile_us(0.99), whole.quantile_us(0.99));
}

TEST(DurationHistogram, MergingAnEmptyHistogramChangesNothing) {
  Histogram histogram = histogram_of({5, 500, 50'000});
  const Histogram before = histogram;
  histogram.merge(Histogram());
  EXPECT_EQ(histogram, before);
  Histogram empty;
  empty.merge(before);
  EXPECT_EQ(empty, before);
}

TEST(DurationHistogram, MemoryDoesNotGrowWithSampleCount) {
  Histogram histogram;
  const size_t empty_bytes = histogram.memory_bytes();
  Rng rng(17);
  for (int i = 0; i < 1'000'000; ++i) histogram.record(static_cast<int64_t>(rng.next_u64() >> 1));
  EXPECT_EQ(histogram.memory_bytes(), empty_bytes);
  EXPECT_EQ(empty_bytes, sizeof(Histogram) + Histogram::kBucketCount * sizeof(uint64_t));
}

TEST(DurationHistogram, QuantileIntervalCoversTheTrueQuantileAtItsNominalRate) {
  // 2,000 runs of n = 200 exponential durations, mean 10 ms, drawn as rounded microseconds. The
  // true quantile of the rounded distribution is the smallest m with P(X < m + 0.5) >= q:
  // m = ceil(10000 ln(1 / (1 - q)) - 0.5), so 6931 us for the median and 23026 us for p90.
  // Coverage is at least 95 % by construction (exact binomial ranks, widened to bucket edges);
  // with 2,000 runs the observed fraction has standard error <= 0.0049, and 93 % sits more than
  // 4 standard errors below 95 %.
  constexpr int kRuns = 2000;
  const DurationDist dist = DurationDist::exponential(10);
  int median_hits = 0, p90_hits = 0;
  for (uint64_t run = 0; run < kRuns; ++run) {
    Rng rng = Rng::for_stream(99, run);
    Histogram histogram;
    for (int i = 0; i < 200; ++i) histogram.record(dist.sample_us(rng));
    median_hits += histogram.quantile_interval_us(0.5, 0.95).contains(6931) ? 1 : 0;
    p90_hits += histogram.quantile_interval_us(0.9, 0.95).contains(23026) ? 1 : 0;
  }
  EXPECT_GE(median_hits, 0.93 * kRuns);
  EXPECT_GE(p90_hits, 0.93 * kRuns);
}

TEST(DurationHistogram, QuantileIntervalSurroundsThePointEstimate) {
  const Histogram histogram = histogram_of(wide_samples(2, 10'000));
  for (const double q : {0.1, 0.5, 0.9, 0.99}) {
    const Interval interval = histogram.quantile_interval_us(q, 0.95);
    EXPECT_TRUE(interval.contains(static_cast<double>(histogram.quantile_us(q)))) << q;
    EXPECT_GE(interval.lo, static_cast<double>(histogram.min_us()));
    EXPECT_LE(interval.hi, static_cast<double>(histogram.max_us()));
  }
}

TEST(DurationHistogram, QuantileIntervalIsUnboundedWhenTooFewSamples) {
  // n = 3, median: P(B <= 0) = P(B >= 3) = 1/8 > 2.5 %, so no order statistic qualifies.
  const Interval interval = histogram_of({10, 20, 30}).quantile_interval_us(0.5, 0.95);
  EXPECT_EQ(interval.lo, 0.0);
  EXPECT_TRUE(std::isinf(interval.hi));
}

}  // namespace
}  // namespace agentsim::sim
