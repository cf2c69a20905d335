#include "agentsim/sim/api_buckets.h"

#include <algorithm>

namespace agentsim::sim {

ApiBuckets::ApiBuckets(const EnvironmentParams& env, std::int64_t start_us) {
  rate_rps_ = {std::max(0.0, env.put_user_status_rate_rps - env.put_user_status_background_load_rps),
               std::max(0.0, env.dismiss_user_contact_rate_rps -
                                 env.dismiss_user_contact_background_load_rps),
               std::max(0.0, env.get_current_user_data_rate_rps -
                                 env.get_current_user_data_background_load_rps)};
  burst_ = {env.put_user_status_burst, env.dismiss_user_contact_burst, env.get_current_user_data_burst};
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    buckets_[i] = TokenBucket(rate_rps_[i], burst_[i], start_us);
  }
}

}  // namespace agentsim::sim
