// Issue 13, items 5 and 9, in sim/: weights whose sum overflows and rates near zero are refused
// by validation, every duration reaches the clock through one checked conversion (time.h), and
// one grammar of numbers reads every parameter (input_text.h).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "agentsim/sim/center.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/input_text.h"
#include "agentsim/sim/strategy.h"
#include "agentsim/sim/time.h"

namespace agentsim::sim {
namespace {

bool mentions(const std::vector<std::string>& errors, const std::string& text) {
  for (const std::string& e : errors) {
    if (e.find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(ParameterBounds, two_close_weights_of_1e308_are_each_in_range_but_their_sum_is_refused) {
  EnvironmentParams e;
  e.close_weight_crash = 1e308;
  e.close_weight_reload = 1e308;
  const EnvironmentParameter& p = *find_environment_parameter("close_weight_crash");
  EXPECT_LE(e.close_weight_crash, p.max_value) << "each weight is within its own range";
  EXPECT_TRUE(std::isinf(e.close_weight_crash + e.close_weight_reload));  // what landed
  const auto errors = validate(e);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "close_weight_*: the weights sum to more than the largest number (about 1.8e308); "
            "they are relative: scale them down");
  EnvironmentParams pre;
  pre.pre_weight_idle = pre.pre_weight_on_call = 1.7e308;
  EXPECT_TRUE(mentions(validate(pre), "pre_weight_*: the weights sum to more than"));
  EnvironmentParams big;
  big.close_weight_crash = big.close_weight_reload = 8e307;  // the sum is finite
  EXPECT_TRUE(validate(big).empty());
}

TEST(ParameterBounds, a_contact_rate_is_zero_or_at_least_one_per_million_minutes) {
  EnvironmentParams e;
  for (const double rate : {1e-300, 5e-324, 9.9e-7}) {
    e.contact_arrival_rate_per_min = rate;
    EXPECT_TRUE(mentions(validate(e), "contact_arrival_rate_per_min: must be 0 (no contacts)"))
        << rate;
  }
  for (const double rate : {0.0, kMinContactRatePerMin, 2.5}) {
    e.contact_arrival_rate_per_min = rate;
    EXPECT_TRUE(validate(e).empty()) << rate;
    // The mean gap stays finite and converts to the clock without saturating.
    if (rate > 0) {
      EXPECT_LT(ms_to_us(60000.0 / rate), kTimeUsMax);
    }
  }
  CenterSpec c;
  c.contact_rate_per_min = 1e-13;
  EXPECT_TRUE(mentions(c.validate(), "contact_rate_per_min: must be 0 (no contacts)"));
  c.contact_rate_per_min = 0;
  EXPECT_TRUE(c.validate().empty());
}

TEST(ParameterBounds, a_sweeper_rate_near_zero_is_refused_so_the_pacers_wait_cannot_overflow) {
  StrategyConfig c = default_config(StrategyKind::HeartbeatSweeper);
  c.sweeper.rate_rps = 1e-13;
  // What landed: validated; one reserved call then waits 1e19 µs, beyond std::int64_t.
  EXPECT_GT(1.0 / (c.sweeper.rate_rps / 1e6), static_cast<double>(std::numeric_limits<std::int64_t>::max()));
  EXPECT_TRUE(mentions(c.validate(), "sweeper_rate_rps: must be 0 (no pacing) or between 0.001"));
  for (const double rate : {0.0, kMinSweeperRateRps, 2.0, 1e6}) {
    c.sweeper.rate_rps = rate;
    EXPECT_TRUE(c.validate().empty()) << rate;
  }
  // At the slowest rate, even a billion reserved calls wait less than the clock's bound.
  EXPECT_LT(1e9 / (kMinSweeperRateRps / 1e6), static_cast<double>(kTimeUsMax));
}

TEST(ClockConversion, is_llround_of_the_microseconds_within_range) {
  for (const double ms : {0.0, 0.0004, 0.0005, 0.0015, 1.0, 100.125, 99.9996, 86400000.0, 1e10,
                          -0.0005, -2.5, 123456.789}) {
    EXPECT_EQ(ms_to_us(ms), static_cast<std::int64_t>(std::llround(ms * 1000.0))) << ms;
  }
  EXPECT_EQ(s_to_us(1.5), 1500000);
  EXPECT_EQ(to_us(2.0, TimeUnit::Seconds), 2000000);
  EXPECT_EQ(to_us(2.0, TimeUnit::Milliseconds), 2000);
}

TEST(ClockConversion, saturates_beyond_the_clocks_bound_and_reads_nan_as_zero) {
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_EQ(ms_to_us(1e300), kTimeUsMax);
  EXPECT_EQ(ms_to_us(inf), kTimeUsMax);
  EXPECT_EQ(ms_to_us(-inf), -kTimeUsMax);
  EXPECT_EQ(s_to_us(1e20), kTimeUsMax);
  EXPECT_EQ(ms_to_us(std::nan("")), 0);
  EXPECT_EQ(ceil_us(1e30), kTimeUsMax);
  EXPECT_EQ(ceil_us(2.1), 3);
  EXPECT_EQ(ceil_us(std::nan("")), 0);
  // Three saturated times still add up without overflowing.
  EXPECT_LE(kTimeUsMax, std::numeric_limits<std::int64_t>::max() / 3);
}

TEST(OneNumberGrammar, strategy_center_and_command_line_numbers_are_plain_decimals) {
  EXPECT_EQ(parse_decimal("-1.5e3"), -1500.0);
  EXPECT_EQ(parse_decimal(".5"), 0.5);
  EXPECT_EQ(parse_decimal("+7"), 7.0);
  for (const char* bad : {"0x10", " 10", "10 ", "inf", "nan", "1e400", "", "-", "1e", "1,5"}) {
    EXPECT_FALSE(parse_decimal(bad).has_value()) << bad;
  }
  // What landed: strategy and center parameters were read by strtod, hexadecimal and all.
  StrategyConfig c = default_config(StrategyKind::BeforeunloadRetry);
  EXPECT_EQ(set_parameter(c, "base_ms", "0x10"), "expected a number, got '0x10'");
  EXPECT_EQ(set_parameter(c, "max_attempts", " 5"), "expected an integer, got ' 5'");
  EXPECT_FALSE(set_parameter(c, "base_ms", "1.5e2").has_value());
  EXPECT_EQ(c.retry.base_ms, 150.0);
  CenterSpec center;
  EXPECT_EQ(set_center_parameter(center, "shift_ms", "0x3E8"), "expected a number, got '0x3E8'");
  EXPECT_TRUE(set_center_parameter(center, "agents", "0x10").has_value());
  EXPECT_FALSE(set_center_parameter(center, "agents", "16").has_value());
}

TEST(EchoedValues, are_cut_at_80_characters_with_an_ellipsis) {
  EXPECT_EQ(echo("short"), "short");
  EXPECT_EQ(echo(std::string(80, 'x')), std::string(80, 'x'));
  EXPECT_EQ(echo(std::string(81, 'x')), std::string(80, 'x') + "\u2026");
  // Characters, not bytes: 80 two-byte characters are kept whole.
  std::string accents;
  for (int i = 0; i < 90; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(echo(accents), accents.substr(0, 160) + "\u2026");
  StrategyConfig c = default_config(StrategyKind::BeforeunloadRetry);
  EXPECT_EQ(set_parameter(c, "base_ms", std::string(1000000, '9') + "x")->size(),
            std::string("expected a number, got ''").size() + 80 + 3);
}

}  // namespace
}  // namespace agentsim::sim
