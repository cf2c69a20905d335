// The account's throttling buckets: Amazon Connect defines its API limits "for each API
// separately" at the AWS account level [D 21,22], so PutUserStatus and DismissUserContact each
// and GetCurrentUserData each draw from a bucket of their own (all three "all other operations":
// 2 requests/s, burst 5 by default). Calls of other APIs (Streams setState, the team's own
// backend) are not metered here.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "agentsim/sim/draws.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/token_bucket.h"

namespace agentsim::sim {

// The APIs with a bucket, in a fixed order (ApiBuckets::index).
inline constexpr std::array<Api, 3> kMeteredApis = {Api::PutUserStatus, Api::DismissUserContact,
                                                    Api::GetCurrentUserData};

class ApiBuckets {
 public:
  ApiBuckets() = default;
  // Each bucket full at `start_us`, refilled at max(0, rate - background load) [D 21,22].
  explicit ApiBuckets(const EnvironmentParams& env, std::int64_t start_us = 0);

  static bool metered(Api api) { return position(api) < kMeteredApis.size(); }
  // REQUIRES: metered(api). Its position in kMeteredApis.
  static std::size_t index(Api api) { return position(api); }

  // The bucket of `api` grants a token at `now_us` (true) or refuses (false: a 429).
  // REQUIRES: metered(api).
  bool try_take(Api api, std::int64_t now_us) { return buckets_[index(api)].try_take(now_us); }

  const TokenBucket& bucket(Api api) const { return buckets_[index(api)]; }
  // The effective rate and burst of a bucket, as given (before quantization), for audits.
  double rate_rps(Api api) const { return rate_rps_[index(api)]; }
  double burst(Api api) const { return burst_[index(api)]; }

 private:
  // Its position in kMeteredApis; kMeteredApis.size() when it has no bucket.
  static constexpr std::size_t position(Api api) {
    std::size_t i = 0;
    while (i < kMeteredApis.size() && kMeteredApis[i] != api) ++i;
    return i;
  }

  std::array<TokenBucket, kMeteredApis.size()> buckets_{};
  std::array<double, kMeteredApis.size()> rate_rps_{};
  std::array<double, kMeteredApis.size()> burst_{};
};

}  // namespace agentsim::sim
