// How agentsim calls Boost.Math for its statistics (sim/src/stats.cpp, conform/src/calibration.cpp):
// one error policy and one guard, so that no exception escapes an interval.
#pragma once

#include <boost/math/policies/policy.hpp>

#include <cmath>
#include <exception>

namespace agentsim::sim::math {

// No exception escapes the statistics (reports and verdicts read them mid-run;
// quantile_interval_us calls binomial_cdf in a loop): a domain, pole, overflow, evaluation or
// rounding error returns NaN or +-inf and sets errno instead. The callers' REQUIRES contracts keep
// every argument inside the domains. promote_double<false> computes in double, not long double,
// whose width differs between platforms (80 bits on x86-64, 128 in software on AArch64, 64 with
// MSVC); ~5x faster, and within 3 ulps of mpmath on the Clopper-Pearson bounds tested
// (stats_test.cpp).
using Policy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::pole_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>,
    boost::math::policies::rounding_error<boost::math::policies::errno_on_error>,
    boost::math::policies::promote_double<false>>;

// Boost 1.74's root finder beneath ibeta_inv / ibetac_inv / gamma_p_inv / gamma_q_inv reports
// "no root" or a bad bracket with Boost's default policy, i.e. throws evaluation_error whatever
// Policy says (seen only beyond the ranges claimed: n above ~1e17, with 1 or 2 successes or tiny
// tails). Caught here: the bound becomes the trivial one (0 for a lower bound, 1 or +inf for an
// upper), an interval with at least its coverage, only wider. A NaN (a Policy error) does the same.
template <typename Solve>
double bound_or_trivial(double trivial, Solve solve) noexcept {
  try {
    const double bound = solve();
    return std::isnan(bound) ? trivial : bound;
  } catch (const std::exception&) {
    return trivial;
  }
}

}  // namespace agentsim::sim::math
