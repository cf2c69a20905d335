// setstate_offline (component.h): on its page events, Streams setState(Offline) through the CCP's
// shared worker. Options: retry on a failure the page sees (while it lives — inside the unload
// window on a close, BU [M 19]), enqueueNextState, a busy-wait in the handler, and the leave-page
// dialog while no attempt has been seen to succeed (retrying after Stay).
#include "setstate_offline.h"

#include <algorithm>

#include "agentsim/sim/claim.h"

namespace agentsim::sim::blocks {

namespace {
constexpr std::uint32_t kRetryTimer = 1;
}  // namespace

std::vector<ParamSpec> setstate_params() {
  std::vector<ParamSpec> p = {
      trigger_param(),
      dedupe_param(),
      {"retry_on_failure", "bool", 0, 0, 1,
       "Retry (per the retry policy) when the page sees a failure while it still lives.",
       ParamType::Boolean},
      {"enqueue_next_state", "bool", 0, 0, 1, "Pass enqueueNextState: true (the seed does not).",
       ParamType::Boolean},
      {"handler_busy_wait_ms", "ms", 0, 0, 60000,
       "Busy-wait this long inside beforeunload (at most unload_handler_block_max_ms); 0 = none."},
      {"dialog", "bool", 0, 0, 1,
       "Ask for the leave-page dialog while no attempt has been seen to succeed; retry after Stay.",
       ParamType::Boolean},
      {"max_dialogs", "dialogs", 1, 1, 10, "Leave-page dialogs at most per session.",
       ParamType::Integer},
  };
  for (ParamSpec& r : retry_params("", RetryPolicy{1, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0})) {
    p.push_back(r);
  }
  return p;
}

SetstateOnClose::SetstateOnClose(const ComponentConfig& c, model::Status target)
    : target_(target),
      gate_(c.number("on"), c.flag("dedupe")),
      retry_on_failure_(c.flag("retry_on_failure")),
      enqueue_(c.flag("enqueue_next_state")),
      dialog_(c.flag("dialog")),
      max_dialogs_(static_cast<int>(c.number("max_dialogs"))),
      busy_wait_ms_(c.number("handler_busy_wait_ms")),
      retry_(c.retry()) {}

void SetstateOnClose::reset(StrategyHost&) {
  gate_.reset();
  attempts_ = 0;
  confirmed_ = false;
  first_attempt_us_ = -1;
}

void SetstateOnClose::attempt(StrategyHost& host) {
  ++attempts_;
  if (first_attempt_us_ < 0) first_attempt_us_ = host.now_us();
  host.send_setstate(target_, enqueue_, attempts_, retry_.per_attempt_timeout_ms);
}

// After a failure seen by the page: schedule the next attempt if the policy allows one.
void SetstateOnClose::maybe_retry(StrategyHost& host) {
  if (!retry_on_failure_ || confirmed_ || host.page_timer_pending() ||
      attempts_ >= retry_.max_attempts) {
    return;
  }
  const std::int64_t delay = host.retry_delay_us(retry_, attempts_ + 1);
  if (!retry_.within_deadline(first_attempt_us_, host.now_us() + delay)) {
    note(host, "strategy", "no retry: it would start after the overall deadline");
    return;
  }
  note(host, "strategy", "retry {} in {:.3f} s", attempts_ + 1, static_cast<double>(delay) / 1e6);
  host.set_page_timer(delay, kRetryTimer);
}

void SetstateOnClose::on_page_event(StrategyHost& host, PageEvent e) {
  if (e == PageEvent::PageLoad) {
    gate_.rearm();
    return;
  }
  if (!gate_.admit(host, e)) return;
  const bool in_beforeunload = e == PageEvent::BeforeUnload;
  if (in_beforeunload && busy_wait_ms_ > 0) host.busy_wait_in_handler(busy_wait_ms_);
  if (confirmed_) return;  // an earlier close (before Stay) already succeeded
  // The call's result cannot be known synchronously: ask for the dialog while it is not
  // confirmed, so the page can stay alive if the agent agrees.
  if (in_beforeunload && dialog_) host.request_dialog(max_dialogs_);
  // Every close tries once more, within max_attempts for the whole session (a page that stayed
  // after the dialog closes again later).
  if (!host.page_timer_pending() && attempts_ < retry_.max_attempts) attempt(host);
}

void SetstateOnClose::on_page_response(StrategyHost& host, int, bool ok) {
  if (ok) {
    confirmed_ = true;
    return;
  }
  maybe_retry(host);
}

void SetstateOnClose::on_page_timer(StrategyHost& host, std::uint32_t) {
  if (!confirmed_) attempt(host);
}

void SetstateOnClose::on_dialog_answer(StrategyHost&, bool stay) {
  if (stay) gate_.rearm();  // the agent stayed: the next close is a new one
}

void SetstateOnClose::fingerprint(std::uint64_t& h) const {
  fingerprint_mix(h, static_cast<std::uint64_t>(attempts_));
  fingerprint_mix(h, confirmed_ ? 1 : 0);
  fingerprint_mix(h, static_cast<std::uint64_t>(first_attempt_us_));
  fingerprint_mix(h, gate_.fired() ? 1 : 0);
}

void setstate_claim(const ComponentConfig& c, Claim& claim) {
  claim.no_spurious_offline = false;  // a reload's beforeunload sets a working agent Offline
  claim.close_kinds = {CloseKind::TabClose, CloseKind::BrowserQuit};
  const RetryPolicy r = c.retry();
  if (!c.flag("retry_on_failure") && !c.flag("dialog")) {
    // The seed: "the agent is marked Offline after executing the beforeunload function" — for
    // a tab or browser close, whatever the agent was doing, when nothing fails.
    claim.pre_close = {PreClose::Idle, PreClose::Ringing, PreClose::OnCall, PreClose::OnHold,
                       PreClose::Acw, PreClose::Missed};
    claim.max_failures = 0;
    claim.max_latency_us = 5'000'000;
    claim.max_api_calls = r.max_attempts;
    return;
  }
  // "Up to max_attempts - 1 failures", for calls answered within 100 ms. The retries run only
  // inside the unload window (BU [M 19]): the claim is the one made for the 500 ms the page was
  // once thought to live — longer than any measured window (0-25 ms on a tab close, at most
  // 240 ms on a navigation), so in the default environment the claim covers nothing, and
  // `agentsim check` says so.
  claim.pre_close = {PreClose::Idle};
  claim.max_failures = std::max(0, r.max_attempts - 1);
  claim.max_latency_us = 100'000;
  claim.max_api_calls = r.max_attempts;
  claim.min_unload_window_us = 500'000;
}

void setstate_validate(const ComponentConfig& c, std::vector<std::string>& errors) {
  validate_retry(c, "", errors);
}

namespace {
std::unique_ptr<Component> create(const ComponentConfig& c) {
  return std::make_unique<SetstateOnClose>(c, model::Status::Offline);
}
}  // namespace

}  // namespace agentsim::sim::blocks

namespace agentsim::sim {
extern const ComponentDescriptor kSetstateOfflineComponent;
const ComponentDescriptor kSetstateOfflineComponent{
    "setstate_offline",
    "page",
    "Streams setState(Offline) when the page closes, optionally retried, with enqueueNextState, a "
    "busy-wait or the leave-page dialog.",
    blocks::setstate_params(),
    blocks::setstate_claim,
    nullptr,
    blocks::setstate_validate,
    blocks::create};
}  // namespace agentsim::sim
