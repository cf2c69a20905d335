// Failure modes of the page-side strategies that the seed-weakness tests do not pin:
// put_user_status_backend on a reload, and the confirm dialog on a reload.
#include <gtest/gtest.h>

#include "agentsim/sim/session.h"

namespace agentsim::sim {
namespace {

constexpr std::uint64_t kSessions = 200;

SessionSpec reload_spec(StrategyKind kind) {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(kind);
  spec.close_kind = CloseKind::Reload;
  spec.pre_close = PreClose::Idle;
  EnvironmentParams& e = spec.env;
  e.api_5xx_prob = e.api_429_prob = e.api_timeout_prob = e.api_lost_response_prob = 0;
  e.contact_arrival_rate_per_min = 0;
  return spec;
}

TEST(PageSide, put_user_status_backend_sets_a_reloading_agent_Offline_too) {
  // beforeunload cannot tell a reload from a close: the keepalive notification (delivered here
  // even if in flight at teardown) reaches the backend, whose PutUserStatus(Offline) lands on an
  // agent who is reloading the page and keeps working.
  SessionSpec spec = reload_spec(StrategyKind::PutUserStatusBackend);
  spec.env.inflight_delivered_prob_keepalive = 1;
  ASSERT_TRUE(spec.validate().empty());
  SessionRunner runner(spec);
  for (std::uint64_t k = 0; k < kSessions; ++k) {
    const Outcome o = runner.run(5, k);
    EXPECT_FALSE(o.agent_left);
    EXPECT_EQ(o.put_user_status_sent, 1u) << "session " << k;
    EXPECT_TRUE(o.spurious_offline) << "session " << k;
    EXPECT_EQ(o.ghost_us, 0) << "a reloading agent is not away";
  }
}

TEST(PageSide, beforeunload_confirm_asks_the_leave_page_question_on_every_reload) {
  // The dialog is requested while setState has not been seen to succeed, which at beforeunload
  // time it never has: with sticky activation every reload shows it.
  SessionSpec spec = reload_spec(StrategyKind::BeforeunloadConfirm);
  spec.env.sticky_activation_prob = 1;
  ASSERT_TRUE(spec.validate().empty());
  SessionRunner runner(spec);
  for (std::uint64_t k = 0; k < kSessions; ++k) {
    const Outcome o = runner.run(5, k);
    EXPECT_EQ(o.dialogs_shown, 1u) << "session " << k;
  }
}

}  // namespace
}  // namespace agentsim::sim
