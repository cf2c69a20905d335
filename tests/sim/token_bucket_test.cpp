// Tests of TokenBucket (agentsim/sim/token_bucket.h) and ApiBuckets (api_buckets.h): the bound
// every window of grants respects, that the bucket refuses only what the bound forbids, that a
// pacer's reservations are honoured by a server bucket of the same numbers, the audit, and that
// each API has its own bucket [D 21,22].
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "agentsim/sim/api_buckets.h"
#include "agentsim/sim/token_bucket.h"

namespace agentsim::sim {
namespace {

__extension__ using I128 = __int128;
constexpr std::int64_t kSecond = 1'000'000;

// The bound, written from its definition with a double loop: the windows [t_i, t_j] of `grants`
// holding more than burst + rate x (t_j - t_i) tokens, in the bucket's exact units.
std::uint64_t windows_above(const std::vector<std::int64_t>& grants, std::int64_t rate_units,
                            std::int64_t burst_units) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < grants.size(); ++i) {
    for (std::size_t j = i; j < grants.size(); ++j) {
      const I128 count = static_cast<I128>(j - i + 1) * TokenBucket::kUnitsPerToken;
      if (count > static_cast<I128>(burst_units) + static_cast<I128>(rate_units) * (grants[j] - grants[i])) ++n;
    }
  }
  return n;
}

// Rates and bursts the simulator uses, fractional ones included.
double pick_rate(std::uint8_t k) {
  static const double rates[] = {0, 0.001, 0.5, 1, 2, 2.5, 3.7, 10, 1000};
  return rates[k % 9];
}
double pick_burst(std::uint8_t k) {
  static const double bursts[] = {0, 0.5, 1, 2, 5, 7.5, 20};
  return bursts[k % 7];
}

// Non-decreasing request times from gaps (0 often: simultaneous requests).
std::vector<std::int64_t> times_from(const std::vector<std::uint16_t>& gaps) {
  std::vector<std::int64_t> t;
  std::int64_t now = 0;
  for (std::uint16_t g : gaps) {
    now += (g % 4 == 0) ? 0 : static_cast<std::int64_t>(g) * 37;
    t.push_back(now);
  }
  return t;
}

TEST(TokenBucket, DefaultNumbersGrantFiveAtOnceThenOneEveryHalfSecond) {
  TokenBucket b(2, 5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(b.try_take(0)) << i;
  EXPECT_FALSE(b.try_take(0));
  EXPECT_FALSE(b.try_take(kSecond / 2 - 1));
  EXPECT_TRUE(b.try_take(kSecond / 2));
  EXPECT_FALSE(b.try_take(kSecond / 2));
  EXPECT_EQ(b.granted(), 6u);
}

TEST(TokenBucket, RefillsExactlyAtAFractionalRate) {
  // 3 requests/s: a token every 333,333.33 us. Polled every millisecond (a burst of 2, so that
  // the bucket is never full between polls and loses nothing), it grants the refill of
  // 999,999,001 us after the first token: 2,999.997 tokens, plus the second token of the burst —
  // 3,000 grants, exactly.
  TokenBucket b(3, 2);
  ASSERT_TRUE(b.try_take(0));
  std::uint64_t granted = 0;
  for (std::int64_t t = 1; t <= 1000 * kSecond; t += 1000) granted += b.try_take(t) ? 1 : 0;
  EXPECT_EQ(granted, 3000u);
}

TEST(TokenBucket, ABucketWithoutCapacityNeverGrants) {
  TokenBucket b(1000, 0.5);  // less than one token of capacity
  for (std::int64_t t = 0; t < 10 * kSecond; t += 1000) ASSERT_FALSE(b.try_take(t));
  TokenBucket none;
  EXPECT_FALSE(none.try_take(0));
}

RC_GTEST_PROP(TokenBucket, InAnyWindowOfGrantsAtMostBurstPlusRateTimesWindowAreGranted,
              (std::uint8_t rate_k, std::uint8_t burst_k, const std::vector<std::uint16_t>& gaps)) {
  const double rate = pick_rate(rate_k), burst = pick_burst(burst_k);
  TokenBucket b(rate, burst);
  std::vector<std::int64_t> grants;
  for (std::int64_t t : times_from(gaps)) {
    if (b.try_take(t)) grants.push_back(t);
  }
  RC_ASSERT(windows_above(grants, b.rate_units_per_us(), b.burst_units()) == 0u);
  RC_ASSERT(grants_beyond_bucket(grants, rate, burst) == 0u);
  RC_ASSERT(b.granted() == grants.size());
}

RC_GTEST_PROP(TokenBucket, RefusesOnlyARequestThatWouldBreakTheBound,
              (std::uint8_t rate_k, std::uint8_t burst_k, const std::vector<std::uint16_t>& gaps)) {
  // The bucket is the largest schedule within the bound: each refusal, added to the grants so
  // far, would make some window ending at it too full.
  const double rate = pick_rate(rate_k), burst = pick_burst(burst_k);
  TokenBucket b(rate, burst);
  std::vector<std::int64_t> grants;
  for (std::int64_t t : times_from(gaps)) {
    if (b.try_take(t)) {
      grants.push_back(t);
    } else {
      std::vector<std::int64_t> with = grants;
      with.push_back(t);
      RC_ASSERT(windows_above(with, b.rate_units_per_us(), b.burst_units()) > 0u);
    }
  }
}

RC_GTEST_PROP(TokenBucket, AReservedTimeIsTheEarliestAtWhichAServerBucketOfTheSameNumbersGrants,
              (std::uint8_t rate_k, std::uint8_t burst_k, const std::vector<std::uint16_t>& gaps)) {
  const double rate = std::max(0.001, pick_rate(rate_k)), burst = std::max(1.0, pick_burst(burst_k));
  TokenBucket pacer(rate, burst);
  TokenBucket server(rate, burst);
  std::int64_t last = 0;
  for (std::int64_t t : times_from(gaps)) {
    const std::int64_t at = pacer.reserve(t);  // reservations are served in order
    RC_ASSERT(at >= std::max(t, last));
    if (at > std::max(t, last)) {
      // One microsecond earlier the token is not there yet.
      TokenBucket probe = server;
      RC_ASSERT(!probe.try_take(at - 1));
    }
    RC_ASSERT(server.try_take(at));
    last = at;  // the caller sends in reservation order
  }
}

TEST(TokenBucket, TheAuditFlagsASixthGrantWithinHalfASecondOfAFullBurst) {
  EXPECT_EQ(grants_beyond_bucket({0, 0, 0, 0, 0, 499'999}, 2, 5), 1u);
  EXPECT_EQ(grants_beyond_bucket({0, 0, 0, 0, 0, 500'000}, 2, 5), 0u);
  EXPECT_EQ(grants_beyond_bucket({0, 0, 0, 0, 0, 0, 0}, 2, 5), 2u);  // the 6th and the 7th
}

RC_GTEST_PROP(TokenBucket, TheAuditCountsTheWindowEndsTheDoubleLoopFinds,
              (std::uint8_t rate_k, std::uint8_t burst_k, const std::vector<std::uint16_t>& gaps)) {
  // Arbitrary grant times, not a bucket's: the O(n) audit flags a grant j exactly when some
  // window ending at j is too full.
  const double rate = pick_rate(rate_k), burst = pick_burst(burst_k);
  const std::vector<std::int64_t> grants = times_from(gaps);
  const std::int64_t r = TokenBucket::rate_units_per_us(rate), c = TokenBucket::burst_units(burst);
  std::uint64_t ends = 0;
  for (std::size_t j = 0; j < grants.size(); ++j) {
    const std::vector<std::int64_t> prefix(grants.begin(), grants.begin() + static_cast<long>(j) + 1);
    std::vector<std::int64_t> before(prefix.begin(), prefix.end() - 1);
    if (windows_above(prefix, r, c) > windows_above(before, r, c)) ++ends;
  }
  RC_ASSERT(grants_beyond_bucket(grants, rate, burst) == ends);
}

TEST(ThrottleFact, PutUserStatusAndDismissUserContactHaveTheirOwnBuckets) {
  // Limits are "defined for each API separately" at the account level [D 21,22]: emptying the
  // PutUserStatus bucket leaves DismissUserContact's whole burst.
  EnvironmentParams env;
  ApiBuckets buckets(env);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(buckets.try_take(Api::PutUserStatus, 0)) << i;
  EXPECT_FALSE(buckets.try_take(Api::PutUserStatus, 0));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(buckets.try_take(Api::DismissUserContact, 0)) << i;
  EXPECT_FALSE(buckets.try_take(Api::DismissUserContact, 0));
  EXPECT_FALSE(buckets.try_take(Api::PutUserStatus, 0));
}

TEST(ThrottleFact, EachApisBucketHasItsOwnRateBurstAndBackgroundLoad) {
  EnvironmentParams env;
  env.put_user_status_rate_rps = 10;
  env.put_user_status_background_load_rps = 9;  // 1/s left
  env.put_user_status_burst = 1;
  env.dismiss_user_contact_rate_rps = 4;
  env.dismiss_user_contact_burst = 2;
  ApiBuckets buckets(env);
  EXPECT_TRUE(buckets.try_take(Api::PutUserStatus, 0));
  EXPECT_FALSE(buckets.try_take(Api::PutUserStatus, kSecond - 1));
  EXPECT_TRUE(buckets.try_take(Api::PutUserStatus, kSecond));
  EXPECT_TRUE(buckets.try_take(Api::DismissUserContact, 0));
  EXPECT_TRUE(buckets.try_take(Api::DismissUserContact, 0));
  EXPECT_FALSE(buckets.try_take(Api::DismissUserContact, kSecond / 4 - 1));
  EXPECT_TRUE(buckets.try_take(Api::DismissUserContact, kSecond / 4));
  EXPECT_FALSE(ApiBuckets::metered(Api::SetState));
  EXPECT_FALSE(ApiBuckets::metered(Api::BackendNotify));
}

}  // namespace
}  // namespace agentsim::sim
