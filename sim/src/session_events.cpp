// The event handlers of SessionRun: the close and the page lifecycle, the agent, contacts, and
// API calls in flight.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "center_run.h"
#include "session_run.h"

namespace agentsim::sim::detail {

namespace {

using model::Contact;
using model::Event;
using model::EventKind;
using model::Status;

constexpr std::size_t kCallsMax = 1024;  // API calls one session (one agent of a shift) may make
constexpr std::int64_t kRetryAgentActionUs = 1'000'000;  // a blocked agent action tries again

}  // namespace

void SessionRun::handle(const SimEvent& e) {
  switch (e.type) {
    case Ev::Close: --pending_work_; on_close(); break;
    case Ev::LogoutClose: --pending_work_; begin_unload(); break;
    case Ev::Teardown: --pending_work_; on_teardown(); break;
    case Ev::HandlerReturns:
      --pending_work_;
      handler_blocking_ = false;
      note("page", "the busy-waiting beforeunload handler returns");
      after_handler(true);
      break;
    case Ev::DialogAnswer: --pending_work_; on_dialog_answer(); break;
    case Ev::Reclose:
      --pending_work_;
      note("agent", "closes the page again");
      begin_unload();
      break;
    case Ev::PageReopen:
      --pending_work_;
      fetch_later_armed_ = false;  // a new document: none registered yet, Streams running again
      streams_terminated_ = false;
      dispatch(Event::of(EventKind::PageOpen), "agent");
      page_script_alive_ = true;
      if (traits_.heartbeat_interval_ms > 0) start_heartbeats(0);
      agent_returns("the CCP page is open again");
      fire_page_event(PageEvent::PageLoad);
      break;
    case Ev::AgentReturns:
      --pending_work_;
      // The page was frozen, not destroyed: its script runs again (old timers and callbacks
      // stay void: the epoch moved on) and the heartbeat timer fires at once.
      page_script_alive_ = true;
      page_frozen_ = false;
      if (traits_.heartbeat_interval_ms > 0) start_heartbeats(0);
      agent_returns("back from sleep / network loss");
      break;
    case Ev::AgentStart: start_in_center(-1); break;
    case Ev::HeartbeatSend: on_heartbeat_send(e.a); break;
    case Ev::HeartbeatArrive: on_heartbeat_arrive(); break;
    case Ev::SweepTick: on_sweep_tick(); break;
    case Ev::FetchLaterFire:
      --pending_work_;
      if (e.a == page_epoch_ && e.b == fetch_later_gen_ && fetch_later_armed_) {
        note("browser", "activateAfter elapsed: the browser sends the frozen page's fetchLater");
        send_fetch_later(1.0);
      }
      break;
    case Ev::SessionExpiry: on_session_expired("12 hours after the login [D 36]"); break;
    case Ev::InactivityExpiry:
      if (e.a == inactivity_gen_ && !ccp_running_) {
        on_session_expired("no running CCP page for session_inactivity_logout_ms [D 49]");
      }
      break;
    case Ev::MobileKilled:
      --pending_work_;
      note("env", "the backgrounded mobile tab is killed (no event fires)");
      if (fetch_later_armed_) {
        note("browser", "the killed renderer disconnects: the browser may still send its fetchLater");
        send_fetch_later(env_.fetch_later_crash_delivered_factor);
      }
      page_script_alive_ = false;
      ++page_epoch_;
      dispatch(Event::of(EventKind::PageDestroyed), "browser");
      break;
    case Ev::NoticeOffline:
      --pending_work_;
      notice_scheduled_ = false;
      if (agent_can_act() && machine_.status() == Status::Offline && wants_available_) {
        note("agent", "notices the unwanted Offline and chooses Available");
        dispatch(Event::choose(Status::Available), "agent");
      } else if (!agent_away_ && machine_.status() == Status::Offline && wants_available_) {
        notice_scheduled_ = true;
        schedule(now_us_ + kRetryAgentActionUs, {Ev::NoticeOffline}, true);
      }
      break;
    case Ev::ServerArrival: --pending_work_; on_server_arrival(static_cast<int>(e.a)); break;
    case Ev::ClientResponse: --pending_work_; on_client_response(static_cast<int>(e.a), false); break;
    case Ev::AttemptTimeout: --pending_work_; on_client_response(static_cast<int>(e.a), true); break;
    case Ev::PageTimer:
      --pending_work_;
      if (e.a == page_epoch_ && page_script_alive_) {
        if (dialog_open_ || handler_blocking_) {
          deferred_timers_.push_back({e.owner, e.b});  // the dialog or a busy handler blocks the script
        } else {
          deliver_page_timer(e.owner, e.b);
        }
      }
      break;
    case Ev::BackendTimer:
      --pending_work_;
      owner_component(e.owner, [&](Component& c) { c.on_backend_timer(*this, e.b); });
      break;
    case Ev::ChatArrival:
    case Ev::ChatRingTimeout:
    case Ev::ChatAnswers:
    case Ev::ChatAutoAccept:
    case Ev::ChatEnds:
    case Ev::ChatAcwEnds:
    case Ev::ChatAgentClears: on_chat_event(e); break;
    default: on_contact_event(e); break;
  }
}

// ---- the close and the page lifecycle -------------------------------------------------------

void SessionRun::on_close() {
  const CloseKind kind = out_.close_kind;
  note("env", "the session ends: {}", to_string(kind));
  // An agent who is leaving no longer means to take contacts: an Offline now is what they want.
  if (!info(kind).agent_keeps_working) wants_available_ = false;
  switch (kind) {
    case CloseKind::TabClose:
    case CloseKind::BrowserQuit:
    case CloseKind::Reload:
    case CloseKind::OneOfTwoTabs: begin_unload(); break;
    case CloseKind::LogoutButton:
      dispatch(Event::of(EventKind::Logout), "agent");
      schedule(now_us_ + ms_to_us(env_.logout_to_close_ms), {Ev::LogoutClose}, true);
      break;
    case CloseKind::Crash:
    case CloseKind::OsShutdown:
      if (fetch_later_armed_) {
        if (kind == CloseKind::Crash) {
          // A renderer crash leaves the browser to send it; a browser crash loses it [D 12].
          note("browser", "crash: the browser process sends the fetchLater only if it survived");
          send_fetch_later(env_.fetch_later_crash_delivered_factor);
        } else {
          note("browser", "OS shutdown: the pending fetchLater is lost with the browser [D 12]");
          fetch_later_armed_ = false;
        }
      }
      stop_heartbeats();
      page_script_alive_ = false;
      ++page_epoch_;
      agent_away_ = true;
      dispatch(Event::of(EventKind::AllPagesDestroyed), "browser");
      if (kind == CloseKind::Crash && draws_.chance(Chance::CrashReopen, 1.0)) {
        schedule(now_us_ + draws_.duration_us(Duration::CrashReopen), {Ev::PageReopen}, true);
      }
      break;
    case CloseKind::Sleep:
      // The page is not unloaded: it stays, frozen, with no network. No script runs.
      stop_heartbeats();
      page_script_alive_ = false;
      page_frozen_ = true;
      ++page_epoch_;
      agent_away_ = true;
      update_accounting();
      if (draws_.chance(Chance::SleepReturn, 1.0)) {
        schedule(now_us_ + draws_.duration_us(Duration::SleepDuration), {Ev::AgentReturns}, true);
      }
      break;
    case CloseKind::MobileKill:
      // visibilitychange -> hidden fires, no unload event; the tab is killed later. The hidden
      // tab's timers are frozen: no more heartbeats. With mobile_pagehide_prob, pagehide fired
      // first (the back/forward cache) [A]; then the page is frozen (freeze).
      if (env_.mobile_pagehide_prob > 0 && draws_.chance(Chance::MobilePageHide, 1.0)) {
        fire_page_event(PageEvent::PageHide);
      }
      fire_page_event(PageEvent::VisibilityHidden);
      fire_page_event(PageEvent::Freeze);
      mobile_hidden_ = true;
      stop_heartbeats();
      agent_away_ = true;
      update_accounting();
      if (fetch_later_armed_ && fetch_later_activate_ms_ > 0) {
        schedule(now_us_ + ms_to_us(fetch_later_activate_ms_),
                 {Ev::FetchLaterFire, page_epoch_, fetch_later_gen_}, true);
      }
      schedule(now_us_ + draws_.duration_us(Duration::MobileKillDelay), {Ev::MobileKilled}, true);
      break;
  }
}

void SessionRun::begin_unload() {
  dispatch(Event::of(EventKind::BeforeUnload), "browser");
  dialog_requested_ = false;
  dialog_max_ = 0;
  busy_wait_ms_ = 0;
  unload_events_fired_ = false;
  // What the handler sends before it returns is synchronous: it leaves (BU [M 19]: 10/10 for
  // every transport). Everything it starts asynchronously runs only inside the window after it.
  in_handler_ = true;
  each_component([&](Component& c) { c.on_page_event(*this, PageEvent::BeforeUnload); });
  in_handler_ = false;
  // A busy-wait inside the handler (a strategy option) blocks everything queued behind it, for
  // at most the browser's blocking budget [I 13].
  const double busy_ms = std::min(busy_wait_ms_, env_.unload_handler_block_max_ms);
  if (busy_ms > 0) {
    handler_blocking_ = true;
    note("page", "the handler busy-waits {} ms", busy_ms);
    schedule(now_us_ + ms_to_us(busy_ms), {Ev::HandlerReturns}, true);
    return;
  }
  after_handler(false);
}

// The handler has returned: the leave-page dialog, or the unload window. After a busy-wait the
// window did not reliably follow (BU [M 19]): with unload_window_after_busy_wait_prob it does and
// what was queued behind the handler runs in it; else the teardown comes at once.
void SessionRun::after_handler(bool busy_waited) {
  const bool may_show = dialog_requested_ && static_cast<int>(out_.dialogs_shown) < dialog_max_;
  if (may_show && draws_.chance(Chance::StickyActivation, 1.0)) {
    ++out_.dialogs_shown;
    dialog_open_ = true;
    note("browser", "shows the leave-page dialog (page script blocked until answered)");
    schedule(now_us_ + draws_.duration_us(Duration::DialogDecision), {Ev::DialogAnswer}, true);
    return;
  }
  if (may_show) note("browser", "no sticky user activation: the dialog is not shown");
  if (busy_waited) {
    if (!draws_.chance(Chance::WindowAfterBusyWait, 1.0)) {
      note("browser", "tears the page down as the busy handler returns");
      fire_unload_events();
      deferred_responses_.clear();  // no callback of the page runs any more
      deferred_timers_.clear();
      schedule(now_us_, {Ev::Teardown}, true);
      return;
    }
    run_deferred();
  }
  schedule_teardown();
}

// Runs the answers and timers that came while the page's script was blocked.
void SessionRun::run_deferred() {
  std::vector<int> deferred;
  deferred.swap(deferred_responses_);
  for (int index : deferred) deliver_page_response(index);
  std::vector<DeferredTimer> timers;
  timers.swap(deferred_timers_);
  for (const DeferredTimer& t : timers) deliver_page_timer(t.owner, t.tag);
}

// The unload goes ahead (no dialog, or Leave): pagehide, then visibilitychange -> hidden, once
// per unload (browser-unload.md: they fire on every close that fires beforeunload).
void SessionRun::fire_unload_events() {
  if (unload_events_fired_) return;
  unload_events_fired_ = true;
  fire_page_event(PageEvent::PageHide);
  fire_page_event(PageEvent::VisibilityHidden);
}

void SessionRun::deliver_page_timer(std::uint8_t owner, std::uint32_t tag) {
  if (page_timers_[owner] > 0) --page_timers_[owner];
  owner_component(owner, [&](Component& c) { c.on_page_timer(*this, tag); });
}

// The page's own lifecycle events other than beforeunload (the engine fires that one with its
// handler rules): what a handler sends synchronously leaves, as in beforeunload (BU [M 19]).
void SessionRun::fire_page_event(PageEvent e) {
  if (components_.empty()) return;
  const bool closing = e != PageEvent::PageLoad;
  if (closing) in_handler_ = true;
  each_component([&](Component& c) { c.on_page_event(*this, e); });
  in_handler_ = false;
}

// The handler returned (or the dialog was answered Leave): asynchronous work — timers, retries
// after a response, dialog follow-ups — survives only the close kind's unload window.
void SessionRun::schedule_teardown() {
  fire_unload_events();
  const std::int64_t window = draws_.duration_us(unload_window_duration(out_.close_kind));
  note("browser", "the page will be torn down in {:.3f} ms (unload window)",
       static_cast<double>(window) / 1e3);
  schedule(now_us_ + window, {Ev::Teardown}, true);
}

// Whether a page request is on the wire by now (so the page's teardown cannot stop it): a
// request the handler sent synchronously, or one sent fetch_leave_ms ago (an open connection,
// [A]); a setState only once through the CCP's iframe and shared worker (streams_worker_hop_ms,
// [A]) — the measurement (BU [M 19]: sent inside the handler, 10/10) was of the page's own
// transports, not of the Streams path.
bool SessionRun::on_the_wire(const Call& c) const {
  if (c.transport == Transport::StreamsWorker) {
    return now_us_ >= c.sent_us + ms_to_us(env_.streams_worker_hop_ms);
  }
  return c.sent_in_handler || now_us_ >= c.sent_us + ms_to_us(env_.fetch_leave_ms);
}

void SessionRun::on_dialog_answer() {
  dialog_open_ = false;
  const bool stay = draws_.chance(Chance::DialogStay, 1.0);
  note("agent", stay ? "answers Stay" : "answers Leave");
  if (stay) dispatch(Event::of(EventKind::UnloadCancelled), "agent");
  // Responses that arrived while the dialog blocked the script run now.
  run_deferred();
  each_component([&](Component& c) { c.on_dialog_answer(*this, stay); });
  if (stay) {
    schedule(now_us_ + draws_.duration_us(Duration::RecloseAfterStay), {Ev::Reclose}, true);
  } else {
    schedule_teardown();
  }
}

void SessionRun::on_teardown() {
  const CloseKind kind = out_.close_kind;
  note("browser", "teardown: the page is destroyed; no callback of it runs any more");
  // The document is destroyed: the browser sends its pending fetchLater now [D 12].
  const bool quit = kind == CloseKind::BrowserQuit;
  if (fetch_later_armed_) {
    send_fetch_later(quit ? env_.browser_quit_inflight_delivered_factor : 1.0);
  }
  page_script_alive_ = false;
  ++page_epoch_;
  bool timers_dropped = false;
  for (std::uint16_t& n : page_timers_) {
    timers_dropped = timers_dropped || n > 0;
    n = 0;
  }
  if (timers_dropped) {
    ++out_.retries_dropped_at_teardown;
    note("page", "a retry scheduled after the unload window never runs");
  }
  // Requests from the page not yet at the server: each is lost only by its transport's own
  // mechanism. On the wire, a request reaches the server. Not yet: a plain fetch is cancelled
  // [D 6]; a keepalive [D 9] or a beacon [D 6,8] is the browser's and survives the page (but
  // for a browser quit, when the network process exits too [A]); a setState still inside the
  // CCP's iframe or shared worker goes with them when this was the worker's last page [A].
  for (Call& c : calls_) {
    if (!c.from_page || c.arrived || c.cancelled) continue;
    if (c.outcome != ApiOutcome::Success && c.outcome != ApiOutcome::LostResponse) continue;
    if (on_the_wire(c)) continue;
    bool delivered = true;
    switch (c.transport) {
      case Transport::Fetch: delivered = false; break;
      case Transport::Keepalive:
        if (quit) delivered = draws_.chance(Chance::DeliveredKeepalive, env_.browser_quit_inflight_delivered_factor);
        break;
      case Transport::Beacon:
        if (quit) delivered = draws_.chance(Chance::DeliveredBeacon, env_.browser_quit_inflight_delivered_factor);
        break;
      case Transport::FetchLater: break;  // the browser's, sent at the document's end
      case Transport::StreamsWorker:
        // The other tab of one_of_two_tabs keeps the shared worker alive: it still sends.
        delivered = kind == CloseKind::OneOfTwoTabs ||
                    draws_.chance(Chance::DeliveredStreamsWorker,
                                  quit ? env_.browser_quit_inflight_delivered_factor : 1.0);
        break;
    }
    if (!delivered) {
      c.cancelled = true;
      ++out_.requests_cancelled_at_teardown;
      note("browser", "the {} not yet on the wire is lost at teardown", to_string(c.api));
    } else {
      note("browser", "the {} not yet on the wire still leaves (no response will be seen)",
           to_string(c.api));
    }
  }
  // The other tab of one_of_two_tabs keeps sending heartbeats.
  if (kind != CloseKind::OneOfTwoTabs) stop_heartbeats();
  dispatch(Event::of(kind == CloseKind::BrowserQuit ? EventKind::AllPagesDestroyed
                                                    : EventKind::PageDestroyed),
           "browser");
  switch (kind) {
    case CloseKind::Reload:
      schedule(now_us_ + ms_to_us(env_.reload_reopen_ms), {Ev::PageReopen}, true);
      break;
    case CloseKind::OneOfTwoTabs:
      break;  // the agent keeps working in the other tab
    default:
      agent_away_ = true;
      update_accounting();
      break;
  }
}

void SessionRun::agent_returns(const char* why) {
  agent_away_ = false;
  wants_available_ = works_available_;
  note("agent", why);
  if (machine_.session() == model::Session::LoggedOut && model::page_interactive(machine_.view())) {
    // The session expired while the agent was away: the CCP shows its login page.
    note("agent", "logs in again (the session expired meanwhile)");
    dispatch(Event::of(EventKind::Login), "agent");
  }
  const model::AgentView& v = machine_.view();
  if (v.contact == Contact::Missed) {
    schedule(now_us_ + draws_.duration_us(Duration::ClearMissed),
             {Ev::AgentClearsMissed, contact_id_}, false);
  }
  if (v.contact == Contact::Ringing) {
    schedule(now_us_ + draws_.duration_us(Duration::AnswerDelay), {Ev::AgentAnswers, contact_id_},
             false);
  }
  for (const ChatSlot& c : chats_) {
    if (c.state == ChatState::Missed) {
      schedule(now_us_ + draws_.duration_us(Duration::ClearMissed), {Ev::ChatAgentClears, c.id},
               false);
    } else if (c.state == ChatState::Ringing) {
      schedule(now_us_ + draws_.duration_us(Duration::AnswerDelay), {Ev::ChatAnswers, c.id},
               false);
    }
  }
  if (wants_available_ && v.status != Status::Available && !strategy_requested_offline_ &&
      v.contact == Contact::None) {
    // Back at work and not routable for a reason of its own making: the agent gets Available.
    dispatch(Event::choose(Status::Available), "agent");
  }
  update_accounting();
}

// ---- contacts ---------------------------------------------------------------------------------

void SessionRun::on_contact_event(const SimEvent& e) {
  const Contact c = machine_.contact();
  switch (e.type) {
    case Ev::ContactArrival:
      if (e.a != arrival_gen_ || !arrival_pending_) return;
      arrival_pending_ = false;
      ++contact_id_;
      offer_contact_now();
      return;
    case Ev::RingTimeout: {
      if (e.a != contact_id_ || c != Contact::Ringing) return;
      dispatch(Event::of(EventKind::RingTimeout), "platform");
      // Offered while the page was unloading and missed after the teardown: the agent had
      // left, so the customer's ring on them is ghost cost like a ring on a ghost.
      const bool after_teardown = !contact_on_ghost_ && contact_offered_unloading_ && agent_away_;
      if (after_teardown) ++out_.contacts_missed_after_teardown;
      if (contact_on_ghost_ || after_teardown) {
        ++out_.contacts_missed_on_ghost;
        out_.customer_wait_added_us += ring_timeout_us_;
        note("env", "a customer waited the full ring on a ghost; the contact goes back to the queue");
      }
      if (center_ != nullptr) {
        center_->on_missed(index_, contact_id_, contact_on_ghost_ || after_teardown, now_us_);
      }
      return;
    }
    case Ev::AgentAnswers:
      if (e.a != contact_id_ || c != Contact::Ringing) return;
      if (agent_can_act()) {
        if (center_ != nullptr) center_->on_accepted(index_, contact_id_, now_us_);
        dispatch(Event::of(EventKind::ContactAccepted), "agent");
        talk_ends_us_ = now_us_ + draws_.duration_us(Duration::TalkTime);
        schedule(talk_ends_us_, {Ev::TalkEnds, contact_id_}, false);
      } else if (!agent_away_) {
        schedule(now_us_ + kRetryAgentActionUs, {Ev::AgentAnswers, contact_id_}, false);
      }
      return;
    case Ev::AutoAccept:
      if (e.a != contact_id_ || c != Contact::Ringing) return;
      if (center_ != nullptr) center_->on_accepted(index_, contact_id_, now_us_);
      dispatch(Event::of(EventKind::AutoAccepted), "platform");
      if (agent_away_) {
        // Connected to nobody: the customer waits in silence until they hang up, then ACW.
        const std::int64_t silent = draws_.duration_us(Duration::SilentHangup);
        ++out_.contacts_connected_to_ghost;
        out_.silent_call_us += silent;
        note("env", "auto-accept connected a customer to a ghost: nobody answers");
        schedule(now_us_ + silent, {Ev::TalkEnds, contact_id_}, false);
      } else {
        schedule(now_us_ + draws_.duration_us(Duration::TalkTime), {Ev::TalkEnds, contact_id_},
                 false);
      }
      return;
    case Ev::TalkEnds:
      if (e.a != contact_id_ || (c != Contact::Connected && c != Contact::OnHold)) return;
      dispatch(Event::of(EventKind::ContactEnded), "customer");
      return;
    case Ev::AcwEnds:
      if (e.a != contact_id_ || c != Contact::AfterContactWork) return;
      dispatch(Event::of(EventKind::AcwTimeout), "platform");
      return;
    case Ev::AgentClearsMissed:
      if (e.a != contact_id_ || c != Contact::Missed) return;
      if (agent_can_act()) {
        dispatch(Event::of(EventKind::ClearContact), "agent");
      } else if (!agent_away_) {
        schedule(now_us_ + kRetryAgentActionUs, {Ev::AgentClearsMissed, contact_id_}, false);
      }
      return;
    default: return;
  }
}

void SessionRun::offer_contact(std::uint32_t id, std::int64_t now_us) {
  now_us_ = now_us;  // as a contact's event (handle_at)
  contact_id_ = id;
  offer_contact_now();
  note_sweep_due();
}

void SessionRun::offer_contact_now() {
  contact_on_ghost_ = agent_away_;
  contact_offered_unloading_ = !agent_away_ && machine_.view().page == model::Page::Unloading &&
                               !info(out_.close_kind).agent_keeps_working;
  if (contact_on_ghost_) ++out_.contacts_offered_to_ghost;
  dispatch(Event::of(EventKind::ContactOffered), "platform");
  schedule(now_us_ + ring_timeout_us_, {Ev::RingTimeout, contact_id_}, false);
  if (env_.auto_accept_voice != 0) {
    // Auto-accept [D 50]: the platform connects it in under a second, whoever is (not) there.
    schedule(now_us_ + ms_to_us(env_.auto_accept_connect_ms), {Ev::AutoAccept, contact_id_}, false);
  } else if (!agent_away_) {
    schedule(now_us_ + draws_.duration_us(Duration::AnswerDelay), {Ev::AgentAnswers, contact_id_},
             false);
  }
}

// ---- chats ------------------------------------------------------------------------------------
// The model counts the occupied chat slots (ChatOffered / ChatCleared); each chat's lifecycle —
// ringing, connected, ACW, missed — is followed here, as the voice ring timer is.

SessionRun::ChatSlot* SessionRun::chat_slot(std::uint32_t id) {
  for (ChatSlot& c : chats_) {
    if (c.state != ChatState::Free && c.id == id) return &c;
  }
  return nullptr;
}

void SessionRun::clear_chat(ChatSlot& slot, const char* who) {
  slot.state = ChatState::Free;
  dispatch(Event::of(EventKind::ChatCleared), who);
}

void SessionRun::offer_chat_now(std::uint32_t id) {
  ChatSlot* slot = nullptr;
  for (ChatSlot& c : chats_) {
    if (c.state == ChatState::Free) {
      slot = &c;
      break;
    }
  }
  if (slot == nullptr) return;  // cannot happen: routable for chat means a free slot
  if (dispatch(Event::of(EventKind::ChatOffered), "platform") != model::DispatchResult::Applied) {
    return;
  }
  *slot = {id, ChatState::Ringing, agent_away_};
  if (slot->on_ghost) ++out_.chats_offered_to_ghost;
  schedule(now_us_ + chat_ring_timeout_us_, {Ev::ChatRingTimeout, slot->id}, false);
  if (env_.auto_accept_chat != 0) {
    schedule(now_us_ + ms_to_us(env_.auto_accept_connect_ms), {Ev::ChatAutoAccept, slot->id},
             false);
  } else if (!agent_away_) {
    schedule(now_us_ + draws_.duration_us(Duration::AnswerDelay), {Ev::ChatAnswers, slot->id},
             false);
  }
}

void SessionRun::on_chat_event(const SimEvent& e) {
  if (e.type == Ev::ChatArrival) {
    if (e.a != chat_arrival_gen_ || !chat_arrival_pending_) return;
    chat_arrival_pending_ = false;
    offer_chat_now(++chat_id_);
    update_routing();  // the next chat, if a slot is still free
    return;
  }
  ChatSlot* c = chat_slot(e.a);
  if (c == nullptr) return;
  switch (e.type) {
    case Ev::ChatRingTimeout:
      if (c->state != ChatState::Ringing) return;
      // Missed: the chat keeps its one slot until cleared; routing goes on while a slot is free.
      c->state = ChatState::Missed;
      if (c->on_ghost) {
        ++out_.chats_missed_on_ghost;
        note("env", "a chat rang out on a ghost; it occupies one chat slot until cleared");
      }
      // The chat goes back to routing, first in line [D 11-14].
      if (center_ != nullptr) center_->on_chat_missed(c->id);
      if (!agent_away_) {
        schedule(now_us_ + draws_.duration_us(Duration::ClearMissed), {Ev::ChatAgentClears, c->id},
                 false);
      }
      return;
    case Ev::ChatAnswers:
      if (c->state != ChatState::Ringing) return;
      if (agent_can_act()) {
        c->state = ChatState::Connected;
        schedule(now_us_ + draws_.duration_us(Duration::ChatHandleTime), {Ev::ChatEnds, c->id},
                 false);
      } else if (!agent_away_) {
        schedule(now_us_ + kRetryAgentActionUs, {Ev::ChatAnswers, c->id}, false);
      }
      return;
    case Ev::ChatAutoAccept: {
      if (c->state != ChatState::Ringing) return;
      c->state = ChatState::Connected;
      std::int64_t until_us = 0;
      if (agent_away_) {
        // Connected to nobody: the customer waits for a reply that never comes [D 50].
        until_us = draws_.duration_us(Duration::SilentHangup);
        ++out_.chats_connected_to_ghost;
        out_.silent_call_us += until_us;
        note("env", "auto-accept connected a chat to a ghost: nobody answers");
      } else {
        until_us = draws_.duration_us(Duration::ChatHandleTime);
      }
      schedule(now_us_ + until_us, {Ev::ChatEnds, c->id}, false);
      return;
    }
    case Ev::ChatEnds:
      if (c->state != ChatState::Connected) return;
      c->state = ChatState::Acw;
      if (acw_us_ > 0) {
        schedule(now_us_ + acw_us_, {Ev::ChatAcwEnds, c->id}, false);
      } else if (!agent_away_) {
        schedule(now_us_ + draws_.duration_us(Duration::ClearMissed), {Ev::ChatAgentClears, c->id},
                 false);
      }
      return;
    case Ev::ChatAcwEnds:
      if (c->state == ChatState::Acw) clear_chat(*c, "platform");
      return;
    case Ev::ChatAgentClears:
      if (c->state != ChatState::Missed && c->state != ChatState::Acw) return;
      if (agent_can_act()) {
        clear_chat(*c, "agent");
      } else if (!agent_away_) {
        schedule(now_us_ + kRetryAgentActionUs, {Ev::ChatAgentClears, c->id}, false);
      }
      return;
    default: return;
  }
}

// ---- API calls --------------------------------------------------------------------------------

bool SessionRun::take_token(Api api) {
  // The account's bucket of this API [D 21,22]: the center's when the agent is one of a center.
  if (center_ != nullptr) return center_->take_token(api, now_us_);
  return buckets_.try_take(api, now_us_);
}

int SessionRun::new_call(Api api, Transport t, Status target, bool enqueue, int attempt,
                         bool from_page, Duration latency, double timeout_ms, Notice notice) {
  forbid_in_heartbeat_notice("made an API call");
  if (calls_.size() >= kCallsMax || (center_ != nullptr && !center_->take_call())) {
    out_.budget_exceeded = true;
    note("env", "API call budget exceeded: session stopped");
    return -1;
  }
  // The engine never lets a torn-down page send; the fuzzer's property checks that it holds.
  if (from_page && !page_script_alive_) ++out_.sends_after_teardown;
  Call c{api, t, target, enqueue, attempt, from_page, active_, notice, page_epoch_, ApiOutcome::Success, now_us_};
  c.sent_in_handler = from_page && in_handler_;
  // The team's own endpoint answers; whether a notification gets there is the transport's
  // business (teardown, beacon delivery), not an Amazon Connect failure rate.
  if (api != Api::BackendNotify) c.outcome = draws_.api_outcome(api);
  if (ApiBuckets::metered(api) && !take_token(api)) {
    c.outcome = ApiOutcome::Throttled;  // the API's bucket refuses it, whatever was drawn
    ++out_.throttled;
  }
  const std::int64_t lat = draws_.duration_us(latency);
  calls_.push_back(c);
  const int index = static_cast<int>(calls_.size()) - 1;
  const auto ui = static_cast<std::uint32_t>(index);
  if (c.outcome == ApiOutcome::Success || c.outcome == ApiOutcome::LostResponse) {
    schedule(now_us_ + lat / 2, {Ev::ServerArrival, ui}, true);
  }
  const std::int64_t answer_at =
      c.outcome == ApiOutcome::Timeout ? now_us_ + ms_to_us(env_.api_timeout_ms) : now_us_ + lat;
  const std::int64_t own_timeout = ms_to_us(timeout_ms);
  if (own_timeout > 0 && now_us_ + own_timeout < answer_at) {
    schedule(now_us_ + own_timeout, {Ev::AttemptTimeout, ui}, true);
  }
  // Nobody sees a beacon's or a fetchLater's answer.
  if (t != Transport::Beacon && t != Transport::FetchLater) {
    schedule(answer_at, {Ev::ClientResponse, ui}, true);
  }
  note(from_page ? "page" : "backend",
       "{}({}) attempt {} sent{}; drawn outcome: {}", to_string(api),
                   model::to_string(target), attempt, enqueue ? " with enqueueNextState" : "",
                   to_string(c.outcome));
  return index;
}

int SessionRun::send_setstate(Status target, bool enqueue, int attempt, double timeout_ms) {
  if (streams_terminated_) {
    note("page", "setState fails at once: the page terminated its Streams connection");
    return -1;
  }
  ++out_.setstate_sent;
  return new_call(Api::SetState, Transport::StreamsWorker, target, enqueue, attempt, true,
                  Duration::SetStateLatency, timeout_ms, Notice::Close);
}

int SessionRun::notify_backend(Transport transport, Notice notice) {
  if (transport == Transport::Beacon) {
    if (draws_.chance(Chance::BeaconBlocked, 1.0)) {
      note("page", "sendBeacon is blocked (ad blocker): nothing leaves the page");
      return -1;
    }
    ++out_.backend_notifies_sent;
    const int index = new_call(Api::BackendNotify, transport, Status::Offline, false, 1, true,
                               Duration::BackendNotifyLatency, 0, notice);
    // Queued, the beacon is the browser's: it survives the page [D 6]. Loss on the way is an
    // assumption (none by default).
    if (index >= 0 && !draws_.chance(Chance::DeliveredBeacon, 1.0)) {
      calls_[static_cast<std::size_t>(index)].cancelled = true;  // lost on the way
    }
    return index;
  }
  ++out_.backend_notifies_sent;
  const int index = new_call(Api::BackendNotify, transport, Status::Offline, false, 1, true,
                             Duration::BackendNotifyLatency, 0, notice);
  // A keepalive survives the page; loss on the way is an assumption (none by default).
  if (transport == Transport::Keepalive && index >= 0 &&
      !draws_.chance(Chance::DeliveredKeepalive, 1.0)) {
    calls_[static_cast<std::size_t>(index)].cancelled = true;
  }
  return index;
}

int SessionRun::log_out(bool terminate_only) {
  forbid_in_heartbeat_notice("logged out");
  if (terminate_only) {
    note("page", "connect.core.terminate(): the page's Streams connection ends; the status stays");
    streams_terminated_ = true;
    for (Call& c : calls_) {
      if (c.transport != Transport::StreamsWorker || c.page_epoch != page_epoch_ || c.arrived ||
          c.cancelled || on_the_wire(c)) {
        continue;
      }
      c.cancelled = true;
      ++out_.requests_cancelled_at_teardown;
      note("page", "the setState still inside the CCP's iframe or worker is dropped");
    }
    return -1;
  }
  return new_call(Api::Logout, Transport::Fetch, Status::Offline, false, 1, true,
                  Duration::BackendNotifyLatency, 0, Notice::Close);
}

void SessionRun::arm_fetch_later(Notice notice, double activate_after_ms) {
  forbid_in_heartbeat_notice("armed a fetchLater");
  fetch_later_armed_ = true;
  fetch_later_owner_ = active_;
  fetch_later_notice_ = notice;
  fetch_later_activate_ms_ = activate_after_ms;
  ++fetch_later_gen_;
  note("page", "fetchLater registered: the browser sends it when the page ends");
}

void SessionRun::disarm_fetch_later() {
  forbid_in_heartbeat_notice("disarmed a fetchLater");
  if (!fetch_later_armed_) return;
  fetch_later_armed_ = false;
  ++fetch_later_gen_;
  note("page", "fetchLater aborted");
}

void SessionRun::send_fetch_later(double delivery_factor) {
  fetch_later_armed_ = false;
  ++fetch_later_gen_;
  ++out_.backend_notifies_sent;
  const std::uint8_t caller = active_;
  active_ = fetch_later_owner_;  // the request is its component's
  const int index = new_call(Api::BackendNotify, Transport::FetchLater, Status::Offline, false, 1,
                             true, Duration::BackendNotifyLatency, 0, fetch_later_notice_);
  active_ = caller;
  if (index >= 0 && !draws_.chance(Chance::DeliveredFetchLater, delivery_factor)) {
    calls_[static_cast<std::size_t>(index)].cancelled = true;  // not sent, or lost on the way
    note("browser", "the fetchLater does not arrive");
  }
}

int SessionRun::put_user_status(Status target, int attempt, double timeout_ms, CallRole) {
  ++out_.put_user_status_sent;
  return new_call(Api::PutUserStatus, Transport::Fetch, target, false, attempt, false,
                  Duration::PutUserStatusLatency, timeout_ms, Notice::Close);
}

int SessionRun::get_current_user_data(double timeout_ms) {
  ++out_.user_data_polls_sent;
  return new_call(Api::GetCurrentUserData, Transport::Fetch, Status::Offline, false, 1, false,
                  Duration::PutUserStatusLatency, timeout_ms, Notice::Close);
}

AgentSnapshot SessionRun::user_data(int call) const {
  return calls_[static_cast<std::size_t>(call)].user_data;
}

int SessionRun::dismiss_user_contact(int attempt, double timeout_ms) {
  ++out_.dismiss_sent;
  return new_call(Api::DismissUserContact, Transport::Fetch, Status::Available, false, attempt,
                  false, Duration::PutUserStatusLatency, timeout_ms, Notice::Close);
}

void SessionRun::set_page_timer(std::int64_t delay_us, std::uint32_t tag) {
  ++page_timers_[active_];
  schedule(now_us_ + delay_us, {Ev::PageTimer, page_epoch_, tag, 0, active_}, true);
}

bool SessionRun::page_timer_pending() const { return page_timers_[active_] > 0; }

void SessionRun::set_backend_timer(std::int64_t delay_us, std::uint32_t tag) {
  schedule(now_us_ + delay_us, {Ev::BackendTimer, 0, tag, 0, active_}, true);
}

void SessionRun::on_server_arrival(int index) {
  Call& c = calls_[static_cast<std::size_t>(index)];
  if (c.cancelled) return;
  c.arrived = true;
  if (c.api == Api::BackendNotify) {
    c.effective_ok = true;
    note("backend", "receives the page's notification");
    const Notice notice = c.notice;
    each_component([&](Component& k) { k.on_backend_notice(*this, notice); });
    return;
  }
  if (c.api == Api::Logout) {
    // The /logout URL ends the CCP session and leaves the status [D 7,8]: in the model, the
    // platform's end of a session (LoggedIn -> LoggedOut, status untouched).
    c.effective_ok = true;
    on_session_expired("the page's /logout request");
    return;
  }
  if (c.api == Api::GetCurrentUserData) {
    // A read: what the platform shows of the agent now [D 26]; nothing changes.
    c.user_data = presence();
    c.effective_ok = true;
    return;
  }
  const model::AgentView pre = machine_.view();
  model::DispatchResult r = model::DispatchResult::Unaccepted;
  if (c.api == Api::SetState) {
    if (machine_.session() == model::Session::LoggedOut) {
      note("server", "setState refused: the agent's CCP session is logged out");
      return;
    }
    // [C 53] Cancelling a pending next status by setState(Available) through Streams is
    // unreliable (issues 465 InvalidStateException, 613, 943, 1063): with
    // streams_cancel_next_status_fail_prob the request is refused and the next status stays.
    // Drawn only when the machine would otherwise apply it. (The CCP UI's choice is reliable.)
    const model::AgentView& v = machine_.view();
    const model::PlatformProfile& prof = machine_.profile();
    const bool rejected_anyway =
        !c.enqueue && ((model::live_contact(v) && prof.setstate_requires_enqueue_during_contact) ||
                       (v.contact == Contact::AfterContactWork && prof.setstate_rejected_in_acw));
    if (c.target == Status::Available && v.next != model::NextStatus::None && !rejected_anyway &&
        draws_.chance(Chance::CancelNextStatusFails, 1.0)) {
      note("model", "{} by server: rejected (InvalidStateException: the next status stays [C 53])",
           model::to_string(Event::set_state(c.target, c.enqueue)));
      return;
    }
    r = dispatch(Event::set_state(c.target, c.enqueue), "server");
  } else if (c.api == Api::DismissUserContact) {
    // The API dismisses a MISSED/ERROR/ENDED/REJECTED contact [D 16]. When there is none any
    // more (the agent cleared it, a status change did), the call has nothing to do: the backend
    // treats that answer as done and goes on.
    const Contact now_contact = machine_.contact();
    if (now_contact == Contact::Missed || now_contact == Contact::AfterContactWork) {
      dispatch(Event::of(EventKind::DismissUserContact), "server");
    } else {
      note("server", "DismissUserContact: no missed contact to dismiss");
    }
    c.effective_ok = true;
    return;
  } else {
    r = dispatch(Event::put_user_status(c.target), "server");
  }
  if (r != model::DispatchResult::Applied) return;
  c.effective_ok = true;
  if (c.target == Status::Offline) {
    strategy_requested_offline_ = true;
    update_accounting();
  }
  const bool slot_cleared = pre.contact == Contact::AfterContactWork &&
                            machine_.contact() == Contact::None;
  if (slot_cleared && !agent_away_) ++out_.contacts_dropped_by_strategy;
}

void SessionRun::on_client_response(int index, bool timed_out) {
  Call& c = calls_[static_cast<std::size_t>(index)];
  if (c.resolved) return;
  c.resolved = true;
  c.timed_out = timed_out;
  if (c.from_page) {
    if (c.page_epoch != page_epoch_ || !page_script_alive_) return;  // no callback after teardown
    if (timed_out) note("page", "gives up on {} attempt {} (per-attempt timeout)",
                                            to_string(c.api), c.attempt);
    if (dialog_open_ || handler_blocking_) {
      deferred_responses_.push_back(index);
      return;
    }
    deliver_page_response(index);
    return;
  }
  const bool ok = !timed_out && c.outcome == ApiOutcome::Success && c.effective_ok;
  if (!ok) ++out_.api_failures_seen;
  note("backend", "sees {} attempt {}: {}", to_string(c.api), c.attempt,
                              ok ? "success" : "failure");
  owner_component(c.owner, [&](Component& k) { k.on_backend_response(*this, index, ok); });
}

void SessionRun::deliver_page_response(int index) {
  if (!page_script_alive_) return;
  const Call& c = calls_[static_cast<std::size_t>(index)];
  // Judged by how the answer arrived, not by when a blocked script gets to see it.
  const bool ok = c.outcome == ApiOutcome::Success && c.effective_ok && !c.timed_out;
  if (!ok) ++out_.api_failures_seen;
  note("page", "callback: {} attempt {} {}", to_string(c.api), c.attempt,
                           ok ? "succeeded" : "failed");
  owner_component(c.owner, [&](Component& k) { k.on_page_response(*this, index, ok); });
}

}  // namespace agentsim::sim::detail
