#include "agentsim/sim/distributions.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "agentsim/sim/time.h"

// Bit-identical draws need every a*b+c rounded twice, as written. GCC contracts it into a fused
// multiply-add whenever the target has one (aarch64 always, x86-64 with -mfma), even in ISO
// mode, so switch contraction off for this file. (-ffp-contract=off in the build would do too.)
#if defined(__clang__)
#pragma clang fp contract(off)
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace agentsim::sim {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

uint64_t bits_of(double x) {
  uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

double from_bits(uint64_t bits) {
  double x = 0.0;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// fdlibm works on the high and low 32-bit words of a double.
int32_t high_word(double x) { return static_cast<int32_t>(bits_of(x) >> 32); }
uint32_t low_word(double x) { return static_cast<uint32_t>(bits_of(x)); }
double with_high_word(double x, int32_t high) {
  return from_bits((static_cast<uint64_t>(static_cast<uint32_t>(high)) << 32) | low_word(x));
}

// Multiplies y (normal, in [0.5, 2)) by 2^k by adding k to its exponent field.
double add_to_exponent(double y, int k) {
  return from_bits(bits_of(y) + (static_cast<uint64_t>(static_cast<int64_t>(k)) << 52));
}

constexpr double kLn2Hi = 6.93147180369123816490e-01;  // 0x3fe62e42fee00000
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // 0x3dea39ef35793c76

// Shortest round-trip text of a double, for error messages ("0.5", "1e+10").
std::string text(double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

// nullopt when `value` is a usable parameter: finite, >= 0 and <= limit.
std::optional<std::string> check_range(const char* what, const char* name, double value,
                                       double limit) {
  const std::string field = std::string(what) + ": " + name;
  if (!std::isfinite(value)) return field + " must be finite, got " + text(value);
  if (value < 0.0) return field + " must be >= 0, got " + text(value);
  if (value > limit) return field + " must be <= " + text(limit) + ", got " + text(value);
  return std::nullopt;
}

}  // namespace

double portable_log(double x) {
  constexpr double kTwo54 = 0x1.0p54;
  constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01,
                   kLg3 = 2.857142874366239149e-01, kLg4 = 2.222219843214978396e-01,
                   kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                   kLg7 = 1.479819860511658591e-01;
  int32_t hx = high_word(x);
  int k = 0;
  if (hx < 0x00100000) {  // x < 2^-1022: zero, negative or subnormal
    if (((hx & 0x7fffffff) | static_cast<int32_t>(low_word(x))) == 0) return -kInf;
    if (hx < 0) return kNaN;
    k -= 54;
    x *= kTwo54;
    hx = high_word(x);
  }
  if (hx >= 0x7ff00000) return x + x;  // inf or NaN
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  const int32_t i = (hx + 0x95f64) & 0x100000;
  x = with_high_word(x, hx | (i ^ 0x3ff00000));  // normalize x to [sqrt(2)/2, sqrt(2))
  k += i >> 20;
  const double f = x - 1.0;
  const double dk = static_cast<double>(k);
  if ((0x000fffff & (2 + hx)) < 3) {  // -2^-20 <= f < 2^-20
    if (f == 0.0) return k == 0 ? 0.0 : dk * kLn2Hi + dk * kLn2Lo;
    const double r = f * f * (0.5 - 0.33333333333333333 * f);
    return k == 0 ? f - r : dk * kLn2Hi - ((r - dk * kLn2Lo) - f);
  }
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const double hfsq = 0.5 * f * f;
    return k == 0 ? f - (hfsq - s * (hfsq + r))
                  : dk * kLn2Hi - ((hfsq - (s * (hfsq + r) + dk * kLn2Lo)) - f);
  }
  return k == 0 ? f - s * (f - r) : dk * kLn2Hi - ((s * (f - r) - dk * kLn2Lo) - f);
}

double portable_exp(double x) {
  constexpr double kInvLn2 = 1.44269504088896338700e+00;
  constexpr double kOverflow = 7.09782712893383973096e+02;
  constexpr double kUnderflow = -7.45133219101941108420e+02;
  constexpr double kP1 = 1.66666666666666019037e-01, kP2 = -2.77777777770155933842e-03,
                   kP3 = 6.61375632143793436117e-05, kP4 = -1.65339022054652515390e-06,
                   kP5 = 4.13813679705723846039e-08;
  const uint32_t word = static_cast<uint32_t>(high_word(x));
  const bool negative = (word >> 31) != 0;
  const uint32_t hx = word & 0x7fffffff;
  if (hx >= 0x40862E42) {  // |x| >= 709.78, or not finite
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | low_word(x)) != 0) return x + x;  // NaN
      return negative ? 0.0 : x;
    }
    if (x > kOverflow) return kInf;
    if (x < kUnderflow) return 0.0;
  }
  // Reduce: x = k ln2 + r with |r| <= ln2 / 2, r held as hi - lo for extra precision.
  double hi = 0.0, lo = 0.0;
  int k = 0;
  if (hx > 0x3fd62e42) {     // |x| > ln2 / 2
    if (hx < 0x3FF0A2B2) {   // and |x| < 1.5 ln2
      hi = negative ? x + kLn2Hi : x - kLn2Hi;
      lo = negative ? -kLn2Lo : kLn2Lo;
      k = negative ? -1 : 1;
    } else {
      k = static_cast<int>(kInvLn2 * x + (negative ? -0.5 : 0.5));
      const double t = k;
      hi = x - t * kLn2Hi;  // exact: t * kLn2Hi has trailing zeros
      lo = t * kLn2Lo;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {  // |x| < 2^-28
    return 1.0 + x;
  }
  const double t = x * x;
  const double c = x - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) return add_to_exponent(y, k);
  return add_to_exponent(y, k + 1000) * 0x1.0p-1000;  // result is subnormal
}

double inverse_normal_cdf(double p) {
  assert(p >= 0.0 && p <= 1.0);
  if (p <= 0.0) return -kInf;
  if (p >= 1.0) return kInf;
  // Wichura's rational approximations, coefficients lowest degree first.
  static constexpr double kA[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2,
                                   1.9715909503065514427e+3, 1.3731693765509461125e+4,
                                   4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                   3.3430575583588128105e+4, 2.5090809287301226727e+3};
  static constexpr double kB[8] = {1.0,                      4.2313330701600911252e+1,
                                   6.8718700749205790830e+2, 5.3941960214247511077e+3,
                                   2.1213794301586595867e+4, 3.9307895800092710610e+4,
                                   2.8729085735721942674e+4, 5.2264952788528545610e+3};
  static constexpr double kC[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                   5.76949722146069140550e0,  3.64784832476320460504e0,
                                   1.27045825245236838258e0,  2.41780725177450611770e-1,
                                   2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr double kD[8] = {1.0,                       2.05319162663775882187e0,
                                   1.67638483018380384940e0,  6.89767334985100004550e-1,
                                   1.48103976427480074590e-1, 1.51986665636164571966e-2,
                                   5.47593808499534494600e-4, 1.05075007164441684324e-9};
  static constexpr double kE[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                   1.78482653991729133580e0,  2.96560571828504891230e-1,
                                   2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                   2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double kF[8] = {1.0,                       5.99832206555887937690e-1,
                                   1.36929880922735805310e-1, 1.48753612908506148525e-2,
                                   7.86869131145613259100e-4, 1.84631831751005468180e-5,
                                   1.42151175831644588870e-7, 2.04426310338993978564e-15};
  auto ratio = [](const double (&num)[8], const double (&den)[8], double r) {
    double n = num[7], d = den[7];
    for (int i = 6; i >= 0; --i) {
      n = n * r + num[i];
      d = d * r + den[i];
    }
    return n / d;
  };
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) return q * ratio(kA, kB, 0.180625 - q * q);
  double r = std::sqrt(-portable_log(q < 0.0 ? p : 1.0 - p));
  const double z = r <= 5.0 ? ratio(kC, kD, r - 1.6) : ratio(kE, kF, r - 5.0);
  return q < 0.0 ? -z : z;
}

double normal_cdf(double x) {
  constexpr double kSqrtHalf = 0.70710678118654752440;
  return 0.5 * std::erfc(-x * kSqrtHalf);
}

// --- Discrete --------------------------------------------------------------------------------

std::optional<std::string> Bernoulli::validate() const {
  return check_range("bernoulli", "probability", probability, 1.0);
}

bool Bernoulli::sample(Rng& rng) const { return rng.uniform01() < probability; }

std::optional<std::string> BernoulliRatio::validate() const {
  if (denominator == 0) return std::string("bernoulli ratio: denominator must be > 0");
  if (numerator > denominator) {
    return "bernoulli ratio: numerator " + std::to_string(numerator) +
           " exceeds denominator " + std::to_string(denominator);
  }
  return std::nullopt;
}

bool BernoulliRatio::sample(Rng& rng) const {
  assert(!validate());
  return rng.uniform_u64_below(denominator) < numerator;
}

std::optional<std::string> Categorical::validate(const std::vector<uint64_t>& weights) {
  constexpr uint64_t kSumMax = uint64_t{1} << 63;
  if (weights.empty()) return std::string("categorical: no weights");
  uint64_t sum = 0;
  for (const uint64_t weight : weights) {
    if (weight > kSumMax - sum) return std::string("categorical: weights sum above 2^63");
    sum += weight;
  }
  if (sum == 0) return std::string("categorical: all weights are zero");
  return std::nullopt;
}

Categorical::Categorical(const std::vector<uint64_t>& weights) {
  assert(!validate(weights));
  cumulative_.reserve(weights.size());
  uint64_t sum = 0;
  for (const uint64_t weight : weights) {
    sum += weight;
    cumulative_.push_back(sum);
  }
}

size_t Categorical::sample(Rng& rng) const {
  // Index i covers draws in [cumulative_[i-1], cumulative_[i]); zero weights cover nothing.
  const uint64_t draw = rng.uniform_u64_below(cumulative_.back());
  const auto found = std::upper_bound(cumulative_.begin(), cumulative_.end(), draw);
  return static_cast<size_t>(found - cumulative_.begin());
}

// --- Continuous ------------------------------------------------------------------------------

std::optional<std::string> UniformReal::validate() const {
  if (!std::isfinite(lo) || !std::isfinite(hi) || !std::isfinite(hi - lo)) {
    return "uniform: bounds must be finite with a finite width, got [" + text(lo) + ", " +
           text(hi) + ")";
  }
  if (lo > hi) return "uniform: lo " + text(lo) + " is above hi " + text(hi);
  return std::nullopt;
}

double UniformReal::sample(Rng& rng) const {
  const double x = lo + (hi - lo) * rng.uniform01();
  // Rounding can land exactly on hi; the contract is a half-open interval.
  return (x >= hi && lo < hi) ? std::nextafter(hi, lo) : x;
}

std::optional<std::string> Exponential::validate() const {
  return check_range("exponential", "mean", mean, std::numeric_limits<double>::max());
}

double Exponential::quantile(double p) const {
  assert(p >= 0.0 && p < 1.0);
  return mean * -portable_log(1.0 - p);
}

// 1 - u is exact for u a multiple of 2^-53 in [0, 1), so the log never sees 0.
double Exponential::sample(Rng& rng) const { return quantile(rng.uniform01()); }

std::optional<std::string> Normal::validate() const {
  if (!std::isfinite(mean)) return "normal: mean must be finite, got " + text(mean);
  return check_range("normal", "sd", sd, std::numeric_limits<double>::max());
}

double Normal::sample(Rng& rng) const {
  return mean + sd * inverse_normal_cdf(rng.uniform01_open());
}

std::optional<std::string> LogNormal::validate() const {
  const double limit = std::numeric_limits<double>::max();
  if (auto error = check_range("lognormal", "median", median, limit)) return error;
  if (auto error = check_range("lognormal", "p99", p99, limit)) return error;
  if (median == 0.0) return std::string("lognormal: median must be > 0");
  if (p99 < median) {
    return "lognormal: p99 " + text(p99) + " is below the median " + text(median);
  }
  return std::nullopt;
}

double LogNormal::mu() const { return portable_log(median); }

double LogNormal::sigma() const {
  static const double z99 = inverse_normal_cdf(0.99);  // 2.3263478740408408
  return portable_log(p99 / median) / z99;
}

double LogNormal::quantile(double p) const {
  assert(p > 0.0 && p < 1.0);
  const double s = sigma();
  if (s == 0.0) return median;  // exact, where exp(log(median)) could be off by an ulp
  return portable_exp(mu() + s * inverse_normal_cdf(p));
}

double LogNormal::sample(Rng& rng) const { return quantile(rng.uniform01_open()); }

// --- Durations -------------------------------------------------------------------------------

DurationDist DurationDist::fixed(double value_ms) {
  DurationDist dist;
  dist.kind = Kind::kFixed;
  dist.value_ms = value_ms;
  return dist;
}

DurationDist DurationDist::uniform(double min_ms, double max_ms) {
  DurationDist dist;
  dist.kind = Kind::kUniform;
  dist.min_ms = min_ms;
  dist.max_ms = max_ms;
  return dist;
}

DurationDist DurationDist::exponential(double mean_ms) {
  DurationDist dist;
  dist.kind = Kind::kExponential;
  dist.mean_ms = mean_ms;
  return dist;
}

DurationDist DurationDist::lognormal(double median_ms, double p99_ms) {
  DurationDist dist;
  dist.kind = Kind::kLogNormal;
  dist.median_ms = median_ms;
  dist.p99_ms = p99_ms;
  return dist;
}

std::optional<std::string> DurationDist::validate() const {
  switch (kind) {
    case Kind::kFixed:
      return check_range("fixed duration", "value_ms", value_ms, kParamMsMax);
    case Kind::kUniform:
      if (auto error = check_range("uniform duration", "min_ms", min_ms, kParamMsMax)) return error;
      if (auto error = check_range("uniform duration", "max_ms", max_ms, kParamMsMax)) return error;
      if (min_ms > max_ms) {
        return "uniform duration: min_ms " + text(min_ms) + " is above max_ms " + text(max_ms);
      }
      return std::nullopt;
    case Kind::kExponential:
      return check_range("exponential duration", "mean_ms", mean_ms, kParamMsMax);
    case Kind::kLogNormal:
      if (auto error = check_range("lognormal duration", "median_ms", median_ms, kParamMsMax)) {
        return error;
      }
      if (auto error = check_range("lognormal duration", "p99_ms", p99_ms, kParamMsMax)) {
        return error;
      }
      if (median_ms == 0.0) return std::string("lognormal duration: median_ms must be > 0");
      if (p99_ms < median_ms) {
        return "lognormal duration: p99_ms " + text(p99_ms) + " is below median_ms " +
               text(median_ms);
      }
      return std::nullopt;
  }
  return std::string("duration: unknown kind");
}

int64_t DurationDist::sample_us(Rng& rng) const {
  assert(!validate());
  double ms = 0.0;
  switch (kind) {
    case Kind::kFixed:
      rng.next_u64();  // keeps the one-draw-per-sample invariant
      ms = value_ms;
      break;
    case Kind::kUniform:
      ms = UniformReal{min_ms, max_ms}.sample(rng);
      break;
    case Kind::kExponential:
      ms = Exponential{mean_ms}.sample(rng);
      break;
    case Kind::kLogNormal:
      ms = LogNormal{median_ms, p99_ms}.sample(rng);
      break;
  }
  return std::clamp<int64_t>(ms_to_us(ms), 0, kSampleUsMax);
}

}  // namespace agentsim::sim
