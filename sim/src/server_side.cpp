// The engine's part of a strategy's server side, for one agent: the page heartbeats (they follow
// the page's lifecycle: a reload's gap, a crash, an OS shutdown, sleep, a backgrounded mobile tab
// all stop them; the other tab of one_of_two_tabs keeps them going), the Agent Event Stream's
// records as a backend sees them (a record for every state change, and a HEART_BEAT after
// event_stream_heartbeat_ms without one — for as long as the platform thinks the agent is logged
// in, and up to event_stream_after_logout_max_ms after a logout or a session expiry [D 10]), the
// sweeper's passes and pacing, and missed contacts. What the backend does with them is its
// components' (components/sweeper.cpp, missed_contact.cpp, put_user_status_on_notify.cpp).
#include <algorithm>
#include <stdexcept>

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
    schedule_heartbeat_send(interval - since);
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
  schedule_heartbeat_send(now_us_ + first_in_us);
  ensure_sweep_ticking();
}

void SessionRun::stop_heartbeats() {
  if (!heartbeats_on_) return;
  heartbeats_on_ = false;
  ++heartbeat_epoch_;     // voids the send in the queue
  next_send_us_ = kNoHeartbeat;  // ...or the one off it (the heartbeats under way still arrive)
  note("page", "heartbeats stop");
}

void SessionRun::schedule_heartbeat_send(std::int64_t at_us) {
  if (heartbeats_off_queue_) {
    next_send_us_ = at_us;
    return;
  }
  schedule(at_us, {Ev::HeartbeatSend, heartbeat_epoch_}, false);
}

void SessionRun::on_heartbeat_send(std::uint32_t epoch) {
  if (epoch != heartbeat_epoch_ || !heartbeats_on_) return;
  send_heartbeat();
}

void SessionRun::send_heartbeat() {
  const std::int64_t interval = ms_to_us(traits_.heartbeat_interval_ms);
  schedule_heartbeat_send(now_us_ + interval);
  ++out_.heartbeats_sent;
  // With its own stream (a center), the beat's draw is taken whatever becomes of the beat, so the
  // stream stays aligned with the timer's beats.
  const std::int64_t latency = heartbeat_stream_ ? take_beat_draw() : kBeatLost;
  if (dialog_open_) return;  // the dialog blocks the page's script: this beat is skipped
  if (traits_.heartbeat_by_beacon) {
    // An ad blocker blocks every beacon of the session, or none (drawn at the first heartbeat).
    if (heartbeat_blocked_ < 0) heartbeat_blocked_ = draws_.chance(Chance::BeaconBlocked, 1.0) ? 1 : 0;
    if (heartbeat_blocked_ == 1) return;
  }
  if (heartbeat_stream_) {
    if (latency != kBeatLost) arrive_at(now_us_ + latency);
    return;
  }
  if (draws_.chance(Chance::HeartbeatLost, 1.0)) return;
  arrive_at(now_us_ + draws_.duration_us(Duration::HeartbeatLatency));
}

std::int64_t SessionRun::beat_draw_ahead(std::size_t k) const {
  while (beat_draws_count_ <= k) {
    // Chance::HeartbeatLost, then Duration::HeartbeatLatency, as RandomDraws draws them.
    const bool lost = heartbeat_rng_.uniform01() < env_.heartbeat_loss_prob;
    const std::int64_t d = lost ? kBeatLost : RandomDraws::heartbeat_latency_us(env_, heartbeat_rng_);
    beat_draws_[(beat_draws_head_ + beat_draws_count_) % kBeatDrawsAhead] = d;
    ++beat_draws_count_;
  }
  return beat_draws_[(beat_draws_head_ + k) % kBeatDrawsAhead];
}

std::int64_t SessionRun::take_beat_draw() {
  const std::int64_t d = beat_draw_ahead(0);
  beat_draws_head_ = (beat_draws_head_ + 1) % kBeatDrawsAhead;
  --beat_draws_count_;
  return d;
}

// The first moment the heartbeats are silent longer than `timeout_us` if nothing happens to the
// agent (its heartbeats run on as they are: sending, or stopped, or blocked by a dialog), from
// the arrivals under way and those of the next kBeatDrawsAhead beats; when none of those leaves
// such a gap, the moment after the last of them, which is earlier than the true one (a later
// heartbeat only postpones it): a due on the early side, as sweep_due_us must be. Kept while the
// train is the same and the moment is ahead (running its beats changes nothing: they are the
// ones foreseen).
std::int64_t SessionRun::silent_from_ahead_us(std::int64_t timeout_us) const {
  SilentFrom& c = silent_from_;
  if (c.timeout_us == timeout_us && c.epoch == heartbeat_epoch_ && c.dialog_open == dialog_open_ &&
      c.at_us > now_us_) {
    return c.at_us;
  }
  std::array<std::int64_t, kBeatDrawsAhead> ahead{};
  std::size_t n = 0;
  if (heartbeats_on_ && next_send_us_ != kNoHeartbeat && !dialog_open_) {
    const std::int64_t interval = ms_to_us(traits_.heartbeat_interval_ms);
    for (std::size_t k = 0; k < kBeatDrawsAhead; ++k) {
      const std::int64_t d = beat_draw_ahead(k);
      if (d != kBeatLost) ahead[n++] = next_send_us_ + static_cast<std::int64_t>(k) * interval + d;
    }
    std::sort(ahead.begin(), ahead.begin() + static_cast<std::ptrdiff_t>(n));
  }
  // Merge with the arrivals under way (latest first) in time order.
  std::int64_t last = last_heartbeat_us_;
  std::size_t i = 0;
  auto flight = arrivals_us_.rbegin();
  std::int64_t at = 0;
  for (;;) {
    const bool more_ahead = i < n;
    const bool more_flight = flight != arrivals_us_.rend();
    if (!more_ahead && !more_flight) {
      at = last + timeout_us + 1;
      break;
    }
    const std::int64_t next = !more_flight || (more_ahead && ahead[i] < *flight) ? ahead[i++] : *flight++;
    if (next > last + timeout_us) {
      at = last + timeout_us + 1;
      break;
    }
    last = std::max(last, next);
  }
  c = {timeout_us, heartbeat_epoch_, dialog_open_, at};
  return at;
}

void SessionRun::arrive_at(std::int64_t arrives_us) {
  if (!heartbeats_off_queue_) {
    schedule(arrives_us, {Ev::HeartbeatArrive}, false);
    return;
  }
  // Latest first: the next to arrive is at the back (an earlier send's may arrive after a later
  // one's: the latencies are drawn).
  const auto at = std::upper_bound(arrivals_us_.begin(), arrivals_us_.end(), arrives_us,
                                   [](std::int64_t a, std::int64_t b) { return a > b; });
  arrivals_us_.insert(at, arrives_us);
}

// The heartbeats off the queue due before `now_us` (at `now_us` too if `inclusive`), in time
// order; at the same microsecond an arrival runs before a send. Each counts as an event of the
// shift (its budget of events stops them as it stops the queue). Leaves now_us_ at the last one's
// time; the callers set it.
void SessionRun::run_heartbeats_to(std::int64_t until_us, bool inclusive) {
  if (!heartbeats_off_queue_) return;
  for (;;) {
    const std::int64_t t = next_heartbeat_us();
    if (t == kNoHeartbeat || t > until_us || (t == until_us && !inclusive)) return;
    if (!center_->count_heartbeat_event()) return;
    now_us_ = t;
    if (!arrivals_us_.empty() && arrivals_us_.back() == t) {
      arrivals_us_.pop_back();
      in_heartbeat_notice_ = true;
      on_heartbeat_arrive();
      in_heartbeat_notice_ = false;
    } else {
      next_send_us_ = kNoHeartbeat;
      send_heartbeat();
    }
  }
}

void SessionRun::run_heartbeats_before(std::int64_t now_us) {
  run_heartbeats_to(now_us, false);
  now_us_ = now_us;
}

void SessionRun::forbid_in_heartbeat_notice(const char* what) const {
  if (!in_heartbeat_notice_) return;
  // The component whose notice runs (on_heartbeat_arrive tells the listeners as their owner).
  const std::vector<ComponentConfig> configs = spec_.strategy.components();
  const std::string_view name = active_ < configs.size() ? configs[active_].descriptor->name : "?";
  throw std::logic_error(fmt::format(
      "component '{}' of strategy '{}' {} from on_backend_notice(Heartbeat), though its "
      "heartbeat_notice() says Local: a component that acts on a heartbeat must say "
      "HeartbeatNotice::Acts (component.h)",
      name, spec_.strategy.label(), what));
}

void SessionRun::on_heartbeat_arrive() {
  last_heartbeat_us_ = now_us_;
  if (heartbeats_off_queue_) {
    // Only the components that listen (the others ignore heartbeats: Component::heartbeat_notice).
    for (const std::uint8_t i : heartbeat_listeners_) {
      owner_component(i, [&](Component& c) { c.on_backend_notice(*this, Notice::Heartbeat); });
    }
    return;
  }
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
  // Heartbeats off the queue: a due reads the heartbeats run so far. One that runs later makes a
  // due later (Component::heartbeat_notice), except that it may make a sweeper that waits for
  // nothing (kSweepDueNever) watch again: such an agent is visited when its next heartbeat is
  // due, which runs it.
  if (heartbeats_off_queue_ && due == kSweepDueNever) due = next_heartbeat_us();
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
  forbid_in_heartbeat_notice("counted a detection");
  ++out_.sweeper_detections;
  if (center_ != nullptr) center_->on_detection(index_, now_us_);
}

std::int64_t SessionRun::reserve_poll_slot() {
  forbid_in_heartbeat_notice("reserved a poll slot");
  return center_ != nullptr ? center_->reserve_poll_slot(now_us_) : poll_pacer_.reserve(now_us_);
}

std::int64_t SessionRun::reserve_paced_slot() {
  forbid_in_heartbeat_notice("reserved a paced slot");
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
  for (const Component* c : components_) idle = idle && c->idle();
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
  for (const Component* c : components_) {
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
