// put_user_status_on_notify: the team's backend, told by the page that it is closing, calls
// PutUserStatus(Offline) — which sets the next status during a contact, so it works in ACW —
// retrying per its own policy (AWS SDK standard mode by default). The backend outlives the page.
//
// grace_ms: wait this long first, and cancel if the agent's page reconnects (a reconnect notice)
// or its heartbeats arrive again meanwhile — a reload, or closing one of two tabs, then sets no
// working agent Offline. 0 = act at once.
#include <algorithm>

#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"

namespace agentsim::sim {
namespace {

// Timer tags: the kind in the low two bits, a generation above (a timer of an earlier close or
// a cancelled grace period finds its generation gone).
constexpr std::uint32_t kRetryTimer = 2;  // | close generation << 2
constexpr std::uint32_t kGraceTimer = 3;  // | grace generation << 2


class PutUserStatusOnNotify final : public Component {
 public:
  // A heartbeat notice ends a grace period (its own state: the grace timer finds it void); the
  // component is no sweeper.
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Local; }

  explicit PutUserStatusOnNotify(const ComponentConfig& c)
      : retry_(c.retry()), grace_ms_(c.number("grace_ms")) {}
  void reset(StrategyHost&) override {
    attempts_ = 0;
    confirmed_ = false;
    started_ = false;
    first_us_ = -1;
    grace_pending_ = false;
    grace_gen_ = 0;
    close_gen_ = 0;
  }
  void on_backend_notice(StrategyHost& host, Notice n) override {
    if (n != Notice::Close) {
      if (grace_pending_) {
        note(host, "backend", "the page is back within the grace period ({}): no Offline",
             n == Notice::Reconnect ? "reconnect notice" : "heartbeat");
        grace_pending_ = false;
        ++grace_gen_;
      }
      return;
    }
    if (started_ || grace_pending_) return;  // a second notification changes nothing
    if (grace_ms_ > 0) {
      grace_pending_ = true;
      ++grace_gen_;
      note(host, "backend", "waits {} ms (grace period) before setting Offline", grace_ms_);
      host.set_backend_timer(ms_to_us(grace_ms_), kGraceTimer | (grace_gen_ << 2));
      return;
    }
    start(host);
  }
  void on_new_close(StrategyHost&) override {
    attempts_ = 0;
    confirmed_ = false;
    started_ = false;
    first_us_ = -1;
    grace_pending_ = false;
    ++grace_gen_;
    ++close_gen_;
  }
  void on_backend_timer(StrategyHost& host, std::uint32_t tag) override {
    if ((tag & 3u) == kRetryTimer) {
      if ((tag >> 2) == close_gen_ && !confirmed_) attempt(host);
      return;
    }
    if ((tag & 3u) == kGraceTimer && grace_pending_ && (tag >> 2) == grace_gen_) {
      grace_pending_ = false;
      start(host);
    }
  }
  void on_backend_response(StrategyHost& host, int, bool ok) override {
    if (ok) {
      confirmed_ = true;
      return;
    }
    if (attempts_ >= retry_.max_attempts) {
      note(host, "backend", "gives up: no attempts left");
      return;
    }
    const std::int64_t delay = host.retry_delay_us(retry_, attempts_ + 1);
    if (!retry_.within_deadline(first_us_, host.now_us() + delay)) {
      note(host, "backend", "gives up: the next attempt would start after the deadline");
      return;
    }
    note(host, "backend", "retry {} in {:.3f} s", attempts_ + 1, static_cast<double>(delay) / 1e6);
    host.set_backend_timer(delay, kRetryTimer | (close_gen_ << 2));
  }
  bool idle() const override { return !grace_pending_; }
  void fingerprint(std::uint64_t& h) const override {
    fingerprint_mix(h, static_cast<std::uint64_t>(attempts_));
    fingerprint_mix(h, confirmed_ ? 1 : 0);
    fingerprint_mix(h, started_ ? 1 : 0);
    fingerprint_mix(h, static_cast<std::uint64_t>(first_us_));
    fingerprint_mix(h, grace_pending_ ? 1 : 0);
  }

 private:
  void start(StrategyHost& host) {
    started_ = true;
    attempt(host);
  }
  void attempt(StrategyHost& host) {
    ++attempts_;
    if (first_us_ < 0) first_us_ = host.now_us();
    host.put_user_status(model::Status::Offline, attempts_, retry_.per_attempt_timeout_ms,
                         CallRole::Backend);
  }

  RetryPolicy retry_;
  double grace_ms_;
  int attempts_ = 0;
  bool confirmed_ = false;
  bool started_ = false;
  std::int64_t first_us_ = -1;
  bool grace_pending_ = false;
  std::uint32_t grace_gen_ = 0;
  std::uint32_t close_gen_ = 0;
};

std::unique_ptr<Component> create(const ComponentConfig& c) {
  return std::make_unique<PutUserStatusOnNotify>(c);
}

void claim(const ComponentConfig& c, Claim& claim) {
  const RetryPolicy r = c.retry();
  claim.close_kinds = {CloseKind::TabClose, CloseKind::BrowserQuit, CloseKind::LogoutButton};
  claim.pre_close = {PreClose::Idle, PreClose::OnCall, PreClose::OnHold, PreClose::Acw};
  claim.max_failures = std::max(0, r.max_attempts - 1);
  claim.max_latency_us = 1'000'000;
  claim.max_api_calls = r.max_attempts + 1;
  // PutUserStatus during a call sets the next status: Offline once the call and ACW end. A
  // ghost lasts at most from teardown until the backend's call lands (the default bound), plus
  // the grace period.
  claim.ghost_bound_us += ms_to_us(c.number("grace_ms"));
  claim.no_spurious_offline = false;
}

std::vector<ParamSpec> params() {
  std::vector<ParamSpec> p = {
      {"grace_ms", "ms", 0, 0, 3600000,
       "Wait this long, and cancel if the page reconnects or heartbeats resume; 0 = at once."}};
  for (ParamSpec& r : retry_params("", RetryPolicy{3, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0})) {
    p.push_back(r);
  }
  return p;
}

void validate(const ComponentConfig& c, std::vector<std::string>& errors) { validate_retry(c, "", errors); }

}  // namespace

extern const ComponentDescriptor kPutUserStatusOnNotifyComponent;
const ComponentDescriptor kPutUserStatusOnNotifyComponent{
    "put_user_status_on_notify",
    "backend",
    "On the page's close notification the backend calls PutUserStatus(Offline) with its own "
    "retries, optionally after a grace period that a reconnect cancels.",
    params(),
    claim,
    nullptr,
    validate,
    create};
}  // namespace agentsim::sim
