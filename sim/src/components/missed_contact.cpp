// missed_contact: when the Agent Event Stream reports a missed contact, after reaction_delay_ms
// (the stream's and the Lambda's delay [A]) the backend calls PutUserStatus(Offline), or
// DismissUserContact then PutUserStatus(Offline) once the dismiss succeeded, or — the
// anti-pattern — PutUserStatus(Available), which routes the ghost again. Its own retry policy.
#include "agentsim/sim/claim.h"
#include "agentsim/sim/component.h"
#include "offline_sequence.h"

namespace agentsim::sim {
namespace {

constexpr int kDismissThenOffline = 1;
constexpr int kAutoAvailable = 2;

class MissedContact final : public Component {
 public:
  HeartbeatNotice heartbeat_notice() const override { return HeartbeatNotice::Ignored; }

  explicit MissedContact(const ComponentConfig& c)
      : reaction_(c.choice("reaction")), delay_ms_(c.number("reaction_delay_ms")), retry_(c.retry()) {}
  void reset(StrategyHost&) override {
    seq_.reset();
    gen_ = 0;
  }
  void on_missed_contact(StrategyHost& host) override {
    ++gen_;
    seq_.start(reaction_ == kDismissThenOffline);
    host.set_backend_timer(ms_to_us(delay_ms_), gen_);
  }
  void on_backend_timer(StrategyHost& host, std::uint32_t tag) override {
    if (tag == gen_ && seq_.active()) attempt(host);
  }
  void on_backend_response(StrategyHost& host, int, bool ok) override {
    if (!seq_.active()) return;
    switch (seq_.on_answer(host, ok, retry_)) {
      case blocks::OfflineSequence::Next::Done: return;
      case blocks::OfflineSequence::Next::SendNext: attempt(host); return;  // dismissed: the Offline
      case blocks::OfflineSequence::Next::RetryAfter: host.set_backend_timer(seq_.retry_delay_us(), gen_); return;
      case blocks::OfflineSequence::Next::GiveUp: note(host, "backend", "missed-contact reaction gives up"); return;
    }
  }
  bool idle() const override { return !seq_.active(); }
  void fingerprint(std::uint64_t& h) const override {
    seq_.fingerprint(h);
    fingerprint_mix(h, gen_);
  }

 private:
  void attempt(StrategyHost& host) {
    const int n = seq_.begin_attempt(host);
    if (seq_.dismissing()) {
      note(host, "backend", "missed contact: DismissUserContact");
      host.dismiss_user_contact(n, retry_.per_attempt_timeout_ms);
      return;
    }
    const model::Status target = reaction_ == kAutoAvailable ? model::Status::Available : model::Status::Offline;
    note(host, "backend", "missed contact: PutUserStatus({})", model::to_string(target));
    host.put_user_status(target, n, retry_.per_attempt_timeout_ms, CallRole::MissedReaction);
  }

  int reaction_;
  double delay_ms_;
  RetryPolicy retry_;
  blocks::OfflineSequence seq_;
  std::uint32_t gen_ = 0;
};

std::unique_ptr<Component> create(const ComponentConfig& c) { return std::make_unique<MissedContact>(c); }

void claim(const ComponentConfig& c, Claim& claim) {
  // One reaction per missed contact: no bound on calls per close is claimed, and a present
  // agent who misses a ring is set Offline (set_offline, dismiss_then_offline).
  claim.max_api_calls = 1'000'000;
  if (c.choice("reaction") != kAutoAvailable) claim.no_spurious_offline = false;
}

void validate(const ComponentConfig& c, std::vector<std::string>& errors) { validate_retry(c, "", errors); }

std::vector<ParamSpec> params() {
  std::vector<ParamSpec> p = {
      {"reaction", "set_offline|dismiss_then_offline|auto_available", 0, 0, 2,
       "What the backend does (auto_available is the anti-pattern).", ParamType::Choice},
      {"reaction_delay_ms", "ms", 2000, 0, 3600000, "From a missed contact until the backend reacts [A]."},
  };
  for (ParamSpec& r : retry_params("", RetryPolicy{3, Backoff::Exponential, 100, 20000, Jitter::Full, 0, 0})) {
    p.push_back(r);
  }
  return p;
}

}  // namespace

extern const ComponentDescriptor kMissedContactComponent;
const ComponentDescriptor kMissedContactComponent{
    "missed_contact",
    "backend",
    "On a missed contact reported by the event stream: PutUserStatus(Offline), DismissUserContact "
    "then Offline, or the auto-Available anti-pattern.",
    params(),
    claim,
    nullptr,
    validate,
    create};
}  // namespace agentsim::sim
