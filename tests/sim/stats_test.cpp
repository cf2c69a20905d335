// Tests of the rate statistics of agentsim/sim/stats.h: Wilson and Clopper-Pearson intervals and
// the special functions beneath them (Boost.Math's, through our wrappers). (The duration
// histogram: histogram_test.cpp.)
#include "agentsim/sim/stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>

#include "agentsim/sim/distributions.h"
#include "agentsim/sim/random.h"

namespace agentsim::sim {
namespace {

Proportion of(uint64_t successes, uint64_t trials) { return Proportion{successes, trials}; }

// Reference intervals at 95 %, from mpmath at 40 digits: Wilson by its closed form, Clopper-
// Pearson by bisection of mpmath's regularized incomplete beta. The last four rows are Table II
// of Newcombe, "Two-sided confidence intervals for the single proportion", Stat. Med. 17 (1998)
// 857-872, which prints them to 4 decimals: 0.2553-0.3662, 0.0624-0.1605, 0-0.1611,
// 0.0061-0.1718 (Wilson) and 0.2527-0.3676, 0.0578-0.1617, 0-0.1684, 0.0009-0.1776 (exact).
struct Reference {
  uint64_t successes, trials;
  double wilson_lo, wilson_hi, exact_lo, exact_hi;
};
const Reference kReferences[] = {
    {0, 10, 0.0, 0.27753279986288925, 0.0, 0.30849710781876082},
    {5, 10, 0.23659309051256398, 0.76340690948743602, 0.18708602844739853, 0.81291397155260147},
    {95, 100, 0.88824953076808085, 0.97845632084563203, 0.88716508889453723,
     0.98356812081794784},
    {10, 10, 0.72246720013711075, 1.0, 0.69150289218123918, 1.0},
    {81, 263, 0.25528851987827423, 0.36620957698280007, 0.25273674558527116,
     0.36762192260135136},
    {15, 148, 0.06238639953073628, 0.16048724172330804, 0.057844010083448559,
     0.16165049034947901},
    {0, 20, 0.0, 0.16112515805281939, 0.0, 0.16843347098308534},
    {1, 29, 0.0061132142927626605, 0.17175521879320288, 0.00087264688357992199,
     0.17764429548872293},
};

TEST(Stats, WilsonIntervalMatchesTextbookValues) {
  for (const Reference& r : kReferences) {
    const Interval wilson = of(r.successes, r.trials).wilson(0.95);
    EXPECT_NEAR(wilson.lo, r.wilson_lo, 1e-12) << r.successes << "/" << r.trials;
    EXPECT_NEAR(wilson.hi, r.wilson_hi, 1e-12) << r.successes << "/" << r.trials;
  }
  EXPECT_EQ(of(0, 10).wilson(0.95).lo, 0.0);  // exactly, not a rounding residue
  EXPECT_EQ(of(10, 10).wilson(0.95).hi, 1.0);
}

TEST(Stats, ClopperPearsonIntervalMatchesTextbookValues) {
  for (const Reference& r : kReferences) {
    const Interval exact = of(r.successes, r.trials).clopper_pearson(0.95);
    EXPECT_NEAR(exact.lo, r.exact_lo, 1e-12) << r.successes << "/" << r.trials;
    EXPECT_NEAR(exact.hi, r.exact_hi, 1e-12) << r.successes << "/" << r.trials;
  }
}

TEST(Stats, ClopperPearsonMatchesItsClosedFormsForAMillionTrials) {
  // x = 1: lo = 1 - (1 - a/2)^(1/n). x = 0: hi = 1 - (a/2)^(1/n). mpmath values.
  const double n = 1e6;
  EXPECT_NEAR(of(1, 1'000'000).clopper_pearson(0.95).lo, 2.5317807663794177544e-8, 1e-17);
  EXPECT_NEAR(of(0, 1'000'000).clopper_pearson(0.95).hi, 3.6888726502064890783e-6, 1e-15);
  EXPECT_NEAR(of(1'000'000, 1'000'000).clopper_pearson(0.95).lo, std::pow(0.025, 1 / n), 1e-13);
}

// The intervals of the hand-written code before Boost.Math, on a grid of (n, k) from 1 to 10^9
// trials, at 95 % and 99 % (clopper_pearson_reference.inc says how they were made).
struct PreviousInterval {
  uint64_t trials, successes;
  double lo_95, hi_95, lo_99, hi_99;
};
const PreviousInterval kPreviousIntervals[] = {
#include "clopper_pearson_reference.inc"
};

TEST(ClopperPearson, BoostMathAgreesWithThePreviousIntervalsToOneInABillion) {
  // Absolute 1e-9 on the whole grid; relative 1e-9 as well (so that tiny bounds count) up to
  // 10^6 trials, where the old code was accurate to ~1e-10 relative. Above, its own error grew to
  // ~1e-6 relative at 10^9 (ln B(a, b) cancelling): a relative comparison there would test the
  // old code, not the new (the next test checks the new one against mpmath instead).
  double diff_max = 0.0, relative_max = 0.0;
  auto compare = [&](const PreviousInterval& r, double now, double before, bool upper) {
    const double diff = std::fabs(now - before);
    EXPECT_LE(diff, 1e-9) << r.successes << "/" << r.trials << (upper ? " hi " : " lo ") << now
                          << " was " << before;
    diff_max = std::max(diff_max, diff);
    if (r.trials <= 1'000'000 && before > 0.0) {
      EXPECT_LE(diff, 1e-9 * before) << r.successes << "/" << r.trials << (upper ? " hi" : " lo");
      relative_max = std::max(relative_max, diff / before);
    }
  };
  for (const PreviousInterval& r : kPreviousIntervals) {
    const Proportion p = of(r.successes, r.trials);
    const Interval at_95 = p.clopper_pearson(0.95), at_99 = p.clopper_pearson(0.99);
    compare(r, at_95.lo, r.lo_95, false);
    compare(r, at_95.hi, r.hi_95, true);
    compare(r, at_99.lo, r.lo_99, false);
    compare(r, at_99.hi, r.hi_99, true);
  }
  std::printf("max |new - previous| %.3g; max relative (n <= 1e6) %.3g, over %zu grid points\n",
              diff_max, relative_max, std::size(kPreviousIntervals));
}

TEST(ClopperPearson, TinyBoundsAreAccurateToDoublePrecisionUpToABillionTrials) {
  // mpmath at 50 digits, tail = (1 - confidence) / 2 as the double the code computes: lo for one
  // and two successes by bisection of the binomial tail summed term by term, hi for none from its
  // closed form 1 - tail^(1/n). The old code was off by up to 8e-7 relative in these at n = 10^9.
  struct Case {
    uint64_t successes, trials;
    double confidence, bound;
  };
  const Case lower[] = {
      {1, 10, 0.95, 0.0025285785444617867738},
      {2, 10, 0.99, 0.010850509379740498471},
      {1, 1000, 0.99, 5.0125292607775105894e-6},
      {2, 1000, 0.95, 0.00024230111687723204686},
      {1, 100'000, 0.95, 2.5317804779333163006e-7},
      {2, 100'000, 0.99, 1.0349501066862741568e-6},
      {1, 10'000'000, 0.99, 5.0125418222880077299e-10},
      {2, 10'000'000, 0.95, 2.4220928772116287934e-8},
      {1, 1'000'000'000, 0.95, 2.5317807983969402477e-11},
      {1, 1'000'000'000, 0.99, 5.0125418235317237185e-12},
      {2, 1'000'000'000, 0.95, 2.4220927863573699173e-10},
      {2, 1'000'000'000, 0.99, 1.0349454679448279828e-10},
  };
  for (const Case& c : lower) {
    EXPECT_NEAR(of(c.successes, c.trials).clopper_pearson(c.confidence).lo, c.bound,
                4e-15 * c.bound)
        << c.successes << "/" << c.trials << " at " << c.confidence;
  }
  const Case upper[] = {
      {0, 10, 0.95, 0.30849710781876076249},
      {0, 1000, 0.99, 0.0052843060394974425619},
      {0, 100'000, 0.95, 0.00003688811415792420288},
      {0, 10'000'000, 0.99, 5.2983159629399378481e-7},
      {0, 1'000'000'000, 0.95, 3.6888794473100196095e-9},
      {0, 1'000'000'000, 0.99, 5.2983173525119523557e-9},
  };
  for (const Case& c : upper) {
    EXPECT_NEAR(of(c.successes, c.trials).clopper_pearson(c.confidence).hi, c.bound,
                4e-15 * c.bound)
        << c.successes << "/" << c.trials << " at " << c.confidence;
  }
}

TEST(ClopperPearson, BoundsAreOrderedAroundTheEstimateUpTo2To46Trials) {
  // Random n with log2 n uniform in [0, 46], k in [0, n] (a quarter each within 2 of 0 or n),
  // confidence 95 %, 99 % or uniform in the CLI's [0.5, 0.9999].
  Rng rng(20261202);
  for (int i = 0; i < 2000; ++i) {
    const uint64_t n = (rng.next_u64() >> (63 - rng.uniform_u64_below(47))) | 1;
    uint64_t k = rng.uniform_u64_below(n + 1);
    const uint64_t side = rng.uniform_u64_below(4);
    if (side == 0) k = std::min<uint64_t>(k % 3, n);
    if (side == 1) k = n - std::min<uint64_t>(k % 3, n);
    const uint64_t kind = rng.uniform_u64_below(3);
    const double confidence = kind == 0 ? 0.95 : kind == 1 ? 0.99 : 0.5 + 0.4999 * rng.uniform01();
    const Proportion p = of(k, n);
    const Interval interval = p.clopper_pearson(confidence);
    EXPECT_TRUE(interval.lo >= 0.0 && interval.lo <= p.estimate() && p.estimate() <= interval.hi &&
                interval.hi <= 1.0)
        << k << "/" << n << " at " << confidence << ": [" << interval.lo << ", " << interval.hi
        << "]";
  }
}

TEST(ClopperPearson, ARootFinderThatGivesUpLeavesTheTrivialBoundInsteadOfThrowing) {
  // Boost 1.74's ibeta_inv throws evaluation_error here (its root finder uses Boost's default,
  // throwing, policy), far beyond any run's size; clopper_pearson catches it: lo falls back to 0.
  const Proportion p = of(2, 285'192'822'002'576'917);
  Interval interval;
  EXPECT_NO_THROW(interval = p.clopper_pearson(0.95));
  EXPECT_GE(interval.lo, 0.0);
  EXPECT_LE(interval.lo, p.estimate());
  EXPECT_GE(interval.hi, p.estimate());
}

TEST(Stats, IntervalsWithoutTrialsAreTheWholeUnitInterval) {
  EXPECT_EQ(of(0, 0).wilson(0.95).lo, 0.0);
  EXPECT_EQ(of(0, 0).wilson(0.95).hi, 1.0);
  EXPECT_EQ(of(0, 0).clopper_pearson(0.95).lo, 0.0);
  EXPECT_EQ(of(0, 0).clopper_pearson(0.95).hi, 1.0);
  EXPECT_EQ(of(0, 0).estimate(), 0.0);
}

TEST(Stats, HigherConfidenceGivesWiderIntervals) {
  const Proportion p = of(30, 120);
  EXPECT_GT(p.wilson(0.99).width(), p.wilson(0.95).width());
  EXPECT_GT(p.wilson(0.95).width(), p.wilson(0.80).width());
  EXPECT_GT(p.clopper_pearson(0.99).width(), p.clopper_pearson(0.95).width());
  EXPECT_TRUE(p.wilson(0.95).contains(p.estimate()));
  EXPECT_TRUE(p.clopper_pearson(0.95).contains(p.estimate()));
}

TEST(Stats, IntervalsCoverTheTrueProportionAtTheirNominalRate) {
  // 2,000 independent runs (one stream each) of n = 200 Bernoulli(0.1) trials. The exact
  // coverage at (n = 200, p = 0.1), summing binomial probabilities of the x whose interval
  // contains p, is 0.9561 for Wilson and 0.9669 for Clopper-Pearson (mpmath). The observed
  // fraction has standard error sqrt(c (1 - c) / 2000) <= 0.0046, so 93 % for Wilson sits 5.7
  // standard errors below its coverage, and 95 % for Clopper-Pearson (its guarantee) 4.2 below.
  constexpr int kRuns = 2000;
  constexpr int kTrials = 200;
  const Bernoulli trial{0.1};
  int wilson_hits = 0, exact_hits = 0;
  for (uint64_t run = 0; run < kRuns; ++run) {
    Rng rng = Rng::for_stream(20240915, run);
    Proportion observed;
    for (int i = 0; i < kTrials; ++i) observed.record(trial.sample(rng));
    wilson_hits += observed.wilson(0.95).contains(0.1) ? 1 : 0;
    exact_hits += observed.clopper_pearson(0.95).contains(0.1) ? 1 : 0;
  }
  EXPECT_GE(wilson_hits, 0.93 * kRuns);
  EXPECT_GE(exact_hits, 0.95 * kRuns);
}

TEST(Stats, ProportionsMergeByAddingCounts) {
  Proportion a = of(3, 10);
  a.merge(of(4, 5));
  EXPECT_EQ(a, of(7, 15));
  a.record(true);
  a.record(false);
  EXPECT_EQ(a, of(8, 17));
}

TEST(Stats, LogGammaMatchesKnownValues) {
  // mpmath loggamma at 50 digits; relative tolerance 1e-14.
  struct Case {
    double x, value;
  };
  const Case cases[] = {{0.5, 0.5723649429247000870717},  {1.0, 0.0},
                        {1.5, -0.1207822376352452223455}, {3.0, 0.6931471805599453094172},
                        {10.0, 12.80182748008146961121},  {14.9, 24.92413200221727735253},
                        {15.0, 25.19122118273868150009},  {100.0, 359.134205369575398776},
                        {1e6, 12815504.56914761165998},   {1e-5, 11.51291969289582570742}};
  for (const Case& c : cases) {
    EXPECT_NEAR(log_gamma(c.x), c.value, 1e-14 * std::max(1.0, std::fabs(c.value))) << c.x;
  }
}

TEST(Stats, IncompleteBetaMatchesKnownValues) {
  // mpmath betainc(regularized=True); the last by quadrature of the Beta(5000, 5000) density.
  EXPECT_NEAR(regularized_incomplete_beta(2, 3, 0.4), 0.5248, 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(0.5, 0.5, 0.3), 0.36901011956554538276, 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(10, 20, 0.25), 0.16630494959787944786, 1e-14);
  EXPECT_NEAR(regularized_incomplete_beta(100, 900, 0.12), 0.97851099920652594193, 1e-13);
  EXPECT_NEAR(regularized_incomplete_beta(1, 1, 0.3), 0.3, 1e-15);
  EXPECT_NEAR(regularized_incomplete_beta(5000, 5000, 0.49), 0.022742032324574546157, 1e-12);
  EXPECT_EQ(regularized_incomplete_beta(3, 4, 0.0), 0.0);
  EXPECT_EQ(regularized_incomplete_beta(3, 4, 1.0), 1.0);
}

TEST(Stats, BinomialCdfMatchesDirectSummation) {
  // n = 30, p = 0.37: sum the probability mass function term by term.
  const uint64_t n = 30;
  const double p = 0.37;
  double pmf = std::pow(1 - p, 30.0), cdf = 0.0;
  for (uint64_t k = 0; k < n; ++k) {
    cdf += pmf;
    EXPECT_NEAR(binomial_cdf(k, n, p), cdf, 1e-13) << "k = " << k;
    pmf *= static_cast<double>(n - k) / static_cast<double>(k + 1) * p / (1 - p);
  }
  EXPECT_EQ(binomial_cdf(n, n, p), 1.0);
  EXPECT_EQ(binomial_cdf(0, n, 0.0), 1.0);
  EXPECT_EQ(binomial_cdf(5, n, 1.0), 0.0);
}

}  // namespace
}  // namespace agentsim::sim
