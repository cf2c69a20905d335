// status_poller: the team's backend polls GetCurrentUserData [D 26] — each agent's status, next
// status and contacts, not its login state — and sets Offline the agents its polls show away:
//   detect missed_contact          a missed contact (the agent did not answer a ring: the CCP is
//                                  gone, or the agent is away from it);
//   detect available_while_silent  Available with no contact while the page's heartbeats have been
//                                  silent longer than silence_timeout_ms (needs the heartbeat
//                                  component);
//   detect either                  both.
// The polls are a sweeper's passes (poll_period_ms) and are paced under the API's own account-wide
// limit (GetCurrentUserData has its own bucket, "all other operations": 2 requests/s, burst 5
// [D 21,22]): one call covers up to agents_per_call agents (the API's agent filter takes at most
// 100 [D 26]), so a center of N agents needs ceil(N / agents_per_call) calls a pass, and the
// poller spreads them at poll_rate_rps with poll_burst. A poll that is throttled, fails or times
// out is not retried: the next pass polls again. The Offline (or DismissUserContact, then the
// Offline) is a sequence of attempts with its own retry policy and its own pacing (rate_rps,
// burst), from the PutUserStatus bucket like every other call.
#include <algorithm>

#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"
#include "offline_sequence.h"

namespace agentsim::sim {
namespace {

constexpr int kDetectMissed = 0;
constexpr int kDetectSilent = 1;
constexpr int kReactDismissThenOffline = 1;

// Backend timer tags: the poll's paced slot, or the Offline sequence's (generation, odd).
constexpr std::uint32_t kPollTag = 0;

class StatusPoller final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }

  explicit StatusPoller(const ComponentConfig& c)
      : detect_(c.choice("detect")),
        dismiss_first_(c.choice("reaction") == kReactDismissThenOffline),
        silence_ms_(c.number("silence_timeout_ms")),
        poll_timeout_ms_(c.number("poll_timeout_ms")),
        retry_(c.retry()) {}

  void reset(StrategyHost&) override {
    polling_ = false;
    poll_call_ = -1;
    seq_.reset();
    done_ = false;
    gen_ = 0;
    reserved_ = false;
  }

  void on_sweep_pass(StrategyHost& host) override {
    if (polling_) return;  // the last poll is still out (or waits for its slot)
    polling_ = true;
    const std::int64_t at = host.reserve_poll_slot();
    if (at > host.now_us()) {
      host.set_backend_timer(at - host.now_us(), kPollTag);
      return;
    }
    poll(host);
  }

  // A poll still out: passes do nothing; otherwise every pass polls.
  std::int64_t sweep_due_us(const StrategyHost&) const override {
    return polling_ ? kSweepDueNever : kSweepDueNow;
  }
  void on_backend_timer(StrategyHost& host, std::uint32_t tag) override {
    if (tag == kPollTag) {
      if (polling_ && poll_call_ < 0) poll(host);
      return;
    }
    if (tag == offline_tag() && seq_.active()) attempt(host);
  }

  void on_backend_response(StrategyHost& host, int call, bool ok) override {
    if (call == poll_call_) {
      polling_ = false;
      poll_call_ = -1;
      if (ok) on_user_data(host, host.user_data(call));
      return;
    }
    if (!seq_.active()) return;
    switch (seq_.on_answer(host, ok, retry_)) {
      case blocks::OfflineSequence::Next::Done: done_ = true; return;
      case blocks::OfflineSequence::Next::SendNext: attempt(host); return;  // dismissed: the Offline
      case blocks::OfflineSequence::Next::RetryAfter:
        host.set_backend_timer(seq_.retry_delay_us(), offline_tag());
        return;
      case blocks::OfflineSequence::Next::GiveUp:
        note(host, "backend", "status poller gives up for now; a later poll starts again");
        return;
    }
  }

  bool idle() const override { return !seq_.active() && !polling_; }

  void fingerprint(std::uint64_t& h) const override {
    fingerprint_mix(h, polling_ ? 1 : 0);
    fingerprint_mix(h, static_cast<std::uint64_t>(static_cast<std::int64_t>(poll_call_)));
    seq_.fingerprint(h);
    fingerprint_mix(h, done_ ? 1 : 0);
    fingerprint_mix(h, gen_);
    fingerprint_mix(h, reserved_ ? 1 : 0);
  }

 private:
  std::uint32_t offline_tag() const { return 2 * gen_ + 1; }

  void poll(StrategyHost& host) {
    poll_call_ = host.get_current_user_data(poll_timeout_ms_);
    if (poll_call_ < 0) polling_ = false;  // the call budget: nothing left
  }

  void on_user_data(StrategyHost& host, const AgentSnapshot& s) {
    if (done_) {
      // The status changed since the poller's Offline (the agent came back and chose a status):
      // watch this agent anew.
      if (s.status != model::Status::Offline && !s.next_status_pending) done_ = false;
      if (done_) return;
    }
    if (seq_.active()) return;
    if (s.status == model::Status::Offline && !s.next_status_pending) return;
    const bool missed = s.missed_contact;
    const bool silent = s.status == model::Status::Available && !s.has_contact &&
                        host.heartbeats_silent(silence_ms_);
    // detect: missed_contact, available_while_silent, or either (the third choice).
    const bool away = detect_ == kDetectMissed   ? missed
                      : detect_ == kDetectSilent ? silent
                                                 : missed || silent;
    if (!away) return;
    note(host, "backend", missed ? "status poller: a missed contact; setting the agent Offline"
                                 : "status poller: Available and silent; setting the agent Offline");
    host.count_detection();
    ++gen_;
    seq_.start(dismiss_first_ && missed);
    attempt(host);
  }

  void attempt(StrategyHost& host) {
    if (!reserved_) {
      const std::int64_t at = host.reserve_paced_slot();
      if (at > host.now_us()) {
        reserved_ = true;  // wait for the paced slot; the attempt goes then
        host.set_backend_timer(at - host.now_us(), offline_tag());
        return;
      }
    }
    reserved_ = false;
    const int n = seq_.begin_attempt(host);
    if (seq_.dismissing()) {
      host.dismiss_user_contact(n, retry_.per_attempt_timeout_ms);
      return;
    }
    host.put_user_status(model::Status::Offline, n, retry_.per_attempt_timeout_ms, CallRole::Sweeper);
  }

  int detect_;
  bool dismiss_first_;
  double silence_ms_;
  double poll_timeout_ms_;
  RetryPolicy retry_;
  bool polling_ = false;   // a poll waits for its slot or its answer
  int poll_call_ = -1;     // the poll's call index (-1: not sent yet)
  blocks::OfflineSequence seq_;  // the Offline (after a DismissUserContact) under way
  bool done_ = false;      // set this agent Offline; until its status changes again
  std::uint32_t gen_ = 0;
  bool reserved_ = false;  // the next attempt holds a paced slot
};

std::unique_ptr<Component> create(const ComponentConfig& c) { return std::make_unique<StatusPoller>(c); }

ComponentTraits traits(const ComponentConfig& c) {
  ComponentTraits t;
  t.sweep_period_ms = c.number("poll_period_ms");
  t.sweeper_rate_rps = c.number("rate_rps");
  t.sweeper_burst = c.number("burst");
  t.poll_rate_rps = c.number("poll_rate_rps");
  t.poll_burst = c.number("poll_burst");
  t.poll_agents_per_call = static_cast<int>(c.number("agents_per_call"));
  t.reads_heartbeats = c.choice("detect") != kDetectMissed;
  // After a return, a poll could still find the agent silent for a silence window and a pass.
  t.settle_window_ms = (t.reads_heartbeats ? c.number("silence_timeout_ms") : 0) +
                       2 * c.number("poll_period_ms");
  return t;
}

void claim(const ComponentConfig& c, Claim& claim) {
  // A poll every period for as long as the session lasts: no bound on calls per close is
  // claimed. A present agent who misses a ring is set Offline (missed_contact), and so is one
  // whose heartbeats are lost (available_while_silent).
  claim.max_api_calls = 1'000'000;
  claim.api_bound_within_claim_only = true;
  claim.no_spurious_offline = false;
  claim.no_contact_offered_to_ghost = false;
  (void)c;
}

void validate(const ComponentConfig& c, std::vector<std::string>& errors) {
  validate_retry(c, "", errors);
  for (const char* name : {"rate_rps", "poll_rate_rps"}) {
    const double rate = c.number(name);
    // As the sweeper's: the pacer's wait must stay far inside the clock's microseconds.
    if (!(rate == 0 || rate >= 0.001)) {
      errors.push_back(std::string(name) +
                       ": must be 0 (no pacing) or between 0.001 and 1000000 requests/s");
    }
  }
  if (c.number("agents_per_call") != static_cast<int>(c.number("agents_per_call"))) {
    errors.emplace_back("agents_per_call: must be a whole number of agents (1 to 100)");
  }
}

std::vector<ParamSpec> params() {
  std::vector<ParamSpec> p = {
      {"detect", "missed_contact|available_while_silent|either", 0, 0, 2,
       "What a poll takes for an absent agent: a missed contact, Available with silent page "
       "heartbeats (needs heartbeat), or either.",
       ParamType::Choice},
      {"reaction", "set_offline|dismiss_then_offline", 0, 0, 1,
       "PutUserStatus(Offline), or on a missed contact DismissUserContact first.",
       ParamType::Choice},
      {"poll_period_ms", "ms", 30000, 1000, 3600000, "The backend polls every agent this often."},
      {"silence_timeout_ms", "ms", 90000, 100, 86400000,
       "available_while_silent: heartbeat silence after which an Available agent counts as away."},
      {"agents_per_call", "agents", 100, 1, 100,
       "Agents one GetCurrentUserData call covers (its agent filter takes at most 100 [D 26])."},
      {"poll_rate_rps", "requests/s", 2, 0, 1e6,
       "The poller paces its GetCurrentUserData calls to this rate (the API's own limit, 2/s "
       "[D 21,22]); 0 = no pacing."},
      {"poll_burst", "requests", 5, 1, 1e6, "Burst of the poller's pacing (the API's burst, 5)."},
      {"poll_timeout_ms", "ms", 0, 0, 600000,
       "The poller gives up on one poll after this (0: the environment's api_timeout_ms)."},
      {"rate_rps", "requests/s", 2, 0, 1e6,
       "Pacing of its Offline calls (PutUserStatus' limit, 2/s); 0 = no pacing."},
      {"burst", "requests", 5, 1, 1e6, "Burst of the Offline calls' pacing."},
  };
  for (ParamSpec& r : retry_params("", RetryPolicy{3, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0})) {
    p.push_back(r);
  }
  return p;
}

}  // namespace

extern const ComponentDescriptor kStatusPollerComponent;
const ComponentDescriptor kStatusPollerComponent{
    "status_poller",
    "backend",
    "Polls GetCurrentUserData (status and contacts, paced under its own API limit, up to 100 "
    "agents a call) and sets Offline the agents a poll shows away: a missed contact, or Available "
    "while the page's heartbeats are silent.",
    params(),
    claim,
    traits,
    validate,
    create};
}  // namespace agentsim::sim
