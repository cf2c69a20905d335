// Routes the session's strategy hooks to the component of the configured kind. `none` and
// `ccp_v2_logout` do nothing on close: their behaviour is the platform profile's (session.h).
#include "session_run.h"

namespace agentsim::sim::detail {

void beforeunload_on_beforeunload(SessionRun& run);
void beforeunload_on_page_response(SessionRun& run, int call, bool ok);
void beforeunload_on_page_timer(SessionRun& run, std::uint32_t tag);
void beforeunload_on_dialog_answer(SessionRun& run, bool stay);
void backend_on_beforeunload(SessionRun& run);
void backend_on_notified(SessionRun& run);
void backend_on_response(SessionRun& run, int call, bool ok);
void backend_on_timer(SessionRun& run, std::uint32_t tag);

namespace {
bool page_side(const SessionRun& run) {
  const StrategyKind k = run.config().kind;
  return k == StrategyKind::BeforeunloadSetstate || k == StrategyKind::BeforeunloadRetry ||
         k == StrategyKind::BeforeunloadConfirm || k == StrategyKind::CanaryBroken;
}
bool backend(const SessionRun& run) {
  return run.config().kind == StrategyKind::PutUserStatusBackend;
}
}  // namespace

void strategy_on_beforeunload(SessionRun& run) {
  if (page_side(run)) beforeunload_on_beforeunload(run);
  if (backend(run)) backend_on_beforeunload(run);
}

void strategy_on_page_response(SessionRun& run, int call, bool ok) {
  if (page_side(run)) beforeunload_on_page_response(run, call, ok);
}

void strategy_on_page_timer(SessionRun& run, std::uint32_t tag) {
  if (page_side(run)) beforeunload_on_page_timer(run, tag);
}

void strategy_on_dialog_answer(SessionRun& run, bool stay) {
  if (page_side(run)) beforeunload_on_dialog_answer(run, stay);
}

void strategy_on_backend_notified(SessionRun& run) {
  if (backend(run)) backend_on_notified(run);
}

void strategy_on_backend_response(SessionRun& run, int call, bool ok) {
  if (backend(run)) backend_on_response(run, call, ok);
}

void strategy_on_backend_timer(SessionRun& run, std::uint32_t tag) {
  if (backend(run)) backend_on_timer(run, tag);
}

}  // namespace agentsim::sim::detail
