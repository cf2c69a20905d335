// The server side of a strategy, as the team's backend sees one agent:
//
//   heartbeat_sweeper     the page sends a heartbeat every heartbeat_interval_ms while its script
//                         runs and the network is up (a reload's gap, a crash, an OS shutdown,
//                         sleep, a backgrounded mobile tab all stop it; the other tab of
//                         one_of_two_tabs keeps it going); the sweeper passes every
//                         sweep_period_ms and sets an agent silent for silence_timeout_ms Offline.
//   event_stream_sweeper  the same sweeper over the Agent Event Stream: a record for every state
//                         change, and a HEART_BEAT after event_stream_heartbeat_ms without one —
//                         for as long as the platform thinks the agent is logged in, and up to
//                         up to event_stream_after_logout_max_ms after a logout or a session
//                         expiry [D 10] (how long is drawn per logout, uniform on [0, max] [A]).
//                         A closed CCP is not a logout, so it is never silent there (until the
//                         session expires).
//   missed_contact        when the stream reports a missed contact, after missed_reaction_delay_ms:
//                         PutUserStatus(Offline), DismissUserContact then PutUserStatus(Offline),
//                         or the anti-pattern PutUserStatus(Available).
//
// The sweeper's Offline is a sequence of attempts with its own retry policy; with
// recheck_before_send it checks, before every attempt, that the agent is still silent, so an
// agent who came back is not knocked off by a late retry. Its PutUserStatus calls take tokens
// from the account's bucket like every other call. Once it has set an agent Offline it leaves
// the agent alone until heartbeats (records) resume; a sequence that ran out of attempts is
// started again by a later pass.
#include <algorithm>

#include "center_run.h"
#include "session_run.h"

namespace agentsim::sim::detail {

namespace {
using model::Status;
}  // namespace

// ---- heartbeats -------------------------------------------------------------------------------

void SessionRun::start_server_side() {
  const StrategyConfig& c = config();
  if (c.server == ServerSide::None) return;
  sweep_pacer_ = TokenBucket(c.sweeper.rate_rps, c.sweeper.burst);
  // The page has been beating since long before the close: the last heartbeat reached the
  // backend somewhere within the last interval.
  if (c.heartbeats()) {
    const std::int64_t interval = ms_to_us(c.sweeper.heartbeat_interval_ms);
    const std::int64_t since = draws_.phase_us(Phase::Heartbeat, interval);
    last_heartbeat_us_ = -since;
    heartbeats_since_us_ = -since;
    // The close (t = 0) comes first; a page still beating sends its next one a period after the
    // last.
    heartbeats_on_ = true;
    ++heartbeat_epoch_;
    schedule(interval - since, {Ev::HeartbeatSend, heartbeat_epoch_}, false);
  }
  last_record_us_ = -draws_.phase_us(Phase::Heartbeat, ms_to_us(env_.event_stream_heartbeat_ms));
  ensure_sweep_ticking();
}

void SessionRun::start_heartbeats(std::int64_t first_in_us) {
  heartbeats_on_ = true;
  mobile_hidden_ = false;
  ++heartbeat_epoch_;
  heartbeats_since_us_ = now_us_;
  schedule(now_us_ + first_in_us, {Ev::HeartbeatSend, heartbeat_epoch_}, false);
  ensure_sweep_ticking();
}

void SessionRun::stop_heartbeats() {
  if (!heartbeats_on_) return;
  heartbeats_on_ = false;
  ++heartbeat_epoch_;
  note("page", "heartbeats stop");
}

void SessionRun::on_heartbeat_send(std::uint32_t epoch) {
  if (epoch != heartbeat_epoch_ || !heartbeats_on_) return;
  const std::int64_t interval = ms_to_us(config().sweeper.heartbeat_interval_ms);
  schedule(now_us_ + interval, {Ev::HeartbeatSend, heartbeat_epoch_}, false);
  ++out_.heartbeats_sent;
  if (dialog_open_) return;  // the dialog blocks the page's script: this beat is skipped
  if (draws_.chance(Chance::HeartbeatLost, 1.0)) return;
  schedule(now_us_ + draws_.duration_us(Duration::HeartbeatLatency), {Ev::HeartbeatArrive}, false);
}

void SessionRun::on_heartbeat_arrive() {
  last_heartbeat_us_ = now_us_;
  if (sweep_done_) {
    note("backend", "heartbeats again: the sweeper will watch this agent anew");
    sweep_done_ = false;
  }
}

// ---- the sweeper -------------------------------------------------------------------------------

std::int64_t SessionRun::event_stream_silence_us() const {
  // Records: one at every change (last_record_us_), then a HEART_BEAT every period while the
  // platform publishes them — as long as the agent is logged in, and for a while after logout.
  const std::int64_t period = ms_to_us(env_.event_stream_heartbeat_ms);
  const std::int64_t since = now_us_ - last_record_us_;
  if (logout_us_ < 0 || machine_.session() == model::Session::LoggedIn) return since % period;
  const std::int64_t publish_until = logout_us_ + after_logout_us_;
  if (now_us_ <= publish_until) return since % period;
  // The last HEART_BEAT published before the cutoff.
  const std::int64_t beats = (publish_until - last_record_us_) / period;
  return now_us_ - (last_record_us_ + beats * period);
}

bool SessionRun::agent_silent() const {
  const SweeperConfig& s = config().sweeper;
  const std::int64_t timeout = ms_to_us(s.silence_timeout_ms);
  if (config().server == ServerSide::HeartbeatSweeper) return now_us_ - last_heartbeat_us_ > timeout;
  return event_stream_silence_us() > timeout;
}

void SessionRun::ensure_sweep_ticking() {
  if (center_ != nullptr || sweep_ticking_ || config().server == ServerSide::None) return;
  sweep_ticking_ = true;
  const std::int64_t period = ms_to_us(config().sweeper.sweep_period_ms);
  schedule(now_us_ + draws_.phase_us(Phase::Sweep, period), {Ev::SweepTick}, false);
}

void SessionRun::on_sweep_tick() {
  sweep_ticking_ = false;
  sweep_check();
  // Keep passing while something can still happen to this agent: once the agent is away and
  // Offline with nothing under way — no return (sleep, crash reopen) or other work pending — no
  // pass can act any more. (Only page heartbeats restart the passes on a return; the event-stream
  // sweeper must still be passing when the agent comes back.)
  const bool nothing_left = agent_away_ && !sweep_active_ && pending_work_ == 0 &&
                            machine_.status() == Status::Offline;
  if (!nothing_left && !out_.budget_exceeded) {
    sweep_ticking_ = true;
    schedule(now_us_ + ms_to_us(config().sweeper.sweep_period_ms), {Ev::SweepTick}, false);
  }
}

void SessionRun::sweep_check() {
  if (sweep_done_ && !config().heartbeats() && machine_.status() != Status::Offline &&
      machine_.view().next == model::NextStatus::None) {
    // Event stream: the status changed again since the sweeper's Offline (a STATE_CHANGE record:
    // the agent came back and chose Available): the records resumed, watch this agent anew.
    sweep_done_ = false;
  }
  if (sweep_active_ || sweep_done_ || !agent_silent()) return;
  // The backend's presence table knows the agent's status from the event stream: an agent
  // already Offline needs no call.
  if (machine_.status() == Status::Offline && machine_.view().next == model::NextStatus::None) return;
  note("backend", "sweeper: the agent has been silent too long; setting Offline");
  ++out_.sweeper_detections;
  if (center_ != nullptr) center_->on_detection(index_, now_us_);
  sweep_active_ = true;
  sweep_attempts_ = 0;
  sweep_first_us_ = now_us_;
  ++sweep_gen_;
  sweep_attempt();
}

void SessionRun::sweep_attempt() {
  if (config().sweeper.recheck_before_send && !agent_silent()) {
    note("backend", "sweeper: the agent is back (heartbeats again); no Offline sent");
    sweep_active_ = false;
    sweep_reserved_ = false;
    return;
  }
  if (!sweep_reserved_) {
    const std::int64_t at = center_ != nullptr ? center_->reserve_sweeper_slot(now_us_)
                                               : sweep_pacer_.reserve(now_us_);
    if (at > now_us_) {
      sweep_reserved_ = true;  // wait for the paced slot; the attempt goes then
      schedule(at, {Ev::SweepRetry, sweep_gen_}, true);
      return;
    }
  }
  sweep_reserved_ = false;
  ++sweep_attempts_;
  backend_put_user_status(sweep_attempts_, Status::Offline, Origin::Sweeper);
}

void SessionRun::sweeper_on_response(int, bool ok) {
  if (!sweep_active_) return;
  if (ok) {
    sweep_active_ = false;
    sweep_done_ = true;
    return;
  }
  const RetryPolicy& p = config().sweeper.retry;
  const std::int64_t delay = draws_.retry_delay_us(p, sweep_attempts_ + 1);
  if (sweep_attempts_ >= p.max_attempts || !p.within_deadline(sweep_first_us_, now_us_ + delay)) {
    note("backend", "sweeper gives up for now; a later pass starts again");
    sweep_active_ = false;
    return;
  }
  schedule(now_us_ + delay, {Ev::SweepRetry, sweep_gen_}, true);
}

// ---- missed-contact reaction ---------------------------------------------------------------------

void SessionRun::on_missed_contact() {
  const MissedReaction r = config().missed_contact;
  if (r == MissedReaction::None) return;
  ++missed_gen_;
  missed_active_ = true;
  missed_attempts_ = 0;
  missed_step_ = r == MissedReaction::DismissThenOffline ? 1 : 2;
  missed_first_us_ = -1;
  schedule(now_us_ + ms_to_us(config().sweeper.missed_reaction_delay_ms),
           {Ev::MissedReact, missed_gen_}, true);
}

void SessionRun::missed_attempt() {
  ++missed_attempts_;
  if (missed_first_us_ < 0) missed_first_us_ = now_us_;
  const MissedReaction r = config().missed_contact;
  if (missed_step_ == 1) {
    note("backend", "missed contact: DismissUserContact");
    backend_dismiss_contact(missed_attempts_);
  } else {
    const Status target = r == MissedReaction::AutoAvailable ? Status::Available : Status::Offline;
    note("backend", "missed contact: PutUserStatus({})", model::to_string(target));
    backend_put_user_status(missed_attempts_, target, Origin::MissedReaction);
  }
}

void SessionRun::missed_on_response(int, bool ok) {
  if (!missed_active_) return;
  if (ok) {
    if (missed_step_ == 1) {  // dismissed: now the Offline
      missed_step_ = 2;
      missed_attempts_ = 0;
      missed_first_us_ = -1;
      missed_attempt();
      return;
    }
    missed_active_ = false;
    return;
  }
  const RetryPolicy& p = config().sweeper.retry;
  const std::int64_t delay = draws_.retry_delay_us(p, missed_attempts_ + 1);
  if (missed_attempts_ >= p.max_attempts || !p.within_deadline(missed_first_us_, now_us_ + delay)) {
    note("backend", "missed-contact reaction gives up");
    missed_active_ = false;
    return;
  }
  schedule(now_us_ + delay, {Ev::MissedRetry, missed_gen_}, true);
}

// ---- settling ---------------------------------------------------------------------------------------

bool SessionRun::server_side_idle() const {
  if (sweep_active_ || missed_active_) return false;
  const StrategyConfig& c = config();
  if (c.server == ServerSide::None) return true;
  // A sweeper could still act on a working agent: watch a full silence window after the agent's
  // heartbeats (or the event stream's records) last restarted before calling the session settled.
  const SweeperConfig& s = c.sweeper;
  const double period_ms =
      c.heartbeats() ? s.heartbeat_interval_ms : env_.event_stream_heartbeat_ms;
  const std::int64_t window =
      ms_to_us(s.silence_timeout_ms + period_ms + 2 * s.sweep_period_ms);
  const std::int64_t since = c.heartbeats() ? heartbeats_since_us_ : last_record_us_;
  return now_us_ - std::max<std::int64_t>(since, 0) >= window;
}

}  // namespace agentsim::sim::detail
