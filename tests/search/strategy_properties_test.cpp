// Property tests of the strategies with the generators of `agentsim fuzz` (RC_GTEST_PROP): what
// must hold within a strategy's claim holds; what the fact sheets call broken is shown broken by
// the fuzz tests (fuzz_test.cpp), which expect the counterexample.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "agentsim/search/schedule_generator.h"

namespace agentsim::search {
using namespace sim;
namespace {

Outcome play(SessionSpec spec, const Schedule& s) {
  spec.schedule = s;
  ScheduleDraws draws(*spec.schedule);
  return run_session_with(spec, draws);
}

SessionSpec fitting_retry() {
  SessionSpec spec;
  spec.profile = model::streams_custom();
  spec.strategy = default_config(StrategyKind::BeforeunloadRetry);
  spec.strategy.retry = RetryPolicy{3, Backoff::Constant, 50, 50, Jitter::None, 0, 0};
  // The claim is for windows of at least 500 ms (no measured close gives one): an environment
  // that does, so that the claim covers schedules.
  set_unload_windows_ms(spec.env, 500, 1000);
  return spec;
}

RC_GTEST_PROP(StrategyProperties, ARetryThatFitsTheBudgetLeavesNoGhostWithinItsClaim, ()) {
  const SessionSpec spec = fitting_retry();
  const Claim claim = default_claim(spec.strategy);
  const Schedule s = *schedule_generator(spec, claim, true);
  RC_ASSERT(within_claim(claim, s));
  const Outcome o = play(spec, s);
  RC_CLASSIFY(s.api.empty() || s.api[0].outcome == ApiOutcome::Success, "first attempt succeeds");
  RC_ASSERT(o.ghost_us <= claim.ghost_bound_us);
  RC_ASSERT(o.contacts_offered_to_ghost == 0u);
}

RC_GTEST_PROP(StrategyProperties, TheBackendStrategyEndsOfflineFromIdleACallOrAcwOnceNotified, ()) {
  SessionSpec spec;
  spec.strategy = default_config(StrategyKind::PutUserStatusBackend);
  const Claim claim = default_claim(spec.strategy);
  const Schedule s = *schedule_generator(spec, claim, true);
  // Within the claim, when the page's notification reaches the backend and no new contact is
  // offered meanwhile: PutUserStatus applies at once, or as the next status during a call or ACW.
  RC_PRE(!s.beacon_blocked && s.contact_gaps_us.empty());
  RC_PRE(std::all_of(s.delivered.begin(), s.delivered.end(), [](bool d) { return d; }));
  RC_CLASSIFY(s.pre_close == PreClose::OnCall || s.pre_close == PreClose::OnHold, "during a call");
  RC_CLASSIFY(s.pre_close == PreClose::Acw, "in ACW");
  const Outcome o = play(spec, s);
  RC_ASSERT(o.offline_at_end);
  RC_ASSERT(o.ghost_us <= claim.ghost_bound_us);
}

RC_GTEST_PROP(StrategyProperties, NoStrategyEverSendsFromATornDownPageOrLeavesAnEventUnaccepted, ()) {
  const auto kind = *rc::gen::elementOf(all_strategy_kinds());
  SessionSpec spec;
  spec.strategy = default_config(kind);
  const Schedule s = *schedule_generator(spec, default_claim(spec.strategy), false);
  const Outcome o = play(spec, s);
  RC_ASSERT(o.sends_after_teardown == 0u);
  RC_ASSERT(o.unaccepted_events == 0u);
  RC_ASSERT(!o.budget_exceeded);
}

RC_GTEST_PROP(StrategyProperties, NoneAndCcpV2NeverSetAWorkingAgentOffline, ()) {
  const auto kind = *rc::gen::element(StrategyKind::None, StrategyKind::CcpV2Logout);
  SessionSpec spec;
  spec.strategy = default_config(kind);
  const Schedule s = *schedule_generator(spec, default_claim(spec.strategy), false);
  RC_ASSERT(!play(spec, s).spurious_offline);
}

RC_GTEST_PROP(StrategyProperties, AScheduleReplaysToTheSameOutcome, ()) {
  const SessionSpec spec = fitting_retry();
  const Schedule s = *schedule_generator(spec, default_claim(spec.strategy), false);
  RC_ASSERT(play(spec, s) == play(spec, s));
}

}  // namespace
}  // namespace agentsim::sim
