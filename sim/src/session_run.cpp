#include "session_run.h"

#include <fmt/format.h>

#include "center_run.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace agentsim::sim::detail {

namespace {

using model::Contact;
using model::Event;
using model::EventKind;
using model::Status;

}  // namespace

SessionRun::SessionRun(const SessionSpec& spec, DrawSource& draws, Trace* trace,
                       SessionScratch& scratch, EventQueue<SimEvent>& queue, CenterRun* center,
                       std::uint16_t index)
    : spec_(spec),
      env_(spec.env),
      draws_(draws),
      trace_(trace),
      machine_(scratch.machine),
      queue_(queue),
      calls_(scratch.calls),
      components_(scratch.components),
      traits_(scratch.traits),
      sweepers_(scratch.sweepers),
      heartbeat_listeners_(scratch.heartbeat_listeners),
      center_(center),
      index_(index) {
  machine_.reset();
  if (center_ == nullptr) queue_.clear();
  calls_.clear();
  horizon_us_ = ms_to_us(env_.horizon_after_close_ms);
  ring_timeout_us_ = ms_to_us(env_.ring_timeout_ms);
  chat_ring_timeout_us_ = ms_to_us(env_.chat_ring_timeout_ms);
  acw_us_ = ms_to_us(env_.acw_duration_ms);
  buckets_ = ApiBuckets(env_);
  each_component([&](Component& c) { c.reset(*this); });
  // Beacon heartbeats draw whether a blocker blocks them at the first one, from the API stream
  // the agent's calls draw from too: that draw must come in the order of the queue.
  heartbeats_off_queue_ = center_ != nullptr && !scratch.heartbeats_in_queue &&
                          traits_.heartbeat_interval_ms > 0 && !traits_.heartbeat_by_beacon;
  next_send_us_ = kNoHeartbeat;
  arrivals_us_.clear();
}


void SessionRun::schedule(std::int64_t at_us, SimEvent e, bool work) {
  forbid_in_heartbeat_notice("scheduled an event (a call, a timer)");
  e.agent = index_;
  stamp_close_epoch(e);
  if (center_ != nullptr && at_us > center_->queue_end_us()) {
    // It would never run (CenterRun::queue_end_us): as if queued and left there at the end.
    if (work) ++pending_work_;
    return;
  }
  if (!queue_.push(at_us, e)) {
    out_.budget_exceeded = true;  // the bounded queue is full: stop rather than lose events
    return;
  }
  if (work) ++pending_work_;
}

// ---- the model --------------------------------------------------------------------------------

model::DispatchResult SessionRun::dispatch(const Event& e, const char* who) {
  const model::AgentView pre = machine_.view();
  const model::DispatchResult r = machine_.dispatch(e);
  {
    const model::AgentView& v = machine_.view();
    // The Agent Event Stream publishes a record for every change of the agent's state.
    if (v.status != pre.status || v.contact != pre.contact || v.next != pre.next ||
        v.session != pre.session) {
      last_record_us_ = now_us_;
      if (v.session == model::Session::LoggedOut && pre.session != model::Session::LoggedOut) {
        logout_us_ = now_us_;
        // [D 10] HEART_BEATs go on *up to* an hour: how long, drawn once per logout (only when
        // the event-stream sweeper reads them, so other strategies draw exactly as before).
        if (traits_.watches_event_stream) {
          after_logout_us_ = std::min(draws_.duration_us(Duration::EventStreamAfterLogout),
                                      ms_to_us(env_.event_stream_after_logout_max_ms));
        }
      }
      if (stream_ != nullptr) stream_->on_change(stream_agent_, now_us_, pre, v, contact_id_, "VOICE");
    }
    const std::uint32_t reached = states_reached_ | (1u << static_cast<unsigned>(v.page)) |
                                  (1u << (5 + static_cast<unsigned>(v.status))) |
                                  (1u << (8 + static_cast<unsigned>(v.contact)));
    if (reached != states_reached_) out_.states_reached = states_reached_ = reached;
  }
  if (trace_ != nullptr) {
    const model::AgentView& post = machine_.view();
    note("model", "{} by {}: {}{}", model::to_string(e), who,
                              r == model::DispatchResult::Applied
                                  ? (pre == post ? std::string("no change")
                                                 : model::to_string(pre) + " -> " +
                                                       model::to_string(post))
                                  : std::string(model::to_string(r)),
                              machine_.routable() ? "  [routable]" : "");
  }
  if (r != model::DispatchResult::Unaccepted) after_change(pre, who);
  return r;
}

void SessionRun::after_change(const model::AgentView& pre, const char*) {
  const model::AgentView& v = machine_.view();
  if (center_ != nullptr && (v.contact == Contact::Ringing) != (pre.contact == Contact::Ringing)) {
    center_->on_ringing(index_, v.contact == Contact::Ringing ? contact_id_ : CenterRun::kNotRinging);
  }
  if (v.contact == Contact::AfterContactWork && pre.contact != Contact::AfterContactWork &&
      acw_us_ > 0) {
    schedule(now_us_ + acw_us_, {Ev::AcwEnds, contact_id_}, false);
  }
  if (v.contact == Contact::Missed && pre.contact != Contact::Missed) {
    if (!agent_away_) {
      schedule(now_us_ + draws_.duration_us(Duration::ClearMissed),
               {Ev::AgentClearsMissed, contact_id_}, false);
    }
    on_missed_contact();
  }
  // [C 52] The last CCP page went during a voice call (and the profile keeps the contact, the
  // default): the contact stays connected without audio; the customer hears nothing and hangs
  // up — or the call ends at its remaining talk time, if that comes first (its TalkEnds is
  // still scheduled; whichever comes first ends the contact, the other finds it ended). ACW
  // follows as for any ended call.
  const bool on_call = v.contact == Contact::Connected || v.contact == Contact::OnHold;
  if (on_call && model::page_present(pre) && !model::page_present(v)) {
    note("env", "the last CCP page is gone during the call: the contact stays connected, without "
                "audio, until the customer hangs up");
    const std::int64_t hangup_us = now_us_ + draws_.duration_us(Duration::SilentHangup);
    schedule(hangup_us, {Ev::TalkEnds, contact_id_}, false);
    // What it costs: the customer's time connected to a silent agent, counted here at once (the
    // session may settle before the call ends), up to the horizon.
    const std::int64_t ends_us = talk_ends_us_ >= now_us_ ? std::min(hangup_us, talk_ends_us_) : hangup_us;
    out_.silent_call_us += std::max<std::int64_t>(0, std::min(ends_us, horizon_us_) - now_us_);
  }
  if (v.status == Status::Offline && out_.time_to_offline_us < 0) {
    out_.time_to_offline_us = now_us_;
  }
  update_routing();
  update_accounting();
}

bool SessionRun::agent_can_act() const {
  const model::AgentView& v = machine_.view();
  return !agent_away_ && v.session == model::Session::LoggedIn && model::page_interactive(v);
}

void SessionRun::update_routing() {
  const bool routable = machine_.routable_for(model::Channel::Voice);
  const bool chat_routable = machine_.routable_for(model::Channel::Chat);
  if (center_ != nullptr) {
    center_->on_routable(index_, routable, now_us_);
    if (env_.chat_arrival_rate_per_min > 0) center_->on_chat_routable(index_, chat_routable, now_us_);
    return;
  }
  // Chat: its own arrivals while the agent is routable for chat [D 13] (single-agent runs).
  if (chat_routable && !chat_arrival_pending_ && env_.chat_arrival_rate_per_min > 0) {
    chat_arrival_pending_ = true;
    schedule(now_us_ + draws_.duration_us(Duration::ChatInterarrival),
             {Ev::ChatArrival, chat_arrival_gen_}, false);
  } else if (!chat_routable && chat_arrival_pending_) {
    chat_arrival_pending_ = false;
    ++chat_arrival_gen_;  // void: chat routing stopped (Poisson: memoryless)
  }
  if (routable && !arrival_pending_ && env_.contact_arrival_rate_per_min > 0) {
    arrival_pending_ = true;
    schedule(now_us_ + draws_.duration_us(Duration::ContactInterarrival),
             {Ev::ContactArrival, arrival_gen_}, false);
  } else if (!routable && arrival_pending_) {
    arrival_pending_ = false;
    ++arrival_gen_;  // the scheduled arrival is void: routing stopped (Poisson: memoryless)
  }
}

// [D 49] Inactivity: a CCP page that runs keeps the session alive (and an agent working at it is
// active); with no running CCP page — closed, crashed, asleep, a frozen mobile tab — nothing
// does, and after session_inactivity_logout_ms the session expires (a closed page cannot log
// itself out: it is the platform's session that lapses) [A]. A page running again voids it.
void SessionRun::update_inactivity() {
  const model::AgentView& v = machine_.view();
  const bool running = model::page_present(v) && !mobile_hidden_ && !page_frozen_;
  if (running == ccp_running_) return;
  ccp_running_ = running;
  ++inactivity_gen_;
  if (!running && env_.session_inactivity_logout_ms > 0 &&
      v.session == model::Session::LoggedIn) {
    schedule(now_us_ + ms_to_us(env_.session_inactivity_logout_ms),
             {Ev::InactivityExpiry, inactivity_gen_}, false);
  }
}

// [D 36] The session expires session_duration_ms after the login; `age_at_now_us` is how long
// the agent has been logged in now.
void SessionRun::schedule_session_expiry(std::int64_t age_at_now_us) {
  const std::int64_t left = ms_to_us(env_.session_duration_ms) - age_at_now_us;
  schedule(now_us_ + std::max<std::int64_t>(left, 0), {Ev::SessionExpiry}, false);
}

void SessionRun::on_session_expired(const char* why) {
  if (machine_.session() != model::Session::LoggedIn) return;
  note("env", "the CCP session expires ({}): logged out, status untouched", why);
  dispatch(Event::of(EventKind::SessionExpired), "platform");
  // An agent at work in an open CCP sees the login page and logs in again.
  if (!agent_away_ && model::page_interactive(machine_.view())) {
    note("agent", "logs in again");
    dispatch(Event::of(EventKind::Login), "agent");
  }
}

void SessionRun::update_accounting() {
  update_inactivity();
  const bool ghost = machine_.routable() && agent_away_;
  if (ghost && ghost_since_us_ < 0) {
    ghost_since_us_ = now_us_;
    note("env", "the agent is now a GHOST: routable while away");
    if (center_ != nullptr) center_->on_ghost(index_, true, now_us_);
  } else if (!ghost && ghost_since_us_ >= 0) {
    out_.ghost_us += now_us_ - ghost_since_us_;
    ghost_since_us_ = -1;
    note("env", "no longer a ghost");
    if (center_ != nullptr) center_->on_ghost(index_, false, now_us_);
  }
  const bool unwanted = !agent_away_ && wants_available_ && strategy_requested_offline_ &&
                        machine_.status() == Status::Offline;
  if (unwanted && unwanted_offline_since_us_ < 0) {
    unwanted_offline_since_us_ = now_us_;
    out_.spurious_offline = true;
    note("agent", "SPURIOUS OFFLINE: the strategy set a still-working agent Offline");
    if (!notice_scheduled_) {
      notice_scheduled_ = true;
      schedule(now_us_ + draws_.duration_us(Duration::NoticeOffline), {Ev::NoticeOffline}, true);
    }
  } else if (!unwanted && unwanted_offline_since_us_ >= 0) {
    out_.spurious_offline_us += now_us_ - unwanted_offline_since_us_;
    unwanted_offline_since_us_ = -1;
  }
}

// ---- running ----------------------------------------------------------------------------------

Outcome SessionRun::run() {
  set_up_pre_close();
  start_server_side();
  const std::uint64_t max_events = static_cast<std::uint64_t>(env_.max_events_per_session);
  schedule(0, {Ev::Close}, true);
  bool horizon_reached = false;
  while (!queue_.empty() && !out_.budget_exceeded) {
    const auto entry = queue_.pop();
    if (entry.time_us > horizon_us_) {
      horizon_reached = true;
      break;
    }
    now_us_ = entry.time_us;
    if (probe_ != nullptr) {
      probe_->now_us = now_us_;
      probe_->event_times.push_back(now_us_);
    }
    if (++out_.events_processed > max_events) {
      out_.budget_exceeded = true;
      note("env", "event budget exceeded: session stopped");
      break;
    }
    handle(entry.payload);
    if (settled()) {
      note("env", "settled: the agent is back at work and the strategy is idle");
      break;
    }
  }
  finish(!out_.budget_exceeded && (horizon_reached || queue_.empty()));
  return out_;
}

bool SessionRun::settled() const {
  if (pending_work_ > 0 || agent_away_) return false;
  const model::AgentView& v = machine_.view();
  if (!model::page_interactive(v)) return false;
  if (wants_available_ && v.status == Status::Offline) return false;
  if (!server_side_idle()) return false;
  return v.next == model::NextStatus::None || !strategy_requested_offline_;
}

void SessionRun::start_in_center(std::int64_t close_at_us) {
  horizon_us_ = std::numeric_limits<std::int64_t>::max();
  out_.pre_close = PreClose::Idle;
  dispatch(Event::of(EventKind::PageOpen), "agent");
  dispatch(Event::of(EventKind::Login), "agent");
  dispatch(Event::choose(Status::Available), "agent");
  schedule_session_expiry(0);  // logged in now, at the start of the shift (or on arrival)
  out_.time_to_offline_us = -1;  // the machine starts Offline before the login
  if (close_at_us >= 0) {
    out_.close_kind = spec_.close_kind ? *spec_.close_kind : draws_.close_kind();
    // (With breaks the second tab opens just before the close: session_break.cpp.)
    if (out_.close_kind == CloseKind::OneOfTwoTabs && breaks_.slots.empty()) dispatch(Event::of(EventKind::PageOpen), "agent");
    out_.agent_left = !info(out_.close_kind).agent_keeps_working;
    schedule(close_at_us, {breaks_.slots.empty() ? Ev::Close : Ev::ShiftEndClose}, true);
  }
  schedule_breaks();
  // A center's sweeper passes over every agent on the center's tick; the heartbeats are each page's.
  if (traits_.heartbeat_interval_ms > 0) {
    heartbeats_on_ = true;
    last_heartbeat_us_ = now_us_;  // logging in counts as a sign of life (incoming agents log in late)
    start_heartbeats(draws_.phase_us(Phase::Heartbeat, ms_to_us(traits_.heartbeat_interval_ms)));
  }
}

Outcome SessionRun::finish_in_center(std::int64_t end_us, bool run_to_end) {
  if (run_to_end) run_heartbeats_to(end_us, true);
  now_us_ = end_us;
  horizon_us_ = end_us;
  finish(true);
  end_break_episode();
  return out_;
}

void SessionRun::finish(bool open_intervals_to_horizon) {
  // A ghost (or an unwanted Offline) open when nothing more can happen lasts to the horizon.
  const std::int64_t end = open_intervals_to_horizon ? horizon_us_ : now_us_;
  out_.end_us = std::min(end, horizon_us_);
  if (ghost_since_us_ >= 0) {
    out_.ghost_us += out_.end_us - ghost_since_us_;
    // Censored at the horizon only when the session ran to it (not when a budget stopped it).
    out_.ghost_at_horizon = open_intervals_to_horizon;
  }
  if (unwanted_offline_since_us_ >= 0) {
    out_.spurious_offline_us += out_.end_us - unwanted_offline_since_us_;
  }
  out_.offline_at_end = machine_.status() == Status::Offline;
  out_.unaccepted_events = static_cast<std::uint32_t>(machine_.unaccepted_total());
  if (stream_ != nullptr) stream_->on_end(stream_agent_, out_.end_us);
}

void SessionRun::set_up_pre_close() {
  out_.close_kind = spec_.close_kind ? *spec_.close_kind : draws_.close_kind();
  out_.pre_close = spec_.pre_close ? *spec_.pre_close : draws_.pre_close();
  const CloseKindInfo& ck = info(out_.close_kind);
  out_.agent_left = !ck.agent_keeps_working;
  note("env", "pre-close: {}; the session will end by {}",
                          to_string(out_.pre_close), ck.name);
  dispatch(Event::of(EventKind::PageOpen), "agent");
  if (out_.close_kind == CloseKind::OneOfTwoTabs) dispatch(Event::of(EventKind::PageOpen), "agent");
  dispatch(Event::of(EventKind::Login), "agent");
  dispatch(Event::choose(Status::Available), "agent");
  schedule_session_expiry(ms_to_us(env_.session_age_at_close_ms));
  auto offer = [&] {
    ++contact_id_;
    dispatch(Event::of(EventKind::ContactOffered), "platform");
  };
  switch (out_.pre_close) {
    case PreClose::Idle: break;
    case PreClose::Ringing: {
      offer();
      const std::int64_t ring_left_us = draws_.duration_us(Duration::RingRemaining);
      if (env_.auto_accept_voice != 0) {
        // With auto-accept a contact rings only until the platform connects it [D 50]: the same
        // fraction of that time is left as of the ring timeout above.
        const std::int64_t connect_us = ms_to_us(env_.auto_accept_connect_ms);
        const std::int64_t left_us =
            ring_timeout_us_ > 0 ? connect_us * ring_left_us / ring_timeout_us_ : 0;
        schedule(left_us, {Ev::AutoAccept, contact_id_}, false);
      } else {
        schedule(ring_left_us, {Ev::RingTimeout, contact_id_}, false);
      }
      schedule(draws_.duration_us(Duration::AnswerDelay), {Ev::AgentAnswers, contact_id_}, false);
      break;
    }
    case PreClose::OnCall:
    case PreClose::OnHold:
      offer();
      dispatch(Event::of(EventKind::ContactAccepted), "agent");
      if (out_.pre_close == PreClose::OnHold) dispatch(Event::of(EventKind::Hold), "agent");
      talk_ends_us_ = draws_.duration_us(Duration::TalkTime);
      schedule(talk_ends_us_, {Ev::TalkEnds, contact_id_}, false);
      break;
    case PreClose::Acw: {
      offer();
      dispatch(Event::of(EventKind::ContactAccepted), "agent");
      // Entering ACW schedules its full end; replace it by the remaining time.
      const std::int64_t saved = acw_us_;
      acw_us_ = 0;
      dispatch(Event::of(EventKind::ContactEnded), "customer");
      acw_us_ = saved;
      if (acw_us_ > 0) {
        schedule(draws_.duration_us(Duration::AcwRemaining), {Ev::AcwEnds, contact_id_}, false);
      }
      break;
    }
    case PreClose::Offline:
      dispatch(Event::choose(Status::Offline), "agent");
      works_available_ = wants_available_ = false;
      break;
    case PreClose::Custom:
      dispatch(Event::choose(Status::Custom), "agent");
      works_available_ = wants_available_ = false;
      break;
    case PreClose::Missed:
      offer();
      dispatch(Event::of(EventKind::RingTimeout), "platform");
      break;
  }
  // Pre-close contacts are not offered to a ghost; pre-close Offline is the agent's own choice.
  contact_on_ghost_ = false;
  // The machine starts Offline before the agent logs in: only an Offline from now on counts.
  out_.time_to_offline_us = machine_.status() == Status::Offline ? 0 : -1;
}

}  // namespace agentsim::sim::detail
