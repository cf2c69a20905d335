// sweeper: the team's backend sets agents Offline after a silence — of the page's heartbeats
// (signal heartbeat; needs the heartbeat component) or of the Agent Event Stream (signal
// event_stream: a record for every state change, and a HEART_BEAT after event_stream_heartbeat_ms
// without one, for as long as the platform thinks the agent is logged in [D 10] — so a closed CCP
// is never silent there, until the session expires).
//
// The Offline is a sequence of attempts with its own retry policy; with recheck_before_send the
// sweeper checks before every attempt that the agent is still silent, so an agent who came back
// is not knocked off by a late retry. Its calls are paced (rate_rps, burst; a center's one
// sweeper paces all agents at once) and take tokens from the account's bucket like every other
// call. Once it has set an agent Offline it leaves the agent alone until heartbeats (records)
// resume; a sequence that ran out of attempts is started again by a later pass.
#include <algorithm>

#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"

namespace agentsim::sim {
namespace {


constexpr int kSignalHeartbeat = 0;
constexpr int kSignalEventStream = 1;

class Sweeper final : public Component {
 public:
  // A heartbeat notice clears done_ and notes it: its own state only, and it brings the due
  // earlier only from kSweepDueNever (done_); otherwise a later heartbeat makes it later.
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Local; }

  explicit Sweeper(const ComponentConfig& c)
      : event_stream_(c.choice("signal") == kSignalEventStream),
        timeout_ms_(c.number("silence_timeout_ms")),
        recheck_(c.flag("recheck_before_send")),
        retry_(c.retry()) {}
  void reset(StrategyHost&) override {
    active_ = false;
    done_ = false;
    attempts_ = 0;
    first_us_ = -1;
    gen_ = 0;
    reserved_ = false;
  }
  void on_backend_notice(StrategyHost& host, Notice n) override {
    if (n == Notice::Heartbeat && done_ && !event_stream_) {
      note(host, "backend", "heartbeats again: the sweeper will watch this agent anew");
      done_ = false;
    }
  }
  void on_sweep_pass(StrategyHost& host) override {
    if (done_ && event_stream_) {
      // The status changed again since the sweeper's Offline (a STATE_CHANGE record: the agent
      // came back and chose Available): the records resumed, watch this agent anew.
      const AgentSnapshot p = host.presence();
      if (p.status != model::Status::Offline && !p.next_status_pending) done_ = false;
    }
    if (active_ || done_ || !silent(host)) return;
    // The backend's presence table knows the agent's status from the event stream: an agent
    // already Offline needs no call.
    const AgentSnapshot p = host.presence();
    if (p.status == model::Status::Offline && !p.next_status_pending) return;
    note(host, "backend", "sweeper: the agent has been silent too long; setting Offline");
    host.count_detection();
    active_ = true;
    attempts_ = 0;
    first_us_ = host.now_us();
    ++gen_;
    attempt(host);
  }
  // What on_sweep_pass reads: done_ (with the event stream: the presence that clears it), then
  // active_, done_, the silence and the presence (Offline: no call).
  std::int64_t sweep_due_us(const StrategyHost& host) const override {
    const AgentSnapshot p = host.presence();
    const bool offline = p.status == model::Status::Offline && !p.next_status_pending;
    if (done_ && event_stream_) return offline ? kSweepDueNever : kSweepDueNow;
    if (active_ || done_ || offline) return kSweepDueNever;
    return event_stream_ ? host.event_stream_silent_from_us(timeout_ms_)
                         : host.heartbeats_silent_from_us(timeout_ms_);
  }
  void on_backend_timer(StrategyHost& host, std::uint32_t tag) override {
    if (tag == gen_ && active_) attempt(host);
  }
  void on_backend_response(StrategyHost& host, int, bool ok) override {
    if (!active_) return;
    if (ok) {
      active_ = false;
      done_ = true;
      return;
    }
    const auto delay = next_retry_delay(host, retry_, attempts_, first_us_);
    if (!delay) {
      note(host, "backend", "sweeper gives up for now; a later pass starts again");
      active_ = false;
      return;
    }
    host.set_backend_timer(*delay, gen_);
  }
  bool idle() const override { return !active_; }
  void fingerprint(std::uint64_t& h) const override {
    fingerprint_mix(h, active_ ? 1 : 0);
    fingerprint_mix(h, done_ ? 1 : 0);
    fingerprint_mix(h, static_cast<std::uint64_t>(attempts_));
    fingerprint_mix(h, static_cast<std::uint64_t>(first_us_));
    fingerprint_mix(h, gen_);
    fingerprint_mix(h, reserved_ ? 1 : 0);
  }

 private:
  bool silent(const StrategyHost& host) const {
    return event_stream_ ? host.event_stream_silent(timeout_ms_) : host.heartbeats_silent(timeout_ms_);
  }
  void attempt(StrategyHost& host) {
    if (recheck_ && !silent(host)) {
      note(host, "backend", "sweeper: the agent is back (heartbeats again); no Offline sent");
      active_ = false;
      reserved_ = false;
      return;
    }
    if (!reserved_) {
      const std::int64_t at = host.reserve_paced_slot();
      if (at > host.now_us()) {
        reserved_ = true;  // wait for the paced slot; the attempt goes then
        host.set_backend_timer(at - host.now_us(), gen_);
        return;
      }
    }
    reserved_ = false;
    ++attempts_;
    host.put_user_status(model::Status::Offline, attempts_, retry_.per_attempt_timeout_ms,
                         CallRole::Sweeper);
  }

  bool event_stream_;
  double timeout_ms_;
  bool recheck_;
  RetryPolicy retry_;
  bool active_ = false;  // a sequence of Offline attempts is under way
  bool done_ = false;    // set this agent Offline for this silence
  int attempts_ = 0;
  std::int64_t first_us_ = -1;
  std::uint32_t gen_ = 0;
  bool reserved_ = false;  // the next attempt holds a paced slot
};

std::unique_ptr<Component> create(const ComponentConfig& c) { return std::make_unique<Sweeper>(c); }

ComponentTraits traits(const ComponentConfig& c) {
  ComponentTraits t;
  t.sweep_period_ms = c.number("sweep_period_ms");
  t.sweeper_rate_rps = c.number("rate_rps");
  t.sweeper_burst = c.number("burst");
  t.settle_window_ms = c.number("silence_timeout_ms") + 2 * c.number("sweep_period_ms");
  t.watches_event_stream = c.choice("signal") == kSignalEventStream;
  t.reads_heartbeats = !t.watches_event_stream;
  return t;
}

void claim(const ComponentConfig& c, Claim& claim) {
  const RetryPolicy r = c.retry();
  const int attempts = std::max(1, r.max_attempts);
  if (c.choice("signal") == kSignalHeartbeat) {
    // The heartbeat sweeper covers every close after which the agent is away — no page code
    // needed — for an idle agent, when its calls answer within 1 s with up to max_attempts - 1
    // failures. The ghost ends within a silence window, a pass, and the attempts with their
    // largest delays. Some contacts may ring on the ghost meanwhile, and an agent back from
    // sleep may find itself Offline (the sweeper cannot tell sleep from leaving).
    claim.close_kinds = {CloseKind::TabClose, CloseKind::BrowserQuit, CloseKind::LogoutButton,
                         CloseKind::Crash,    CloseKind::OsShutdown,  CloseKind::Sleep,
                         CloseKind::MobileKill};
    claim.pre_close = {PreClose::Idle};
    claim.max_failures = attempts - 1;
    claim.max_latency_us = 1'000'000;
    std::int64_t bound = ms_to_us(c.number("silence_timeout_ms") + c.number("sweep_period_ms")) +
                         attempts * claim.max_latency_us + 1'000'000;
    for (int a = 2; a <= attempts; ++a) bound += r.max_delay_us(a);
    claim.ghost_bound_us = bound;
    claim.max_api_calls += attempts;
    claim.api_bound_within_claim_only = true;
    claim.no_spurious_offline = false;
    claim.no_contact_offered_to_ghost = false;
    return;
  }
  // Records come at least every 120 s while the agent is logged in [D 10]: a longer timeout
  // never fires on a working agent (nor on a ghost); a shorter one sets idle agents Offline.
  if (c.number("silence_timeout_ms") <= 120000) claim.no_spurious_offline = false;
  claim.max_api_calls += attempts;
  claim.api_bound_within_claim_only = true;
}

void validate(const ComponentConfig& c, std::vector<std::string>& errors) {
  validate_retry(c, "", errors);
  const double rate = c.number("rate_rps");
  // A slower pacing than 0.001/s is refused, not just useless: the pacer's wait (reserved calls /
  // rate) must stay far inside the clock's microseconds (time.h).
  if (!(rate == 0 || rate >= 0.001)) {
    errors.emplace_back("rate_rps: must be 0 (no pacing) or between 0.001 and 1000000 requests/s");
  }
}

std::vector<ParamSpec> params() {
  std::vector<ParamSpec> p = {
      {"signal", "heartbeat|event_stream", 0, 0, 1,
       "What silence it watches: the page's heartbeats, or the Agent Event Stream.",
       ParamType::Choice},
      {"sweep_period_ms", "ms", 15000, 100, 3600000, "The sweeper looks for silent agents this often."},
      {"silence_timeout_ms", "ms", 90000, 100, 86400000,
       "Silence after which the sweeper sets an agent Offline."},
      {"recheck_before_send", "bool", 1, 0, 1,
       "Check the agent is still silent before every attempt (idempotence guard).",
       ParamType::Boolean},
      {"rate_rps", "requests/s", 2, 0, 1e6,
       "The sweeper paces its calls to this rate; 0 = no pacing, else at least 0.001."},
      {"burst", "requests", 5, 1, 1e6, "Burst of the sweeper's own pacing."},
  };
  for (ParamSpec& r : retry_params("", RetryPolicy{3, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0})) {
    p.push_back(r);
  }
  return p;
}

}  // namespace

extern const ComponentDescriptor kSweeperComponent;
const ComponentDescriptor kSweeperComponent{
    "sweeper",
    "backend",
    "Sets agents Offline (PutUserStatus) after a silence of their page heartbeats or of the Agent "
    "Event Stream, with its own pacing and retries.",
    params(),
    claim,
    traits,
    validate,
    create};
}  // namespace agentsim::sim
