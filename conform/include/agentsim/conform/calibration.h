// Fitting the environment parameters the Agent Event Stream reveals (environment.h), with
// confidence intervals, and writing them as an environment file that scenarios include
// (`environment_file:`, docs/scenario-format.md).
//
// Methods (docs/conformance.md):
//   medians and 99th percentiles  the sample's nearest-rank order statistic; the interval is the
//                                 distribution-free order-statistic interval (exact binomial
//                                 tails, sim::DurationHistogram::quantile_interval_us). Censored
//                                 values (a ring that was missed: the answer delay exceeds the
//                                 ring timeout; a call still connected at the end of the log)
//                                 are counted above every observed value, which is exact for a
//                                 quantile below the censoring point.
//   rates per minute              count / exposure; Garwood's exact Poisson interval.
//   proportions                   Wilson score interval (sim::Proportion::wilson).
// A parameter is fitted only when it has at least kMinSamples samples and a finite interval;
// otherwise the report says why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/conform/conformance.h"
#include "agentsim/sim/stats.h"

namespace agentsim::conform {

inline constexpr std::uint64_t kMinSamples = 20;

struct Fit {
  std::string name;        // an environment parameter, or a figure ("missed_rate")
  std::string unit;        // "ms", "per minute", "probability"
  bool environment = true; // an environment parameter (written to the environment file)
  bool fitted = false;
  double estimate = 0;
  sim::Interval interval;
  std::uint64_t samples = 0;
  std::string method;      // "order-statistic CI of the median", ...
  std::string reason;      // when not fitted: "too few samples (3 < 20)", ...
};

struct Calibration {
  std::vector<Fit> fits;
  // Environment parameters the stream cannot show, each with why.
  std::vector<std::pair<std::string, std::string>> not_observable;
};

// REQUIRES: 0 < confidence < 1.
Calibration calibrate(const Samples& samples, double confidence);

// Garwood's exact interval for the mean of a Poisson count: [chi2(a/2; 2n)/2, chi2(1-a/2; 2n+2)/2],
// i.e. the inverses of the regularized incomplete gamma, P(n, lo) = a/2 and Q(n + 1, hi) = a/2:
// Boost.Math's gamma_p_inv and gamma_q_inv (lo = 0 when n = 0). Within 5e-12 relative of the
// bisection this replaced, up to n = 1e7 (calibration_test.cpp). Never throws.
sim::Interval poisson_interval(std::uint64_t count, double confidence);

// The regularized lower incomplete gamma P(a, x): boost::math::gamma_p, a few ulps; 0 for x <= 0.
// REQUIRES: a > 0, x >= 0.
double regularized_gamma_p(double a, double x);

// The environment file: YAML with `measured_from:` (the logs' names) and `environment:`, one
// line per fitted environment parameter with its method and interval as a comment.
std::string render_environment_file(const Calibration& c, const std::string& measured_from,
                                    double confidence);

}  // namespace agentsim::conform
