// Fitting environment parameters from the stream (calibration.h): the interval methods.
#include <gtest/gtest.h>

#include <cmath>

#include "agentsim/conform/calibration.h"

namespace agentsim::conform {
namespace {

TEST(Calibration, RegularizedGammaMatchesClosedForms) {
  // P(1, x) = 1 - e^-x; P(a, x) for integer a is a Poisson tail.
  for (double x : {0.1, 1.0, 3.0, 20.0}) EXPECT_NEAR(regularized_gamma_p(1, x), 1 - std::exp(-x), 1e-12) << x;
  // P(3, 2) = 1 - e^-2 (1 + 2 + 2) = 0.3233235838
  EXPECT_NEAR(regularized_gamma_p(3, 2), 1 - std::exp(-2.0) * 5, 1e-12);
}

TEST(Calibration, GarwoodPoissonIntervalMatchesPublishedValues) {
  // Garwood (1936) 95 % limits, as tabulated (e.g. Ulm 1990): n=0 [0, 3.689], n=10 [4.795, 18.39].
  const sim::Interval zero = poisson_interval(0, 0.95);
  EXPECT_EQ(zero.lo, 0);
  EXPECT_NEAR(zero.hi, 3.6889, 1e-3);
  const sim::Interval ten = poisson_interval(10, 0.95);
  EXPECT_NEAR(ten.lo, 4.7954, 1e-3);
  EXPECT_NEAR(ten.hi, 18.3904, 1e-3);
}

TEST(Calibration, AMedianIsFittedOnlyWithEnoughSamples) {
  Samples s;
  for (int i = 0; i < 19; ++i) s.acw_us.push_back(60000000);
  EXPECT_FALSE(calibrate(s, 0.95).fits[0].fitted);
  s.acw_us.push_back(60000000);
  const Fit f = calibrate(s, 0.95).fits[0];
  ASSERT_TRUE(f.fitted) << f.reason;
  EXPECT_EQ(f.name, "acw_duration_ms");
  EXPECT_TRUE(f.interval.contains(60000));
}

TEST(Calibration, MissedRingsCountAsAnswerDelaysBeyondEveryObservedOne) {
  // 60 answered at 1..60 s and 40 missed: the median of all 100 lies among the missed ones, so it
  // is not fitted — leaving the misses out would give 30 s, a median the data does not support.
  Samples s;
  for (int i = 1; i <= 60; ++i) s.answer_delay_us.push_back(std::int64_t{i} * 1000000);
  s.answer_censored = 40;
  Calibration c = calibrate(s, 0.95);
  EXPECT_FALSE(c.fits[1].fitted);
  s.answer_censored = 10;  // now the median (rank 35 of 70) is an observed value: 35 s
  c = calibrate(s, 0.95);
  ASSERT_TRUE(c.fits[1].fitted) << c.fits[1].reason;
  EXPECT_NEAR(c.fits[1].estimate, 35000, 35000 * sim::DurationHistogram::kRelativeErrorMax);
}

TEST(Calibration, TheEnvironmentFileHoldsOnlyFittedEnvironmentParameters) {
  Samples s;
  for (int i = 0; i < 50; ++i) s.acw_us.push_back(30000000);
  s.offers = 50;
  s.missed = 5;
  const Calibration c = calibrate(s, 0.95);
  const std::string text = render_environment_file(c, "my \"log\".jsonl", 0.95);
  EXPECT_NE(text.find("measured_from: \"my \\\"log\\\".jsonl\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  acw_duration_ms: 30000  # 95 % CI"), std::string::npos) << text;
  EXPECT_EQ(text.find("missed_rate"), std::string::npos);     // not an environment parameter
  EXPECT_EQ(text.find("talk_time"), std::string::npos);       // not fitted
}

}  // namespace
}  // namespace agentsim::conform
