// Portable probability distributions: the same draws from the same Rng on every standard library.
//
// Why not <random>: std::exponential_distribution and friends are specified by their output
// distribution, not their algorithm, so libstdc++, libc++ and MSVC produce different numbers from
// the same engine. Every sampler here is written out in full, by inverse-CDF transform of one
// uniform draw, using only +, -, *, /, sqrt (all correctly rounded under IEEE 754) and the
// portable_log / portable_exp below (fdlibm algorithms, independent of the C library's libm).
// Compilers may fuse a*b+c into one multiply-add (one rounding instead of two) on targets that
// have the instruction (aarch64 always, x86-64 with -mfma), even in ISO mode; distributions.cpp
// turns that contraction off for itself, so these functions give bit-identical results on every
// platform and standard library.
//
// Draw counts. Every continuous sampler, and every DurationDist whatever its kind (fixed
// included), consumes exactly one Rng::next_u64(). So switching a scenario parameter from fixed
// to log-normal does not shift any later draw of the same stream; comparisons between scenario
// variants keep their common random numbers. Integer samplers (BernoulliRatio, Categorical) use
// Rng::uniform_u64_below, which redraws with probability < denominator / 2^64.
//
// Validation. Parameters are plain data (scenario files fill them). Each type has
// `validate()`, returning an error message or nullopt; `sample` REQUIRES a valid value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agentsim/sim/random.h"

namespace agentsim::sim {

// --- Portable elementary functions -----------------------------------------------------------

// Natural logarithm, fdlibm e_log.c (Sun Microsystems, 1993): error < 1 ulp.
// log(0) = -inf, log(x<0) = NaN, log(+inf) = +inf, log(NaN) = NaN.
double portable_log(double x);

// Exponential, fdlibm e_exp.c: error < 1 ulp. Overflows to +inf above 709.78, underflows to 0
// below -745.13 (through the subnormals).
double portable_exp(double x);

// --- The standard normal ---------------------------------------------------------------------

// The p-quantile of the standard normal: Phi^-1(p). Wichura's AS241 (PPND16, Applied Statistics
// 37(3), 1988), relative accuracy about 1e-16. Deterministic (portable_log and sqrt only).
// Returns -inf for p == 0 and +inf for p == 1.
// Hand-written on purpose, not boost::math::quantile(normal(), p): it turns the uniform draws of
// Normal and LogNormal::sample into values, which must be bit-identical on every platform, compiler
// and Boost version, while Boost's result may differ by an ulp between those and would move every
// sampled value (and so every result). It also gives the z of the reports' Wilson and mean
// intervals, where Boost's differs by 1-3 ulps (1.9599639845400538 against ...536 at 95 %): enough
// to change the last printed digit of those bounds in report.json and its bundled baseline.
// REQUIRES: 0 <= p <= 1.
double inverse_normal_cdf(double p);

// The standard normal CDF Phi(x) = erfc(-x / sqrt 2) / 2, accurate to about 1e-15 relative in
// both tails. Uses std::erfc, so the last bit may differ between C libraries: it serves
// statistics computed once from exact counts, never a draw.
double normal_cdf(double x);

// --- Discrete --------------------------------------------------------------------------------

// True with probability `probability` (u < p with u uniform on [0,1): p = 0 never, p = 1 always).
struct Bernoulli {
  double probability = 0.0;

  std::optional<std::string> validate() const;  // probability finite and in [0, 1]
  bool sample(Rng& rng) const;                  // one draw
};

// True with probability numerator / denominator, exactly (the TigerBeetle style: probabilities
// as integer ratios, free of rounding).
struct BernoulliRatio {
  uint64_t numerator = 0;
  uint64_t denominator = 1;

  std::optional<std::string> validate() const;  // denominator > 0, numerator <= denominator
  bool sample(Rng& rng) const;
};

// An index i in [0, weights.size()) drawn with probability weights[i] / sum(weights), exactly.
// Integer weights keep the cumulative table exact; a loader holding fractional weights scales
// them (for example to parts per million) first.
class Categorical {
 public:
  // Error unless: at least one weight, sum > 0, and sum <= 2^63 (so it never overflows).
  static std::optional<std::string> validate(const std::vector<uint64_t>& weights);

  // REQUIRES: validate(weights) == nullopt.
  explicit Categorical(const std::vector<uint64_t>& weights);

  size_t sample(Rng& rng) const;  // binary search of the cumulative table
  size_t size() const { return cumulative_.size(); }

 private:
  std::vector<uint64_t> cumulative_;  // cumulative_[i] = weights[0] + ... + weights[i]
};

// --- Continuous ------------------------------------------------------------------------------

// Uniform on [lo, hi); lo == hi is the constant lo.
struct UniformReal {
  double lo = 0.0;
  double hi = 1.0;

  std::optional<std::string> validate() const;  // finite, lo <= hi
  double sample(Rng& rng) const;                // one draw; never returns hi when lo < hi
};

// Exponential with the given mean (rate 1/mean); mean == 0 is the constant 0.
struct Exponential {
  double mean = 1.0;

  std::optional<std::string> validate() const;  // finite, mean >= 0
  double quantile(double p) const;              // -mean * log(1 - p); REQUIRES 0 <= p < 1
  double sample(Rng& rng) const;                // quantile(uniform01()), one draw
};

// Normal with mean and standard deviation sd; sd == 0 is the constant mean.
struct Normal {
  double mean = 0.0;
  double sd = 1.0;

  std::optional<std::string> validate() const;  // finite, sd >= 0
  double sample(Rng& rng) const;  // mean + sd * inverse_normal_cdf(uniform01_open()), one draw
};

// Log-normal given by its median and 99th percentile, the two numbers people actually know about
// a latency: mu = ln(median), sigma = ln(p99 / median) / z_0.99 where z_0.99 = Phi^-1(0.99).
// p99 == median is the constant median.
struct LogNormal {
  double median = 1.0;
  double p99 = 1.0;

  std::optional<std::string> validate() const;  // finite, median > 0, p99 >= median
  double mu() const;
  double sigma() const;
  double quantile(double p) const;  // exp(mu + sigma * Phi^-1(p)); REQUIRES 0 < p < 1
  double sample(Rng& rng) const;    // quantile(uniform01_open()), one draw
};

// --- Durations -------------------------------------------------------------------------------

// A random duration, parameterised in milliseconds (as scenarios state them), sampled as integer
// microseconds (as the simulator's clock counts). Only the fields of `kind` are read.
struct DurationDist {
  enum class Kind : uint8_t { kFixed, kUniform, kExponential, kLogNormal };

  // Every parameter must be <= this (~115.7 days): a limit on simulated time, and far from the
  // int64 range once converted to microseconds.
  static constexpr double kParamMsMax = 1e10;
  // Samples are clamped to [0, kSampleUsMax]: a log-normal tail is unbounded.
  static constexpr int64_t kSampleUsMax = 10'000'000'000'000;  // = kParamMsMax in microseconds

  Kind kind = Kind::kFixed;
  double value_ms = 0.0;   // kFixed
  double min_ms = 0.0;     // kUniform, inclusive
  double max_ms = 0.0;     // kUniform, exclusive (min_ms == max_ms is fixed)
  double mean_ms = 0.0;    // kExponential
  double median_ms = 0.0;  // kLogNormal
  double p99_ms = 0.0;     // kLogNormal

  static DurationDist fixed(double value_ms);
  static DurationDist uniform(double min_ms, double max_ms);
  static DurationDist exponential(double mean_ms);
  static DurationDist lognormal(double median_ms, double p99_ms);

  // An error message naming the offending field, or nullopt. Rejects NaN, infinities, negative
  // values, values above kParamMsMax, min_ms > max_ms, median_ms == 0 and p99_ms < median_ms.
  std::optional<std::string> validate() const;

  // One sample in microseconds, rounded to nearest (llround), clamped to [0, kSampleUsMax].
  // Consumes exactly one Rng::next_u64() whatever the kind.
  // REQUIRES: validate() == nullopt.
  int64_t sample_us(Rng& rng) const;
};

}  // namespace agentsim::sim
