// put_user_status_backend: beforeunload notifies the team's backend (keepalive fetch, beacon or
// plain fetch); the backend calls PutUserStatus(Offline) — which sets the next status during a
// contact, so it works in ACW — retrying per the policy. The backend outlives the page.
#include <fmt/format.h>

#include "session_run.h"

namespace agentsim::sim::detail {

namespace {
constexpr std::uint32_t kBackendRetryTimer = 2;

void backend_attempt(SessionRun& run) {
  StrategyState& s = run.state();
  ++s.backend_attempts;
  if (s.backend_first_us < 0) s.backend_first_us = run.now();
  run.backend_put_user_status(s.backend_attempts);
}
}  // namespace

void backend_on_beforeunload(SessionRun& run) { run.notify_backend(run.config().transport); }

void backend_on_notified(SessionRun& run) {
  StrategyState& s = run.state();
  if (s.backend_started) return;  // a second notification (after a reclose) changes nothing
  s.backend_started = true;
  backend_attempt(run);
}

void backend_on_response(SessionRun& run, int, bool ok) {
  StrategyState& s = run.state();
  if (ok) {
    s.backend_confirmed = true;
    return;
  }
  const RetryPolicy& p = run.config().retry;
  if (s.backend_attempts >= p.max_attempts) {
    run.note("backend", "gives up: no attempts left");
    return;
  }
  const std::int64_t delay = run.retry_delay_us(s.backend_attempts + 1);
  if (!p.within_deadline(s.backend_first_us, run.now() + delay)) {
    run.note("backend", "gives up: the next attempt would start after the deadline");
    return;
  }
  run.note("backend", "retry {} in {:.3f} s", s.backend_attempts + 1, static_cast<double>(delay) / 1e6);
  run.set_backend_timer(delay, kBackendRetryTimer);
}

void backend_on_timer(SessionRun& run, std::uint32_t) {
  if (!run.state().backend_confirmed) backend_attempt(run);
}

}  // namespace agentsim::sim::detail
