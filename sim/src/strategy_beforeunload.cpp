// The page-side strategies of the seed document: setState(Offline) in beforeunload — once
// (beforeunload_setstate), retried while the page lives (beforeunload_retry), or with the
// leave-page dialog while it has not succeeded (beforeunload_confirm).
#include <fmt/format.h>

#include "session_run.h"

namespace agentsim::sim::detail {

namespace {

constexpr std::uint32_t kRetryTimer = 1;

bool retries(const SessionRun& run) {
  return run.config().kind == StrategyKind::BeforeunloadRetry ||
         run.config().kind == StrategyKind::BeforeunloadConfirm;
}

void attempt(SessionRun& run) {
  StrategyState& s = run.state();
  ++s.attempts;
  if (s.first_attempt_us < 0) s.first_attempt_us = run.now();
  // The seed passes no enqueueNextState; the retry and confirm strategies may (a parameter).
  const bool enqueue = run.config().kind != StrategyKind::BeforeunloadSetstate &&
                       run.config().enqueue_next_state;
  // The canary's deliberate bug: the wrong target status.
  const model::Status target = run.config().kind == StrategyKind::CanaryBroken ? model::Status::Available
                                                                               : model::Status::Offline;
  run.send_setstate(target, enqueue, s.attempts);
}

// After a failure seen by the page: schedule the next attempt if the policy allows one.
void maybe_retry(SessionRun& run) {
  StrategyState& s = run.state();
  const RetryPolicy& p = run.config().retry;
  if (!retries(run) || s.confirmed || s.timer_pending || s.attempts >= p.max_attempts) return;
  const std::int64_t delay = run.retry_delay_us(s.attempts + 1);
  if (!p.within_deadline(s.first_attempt_us, run.now() + delay)) {
    run.note("strategy", "no retry: it would start after the overall deadline");
    return;
  }
  run.note("strategy", "retry {} in {:.3f} s", s.attempts + 1, static_cast<double>(delay) / 1e6);
  run.set_page_timer(delay, kRetryTimer);
}

}  // namespace

void beforeunload_on_beforeunload(SessionRun& run) {
  StrategyState& s = run.state();
  if (s.confirmed) return;  // an earlier close (before Stay) already succeeded
  if (run.config().kind == StrategyKind::BeforeunloadConfirm) {
    // The call's result cannot be known synchronously: ask for the dialog while it is not
    // confirmed, so the page can stay alive if the agent agrees.
    run.request_dialog();
  }
  // Every beforeunload tries once more, within max_attempts for the whole session (a page that
  // stayed after the dialog closes again later).
  if (!s.timer_pending && s.attempts < run.config().retry.max_attempts) attempt(run);
}

void beforeunload_on_page_response(SessionRun& run, int, bool ok) {
  StrategyState& s = run.state();
  if (ok) {
    s.confirmed = true;
    return;
  }
  maybe_retry(run);
}

void beforeunload_on_page_timer(SessionRun& run, std::uint32_t) {
  if (!run.state().confirmed) attempt(run);
}

void beforeunload_on_dialog_answer(SessionRun&, bool) {}

}  // namespace agentsim::sim::detail
