// The engine's part of a strategy's server side, for one agent: the page heartbeats (they follow
// the page's lifecycle: a reload's gap, a crash, an OS shutdown, sleep, a backgrounded mobile tab
// all stop them; the other tab of one_of_two_tabs keeps them going), the Agent Event Stream's
// records as a backend sees them (a record for every state change, and a HEART_BEAT after
// event_stream_heartbeat_ms without one — for as long as the platform thinks the agent is logged
// in, and up to event_stream_after_logout_max_ms after a logout or a session expiry [D 10]), the
// sweeper's passes and pacing, and missed contacts. What the backend does with them is its
// components' (components/sweeper.cpp, missed_contact.cpp, put_user_status_on_notify.cpp).
#include <algorithm>

#include "center_run.h"
#include "session_run.h"

namespace agentsim::sim::detail {

namespace {
using model::Status;
}  // namespace

// ---- heartbeats -------------------------------------------------------------------------------

void SessionRun::start_server_side() {
  const ComponentTraits& t = traits_;
  if (!has_sweeper() && t.heartbeat_interval_ms <= 0) return;
  if (has_sweeper()) sweep_pacer_ = TokenBucket(t.sweeper_rate_rps, t.sweeper_burst);
  if (t.poll_agents_per_call > 0) poll_pacer_ = TokenBucket(t.poll_rate_rps, t.poll_burst);
  // The page has been beating since long before the close: the last heartbeat reached the
  // backend somewhere within the last interval.
  if (t.heartbeat_interval_ms > 0) {
    const std::int64_t interval = ms_to_us(t.heartbeat_interval_ms);
    const std::int64_t since = draws_.phase_us(Phase::Heartbeat, interval);
    last_heartbeat_us_ = -since;
    heartbeats_since_us_ = -since;
    // The close (t = 0) comes first; a page still beating sends its next one a period after the
    // last.
    heartbeats_on_ = true;
    ++heartbeat_epoch_;
    schedule(interval - since, {Ev::HeartbeatSend, heartbeat_epoch_}, false);
  }
  if (!has_sweeper()) return;
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
  const std::int64_t interval = ms_to_us(traits_.heartbeat_interval_ms);
  schedule(now_us_ + interval, {Ev::HeartbeatSend, heartbeat_epoch_}, false);
  ++out_.heartbeats_sent;
  if (dialog_open_) return;  // the dialog blocks the page's script: this beat is skipped
  if (traits_.heartbeat_by_beacon) {
    // An ad blocker blocks every beacon of the session, or none (drawn at the first heartbeat).
    if (heartbeat_blocked_ < 0) heartbeat_blocked_ = draws_.chance(Chance::BeaconBlocked, 1.0) ? 1 : 0;
    if (heartbeat_blocked_ == 1) return;
  }
  if (draws_.chance(Chance::HeartbeatLost, 1.0)) return;
  schedule(now_us_ + draws_.duration_us(Duration::HeartbeatLatency), {Ev::HeartbeatArrive}, false);
}

void SessionRun::on_heartbeat_arrive() {
  last_heartbeat_us_ = now_us_;
  each_component([&](Component& c) { c.on_backend_notice(*this, Notice::Heartbeat); });
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

std::int64_t SessionRun::event_stream_silent_from_us(double timeout_ms) const {
  // While the platform publishes (logged in, or within the publishing after a logout) the
  // silence is `since % period`, below the period: a timeout of at least period - 1 is never
  // exceeded there (and a shorter one may be, at once: now). After the publishing the silence
  // grows from the last HEART_BEAT published.
  const std::int64_t period = ms_to_us(env_.event_stream_heartbeat_ms);
  const std::int64_t timeout = ms_to_us(timeout_ms);
  const bool publishing_for_ever = logout_us_ < 0 || machine_.session() == model::Session::LoggedIn;
  if (timeout < period - 1) return kSweepDueNow;
  if (publishing_for_ever) return kSweepDueNever;
  const std::int64_t publish_until = logout_us_ + after_logout_us_;
  if (now_us_ <= publish_until) return publish_until + 1;
  const std::int64_t beats = (publish_until - last_record_us_) / period;
  return last_record_us_ + beats * period + timeout + 1;
}

std::int64_t SessionRun::sweep_due_us() const {
  // Only a sweeper's pass acts (component.h); asking only them spares the other components'
  // objects a trip from memory at every event.
  std::int64_t due = kSweepDueNever;
  for (const std::uint8_t i : sweepers_) due = std::min(due, components_[i]->sweep_due_us(*this));
  return due;
}

void SessionRun::note_sweep_due() {
  if (center_ != nullptr && has_sweeper()) center_->on_sweep_due(index_, sweep_due_us());
}

AgentSnapshot SessionRun::presence() const {
  const model::AgentView& v = machine_.view();
  return {v.status, v.next != model::NextStatus::None, v.contact != model::Contact::None,
          v.contact == model::Contact::Missed};
}

void SessionRun::count_detection() {
  ++out_.sweeper_detections;
  if (center_ != nullptr) center_->on_detection(index_, now_us_);
}

std::int64_t SessionRun::reserve_poll_slot() {
  return center_ != nullptr ? center_->reserve_poll_slot(now_us_) : poll_pacer_.reserve(now_us_);
}

std::int64_t SessionRun::reserve_paced_slot() {
  return center_ != nullptr ? center_->reserve_sweeper_slot(now_us_) : sweep_pacer_.reserve(now_us_);
}

void SessionRun::ensure_sweep_ticking() {
  if (center_ != nullptr || sweep_ticking_ || !has_sweeper()) return;
  sweep_ticking_ = true;
  const std::int64_t period = ms_to_us(traits_.sweep_period_ms);
  schedule(now_us_ + draws_.phase_us(Phase::Sweep, period), {Ev::SweepTick}, false);
}

void SessionRun::on_sweep_tick() {
  sweep_ticking_ = false;
  sweep_check();
  // Keep passing while something can still happen to this agent: once the agent is away and
  // Offline with nothing under way — no return (sleep, crash reopen) or other work pending — no
  // pass can act any more. (Only page heartbeats restart the passes on a return; the event-stream
  // sweeper must still be passing when the agent comes back.)
  bool idle = true;
  for (const std::unique_ptr<Component>& c : components_) idle = idle && c->idle();
  const bool nothing_left = agent_away_ && idle && pending_work_ == 0 &&
                            machine_.status() == Status::Offline;
  if (!nothing_left && !out_.budget_exceeded) {
    sweep_ticking_ = true;
    schedule(now_us_ + ms_to_us(traits_.sweep_period_ms), {Ev::SweepTick}, false);
  }
}

void SessionRun::sweep_check() {
  each_component([&](Component& c) { c.on_sweep_pass(*this); });
}

void SessionRun::on_missed_contact() {
  each_component([&](Component& c) { c.on_missed_contact(*this); });
}

// ---- settling ---------------------------------------------------------------------------------------

bool SessionRun::server_side_idle() const {
  for (const std::unique_ptr<Component>& c : components_) {
    if (!c->idle()) return false;
  }
  if (!has_sweeper()) return true;
  // A sweeper could still act on a working agent: watch a full silence window after the agent's
  // heartbeats (or the event stream's records) last restarted before calling the session settled.
  // A poller that reads no silence (status_poller detect missed_contact) acts on what its polls
  // show, whenever: its settle window runs from the start.
  if (!traits_.reads_heartbeats && !traits_.watches_event_stream) {
    return now_us_ >= ms_to_us(traits_.settle_window_ms);
  }
  const bool heartbeat_signal = !traits_.watches_event_stream;
  const double period_ms =
      heartbeat_signal ? traits_.heartbeat_interval_ms : env_.event_stream_heartbeat_ms;
  const std::int64_t window = ms_to_us(traits_.settle_window_ms + period_ms);
  const std::int64_t since = heartbeat_signal ? heartbeats_since_us_ : last_record_us_;
  return now_us_ - std::max<std::int64_t>(since, 0) >= window;
}

}  // namespace agentsim::sim::detail
