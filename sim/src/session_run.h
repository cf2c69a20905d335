// Private to sim/: the discrete-event engine of one session, and the small interface through which
// the strategy components (strategy_*.cpp) act on it.
#pragma once

#include <array>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/sim/api_buckets.h"
#include "agentsim/sim/component.h"
#include "agentsim/sim/event_queue.h"
#include "agentsim/sim/session.h"
#include "agentsim/sim/stream_observer.h"
#include "agentsim/sim/time.h"
#include "agentsim/sim/token_bucket.h"
#include "session_break.h"

namespace agentsim::sim::detail {

// Parameters are in milliseconds; the clock counts microseconds: sim::ms_to_us (time.h) converts.

enum class Ev : std::uint8_t {
  Close,              // t = 0: the session ends in the drawn way
  LogoutClose,        // after Log out, the agent closes the tab
  Teardown,           // the unloading page is destroyed
  HandlerReturns,     // a busy-waiting beforeunload handler returns
  DialogAnswer,       // the agent answers the leave-page dialog
  Reclose,            // after Stay, the agent closes the page again
  PageReopen,         // a reloaded page, or the CCP after a crash, is open again
  AgentReturns,       // back from sleep or network loss
  MobileKilled,       // the backgrounded mobile tab is killed
  ContactArrival,     // a: arrival generation
  RingTimeout,        // a: contact id
  AgentAnswers,       // a: contact id
  TalkEnds,           // a: contact id
  AcwEnds,            // a: contact id
  AutoAccept,         // a: contact id (auto-accept on: the platform connects it [D 50])
  AgentClearsMissed,  // a: contact id
  NoticeOffline,      // the working agent notices an unwanted Offline
  ServerArrival,      // a: call index; the request reaches the server (or the backend)
  ClientResponse,     // a: call index; the answer reaches the caller
  AttemptTimeout,     // a: call index; the caller gives up on the attempt
  PageTimer,          // a: page epoch, b: tag; a strategy timer in the page (owner: the component)
  BackendTimer,       // b: tag; a timer in the team's backend (owner: the component)
  HeartbeatSend,      // a: heartbeat epoch; the page's heartbeat timer fires
  HeartbeatArrive,    // the backend receives a heartbeat
  SweepTick,          // the sweeper's periodic pass (single-agent runs; a center has one for all)
  SweepRetry,         // a: sweep generation; the sweeper's retry timer for this agent
  MissedReact,        // a: reaction generation; the backend reacts to a missed contact
  MissedRetry,        // a: reaction generation; its retry timer
  SessionExpiry,      // the CCP session's 12 h expiry [D 36]
  InactivityExpiry,   // a: inactivity generation; no running CCP page for session_inactivity_logout_ms
  // Center mode, addressed to the center itself (SimEvent::agent == kCenterAddress):
  AgentStart,         // center mode: an incoming agent opens the CCP and logs in
  CenterArrival,      // a contact arrives at the center's queue
  CenterSweepTick,    // the sweeper's pass over every agent
  // Chat (single-agent runs), after the center's so no earlier value moves:
  ChatArrival,        // a: chat arrival generation
  ChatRingTimeout,    // a: chat id
  ChatAnswers,        // a: chat id; a present agent accepts it
  ChatAutoAccept,     // a: chat id (auto-accept on for chat [D 50])
  ChatEnds,           // a: chat id; the chat is over, ACW begins
  ChatAcwEnds,        // a: chat id
  ChatAgentClears,    // a: chat id; a present agent clears a missed chat or its ACW
  CenterChatArrival,  // center mode: a chat arrives at the center's chat queue
  // Center mode, breaks (session_break.cpp), after the chat's so no earlier value moves:
  BreakStart,         // a: break index; the agent closes the CCP for a break
  BreakEnd,           // a: break index; back from it: opens the CCP, logs in, Available
  ShiftEndClose,      // the end-of-shift close of an agent that takes breaks
  // fetchLater (components/fetch_later.cpp), after the breaks' so no earlier value moves:
  FetchLaterFire,     // a: page epoch, b: arm generation; activateAfter elapsed on a frozen page
};

inline constexpr std::uint16_t kCenterAddress = 0xFFFF;

struct SimEvent {
  Ev type;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint16_t agent = 0;  // center mode: the agent it is for (set by SessionRun::schedule)
  std::uint8_t owner = 0;   // PageTimer, BackendTimer: the component the timer is for
};

struct Call {
  Api api;
  Transport transport;
  model::Status target;
  bool enqueue;
  int attempt;
  bool from_page;
  std::uint8_t owner;  // the component that made it (its answer goes back there)
  Notice notice;       // BackendNotify: what the page says
  std::uint32_t page_epoch;
  ApiOutcome outcome;
  std::int64_t sent_us;
  bool arrived = false;    // reached the server
  bool cancelled = false;  // cancelled by the browser at teardown
  bool effective_ok = false;  // the server accepted and applied it
  bool resolved = false;   // the caller has seen its answer (or gave up)
  bool timed_out = false;  // the caller gave up on it (its own per-attempt timeout)
  bool sent_in_handler = false;  // sent synchronously inside the beforeunload handler
  AgentSnapshot user_data{};     // GetCurrentUserData: what the server saw when it arrived
};

// The storage a session needs, kept between the sessions a SessionRunner runs so that the hot
// loop allocates nothing: the agent machine (reset), the event queue and the call list (cleared).
// The strategy's components, owned, with their addresses and the short lists of which ones
// sweep and which ones listen to heartbeats inline: a hook reaches its component without a trip
// through a vector's separate storage (a center's agents outgrow the cache, and every event of
// theirs asks the sweepers when they are next due).
class ComponentSet {
 public:
  // A composition has at most kMaxComponents (strategy.cpp); more is a bug, refused.
  void add(std::unique_ptr<Component> c) {
    if (size_ == kMaxComponents) throw std::length_error("a strategy of more than kMaxComponents components");
    ptrs_[size_++] = c.get();
    owned_.push_back(std::move(c));
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  Component* operator[](std::size_t i) const { return ptrs_[i]; }
  Component* const* begin() const { return ptrs_.data(); }
  Component* const* end() const { return ptrs_.data() + size_; }
  // The bytes from the start of this object that an event reads: the count and the pointers in
  // use, not the unused rest of the array nor the owners (a center fetches these ahead).
  std::size_t hot_bytes() const {
    return static_cast<std::size_t>(reinterpret_cast<const char*>(end()) - reinterpret_cast<const char*>(this));
  }

 private:
  // The count first, then the pointers: an event iterating them reads the first line or two.
  std::uint8_t size_ = 0;
  std::array<Component*, kMaxComponents> ptrs_{};
  std::vector<std::unique_ptr<Component>> owned_;
};
// Indices of components (at most kMaxComponents), inline.
class ComponentIndices {
 public:
  void push_back(std::uint8_t i) { idx_[size_++] = i; }  // REQUIRES: size() < kMaxComponents
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::uint8_t* begin() const { return idx_.data(); }
  const std::uint8_t* end() const { return idx_.data() + size_; }

 private:
  std::array<std::uint8_t, kMaxComponents> idx_{};
  std::uint8_t size_ = 0;
};

struct SessionScratch {
  // `calls_capacity`: the calls reserved up front (a center's agents, which seldom call and each
  // of which has a scratch of its own for one shift, reserve none).
  explicit SessionScratch(const SessionSpec& spec, std::size_t queue_capacity = kQueueCapacity,
                          std::size_t calls_capacity = 16)
      : machine(spec.effective_profile(), spec.model_dispatch), queue(queue_capacity) {
    calls.reserve(calls_capacity);
    const std::vector<ComponentConfig> configs = spec.strategy.components();
    for (const ComponentConfig& c : configs) {
      if (c.descriptor->traits != nullptr && c.descriptor->traits(c).sweep_period_ms > 0) {
        sweepers.push_back(static_cast<std::uint8_t>(components.size()));
      }
      components.add(c.descriptor->create(c));
      switch (components[components.size() - 1]->heartbeat_notice()) {
        case HeartbeatNotice::Acts: heartbeats_in_queue = true; break;
        case HeartbeatNotice::Local:
          heartbeat_listeners.push_back(static_cast<std::uint8_t>(components.size() - 1));
          break;
        case HeartbeatNotice::Ignored: break;
      }
    }
    traits = traits_of(configs);
  }
  static constexpr std::size_t kQueueCapacity = 256;  // pending events of one session, at most
  model::AgentMachine machine;
  std::vector<Call> calls;
  // The strategy's components (reset before each session) and what the engine needs of them.
  ComponentSet components;
  // The sweepers among them (traits: a sweep period), whose passes are the ones that act
  // (Component::sweep_due_us).
  ComponentIndices sweepers;
  ComponentTraits traits;
  // A component acts on heartbeats (Component::heartbeat_notice): they must be events of the
  // queue. Otherwise the components that listen to them (Local), in the strategy's order.
  bool heartbeats_in_queue = false;
  ComponentIndices heartbeat_listeners;
  // A single-agent run's own queue, last: a center's agents share the center's, so an event of
  // theirs never reads it (CenterRun fetches an agent's lines ahead up to here, not beyond).
  EventQueue<SimEvent> queue;
};

class CenterRun;

class SessionRun final : public StrategyHost {
 public:
  // REQUIRES: `scratch` was made for a spec with the same effective profile.
  SessionRun(const SessionSpec& spec, DrawSource& draws, Trace* trace, SessionScratch& scratch)
      : SessionRun(spec, draws, trace, scratch, scratch.queue, nullptr, 0) {}
  Outcome run();
  // Reports each event's time to `probe` (agentsim check). REQUIRES: before run().
  void set_probe(SessionProbe* probe) {
    probe_ = probe;
    probe_->fingerprint = [this] { return fingerprint(); };
  }
  // Reports every change the Agent Event Stream would publish to `stream`, as agent `agent`
  // (stream_observer.h). REQUIRES: before run() / start_in_center().
  void set_stream(StreamObserver* stream, std::uint32_t agent) {
    stream_ = stream;
    stream_agent_ = agent;
  }
  // See SessionProbe::fingerprint.
  std::uint64_t fingerprint() const;

  // ---- center mode (center.cpp) ------------------------------------------------------------
  // An agent of a center: events go to the center's queue (tagged with `index`), contacts come
  // from its router, tokens from its bucket, sweeper passes from its tick.
  SessionRun(const SessionSpec& spec, DrawSource& draws, Trace* trace, SessionScratch& scratch,
             EventQueue<SimEvent>& center_queue, CenterRun& center, std::uint16_t index)
      : SessionRun(spec, draws, trace, scratch, center_queue, &center, index) {}
  // At shift start: the page opens, the agent logs in and chooses Available; the session ends at
  // `close_at_us` (never if negative).
  void start_in_center(std::int64_t close_at_us);
  void handle_at(std::int64_t now_us, const SimEvent& e) {
    // A contact's events neither read nor change the heartbeats; a hook they reach runs them
    // first (each_component).
    if (contact_event(e.type)) {
      now_us_ = now_us;
    } else {
      run_heartbeats_before(now_us);
    }
    if (!on_break_event(e)) handle(e);
    note_sweep_due();
  }
  // Breaks (session_break.cpp): this agent's, in time order. REQUIRES: before start_in_center().
  void plan_breaks(std::vector<BreakSlot> slots) { breaks_.slots = std::move(slots); }
  const BreakTally& break_tally() const { return breaks_.tally; }
  // The heartbeats' own stream (center mode). REQUIRES: before start_in_center().
  void set_heartbeat_stream(const Rng& rng) {
    heartbeat_rng_ = rng;
    heartbeat_stream_ = true;
  }
  // The center's router offers contact `id` at `now_us`. REQUIRES: routable().
  void offer_contact(std::uint32_t id, std::int64_t now_us);
  // The center's router offers chat `id` at `now_us`. REQUIRES: routable for chat.
  void offer_chat(std::uint32_t id, std::int64_t now_us) {
    now_us_ = now_us;  // as a contact's event (handle_at)
    offer_chat_now(id);
    note_sweep_due();
  }
  void sweep_pass(std::int64_t now_us) {
    run_heartbeats_before(now_us);
    sweep_check();
    note_sweep_due();
  }
  // When the center's sweeper must next pass over this agent: the earliest of its components'
  // Component::sweep_due_us (kSweepDueNever: not until something happens to it). The center is
  // told after every event, offer and pass of the agent (note_sweep_due), which are all the ways
  // its state changes, so a pass the center skips is one that would have done nothing.
  std::int64_t sweep_due_us() const;
  // Closes open intervals at `end_us` and returns the agent's accounting. `run_to_end`: the
  // shift ran to `end_us` (not stopped by a budget), so the heartbeats due by then run first.
  Outcome finish_in_center(std::int64_t end_us, bool run_to_end);
  bool routable() const { return machine_.routable_for(model::Channel::Voice); }
  // The bytes from the start of this object that a center's agent's events read: all but the
  // seldom-read and single-agent-only members at the end (CenterRun prefetches these).
  std::size_t hot_bytes() const {
    return static_cast<std::size_t>(reinterpret_cast<const char*>(&out_) - reinterpret_cast<const char*>(this));
  }
  bool ghost() const { return ghost_since_us_ >= 0; }
  const Outcome& outcome() const { return out_; }

  // ---- StrategyHost: the interface of the strategy components (component.h) ---------------
  std::int64_t now_us() const override { return now_us_; }
  bool page_script_alive() const override { return page_script_alive_; }
  int send_setstate(model::Status target, bool enqueue, int attempt, double timeout_ms) override;
  int notify_backend(Transport transport, Notice notice) override;
  void request_dialog(int max_dialogs) override {
    forbid_in_heartbeat_notice("asked for the leave-page dialog");
    dialog_requested_ = true;
    dialog_max_ = std::max(dialog_max_, max_dialogs);
  }
  void busy_wait_in_handler(double ms) override {
    forbid_in_heartbeat_notice("asked for a busy-wait");
    busy_wait_ms_ = std::max(busy_wait_ms_, ms);
  }
  void set_page_timer(std::int64_t delay_us, std::uint32_t tag) override;
  bool page_timer_pending() const override;
  int put_user_status(model::Status target, int attempt, double timeout_ms, CallRole role) override;
  int dismiss_user_contact(int attempt, double timeout_ms) override;
  int get_current_user_data(double timeout_ms) override;
  AgentSnapshot user_data(int call) const override;
  std::int64_t reserve_poll_slot() override;
  void arm_fetch_later(Notice notice, double activate_after_ms) override;
  void disarm_fetch_later() override;
  int log_out(bool terminate_only) override;
  void set_backend_timer(std::int64_t delay_us, std::uint32_t tag) override;
  bool heartbeats_silent(double timeout_ms) const override {
    return now_us_ - last_heartbeat_us_ > ms_to_us(timeout_ms);
  }
  bool event_stream_silent(double timeout_ms) const override {
    return event_stream_silence_us() > ms_to_us(timeout_ms);
  }
  std::int64_t heartbeats_silent_from_us(double timeout_ms) const override {
    if (heartbeats_off_queue_) return silent_from_ahead_us(ms_to_us(timeout_ms));
    return last_heartbeat_us_ + ms_to_us(timeout_ms) + 1;
  }
  std::int64_t event_stream_silent_from_us(double timeout_ms) const override;
  AgentSnapshot presence() const override;
  void count_detection() override;
  std::int64_t reserve_paced_slot() override;
  std::int64_t retry_delay_us(const RetryPolicy& policy, int attempt) override {
    forbid_in_heartbeat_notice("drew a retry delay");
    return draws_.retry_delay_us(policy, attempt);
  }
  bool trace_enabled() const override { return trace_ != nullptr; }
  void trace_line(std::string_view source, std::string text) override {
    if (trace_ != nullptr) trace_->entries.push_back({now_us_, std::string(source), std::move(text)});
  }
  // Records a line of the timeline — formatted only when a trace was asked for, so the hot path
  // pays nothing for it.
  template <class... Args>
  void note(const char* source, fmt::format_string<Args...> format, Args&&... args) {
    if (trace_ != nullptr) {
      trace_->entries.push_back({now_us_, source, fmt::format(format, std::forward<Args>(args)...)});
    }
  }

 private:
  SessionRun(const SessionSpec& spec, DrawSource& draws, Trace* trace, SessionScratch& scratch,
             EventQueue<SimEvent>& queue, CenterRun* center, std::uint16_t index);

  const SessionSpec& spec_;
  const EnvironmentParams& env_;
  DrawSource& draws_;
  Trace* trace_;
  model::AgentMachine& machine_;
  EventQueue<SimEvent>& queue_;
  std::vector<Call>& calls_;
  const ComponentSet& components_;
  const ComponentTraits& traits_;
  const ComponentIndices& sweepers_;  // scratch.sweepers
  const ComponentIndices& heartbeat_listeners_;  // scratch.heartbeat_listeners

  CenterRun* center_;
  std::uint16_t index_;
  SessionProbe* probe_ = nullptr;
  StreamObserver* stream_ = nullptr;  // --emit-event-stream; nullptr on the hot path
  std::uint32_t stream_agent_ = 0;

  std::int64_t now_us_ = 0;
  std::int64_t horizon_us_ = 0;
  std::int64_t ring_timeout_us_ = 0;
  std::int64_t acw_us_ = 0;

  // page
  bool page_script_alive_ = true;
  bool dialog_open_ = false;
  bool in_handler_ = false;  // the beforeunload handler is running (its sends are synchronous)
  bool handler_blocking_ = false;  // a busy-waiting handler blocks the page's script
  std::uint32_t page_epoch_ = 0;
  std::vector<int> deferred_responses_;
  struct DeferredTimer {
    std::uint8_t owner;
    std::uint32_t tag;
  };
  std::vector<DeferredTimer> deferred_timers_;  // page timers due while the dialog blocked script
  // agent
  bool agent_away_ = false;
  bool wants_available_ = true;     // the agent means to be Available (working, not leaving)
  bool works_available_ = true;     // ...when at work: false if Offline/Custom before the close
  bool strategy_requested_offline_ = false;
  int pending_work_ = 0;
  // contacts
  std::uint32_t contact_id_ = 0;
  std::int64_t talk_ends_us_ = -1;      // when the current call's talk time ends
  bool contact_on_ghost_ = false;
  bool contact_offered_unloading_ = false;  // offered while the page was unloading, agent leaving
  std::uint32_t arrival_gen_ = 0;
  bool arrival_pending_ = false;
  // chats: the simulator follows each chat's lifecycle; the model counts the occupied slots
  enum class ChatState : std::uint8_t { Free, Ringing, Connected, Acw, Missed };
  struct ChatSlot {
    std::uint32_t id = 0;
    ChatState state = ChatState::Free;
    bool on_ghost = false;
  };
  std::array<ChatSlot, model::kMaxChatSlots> chats_{};
  std::uint32_t chat_id_ = 0;
  std::uint32_t chat_arrival_gen_ = 0;
  bool chat_arrival_pending_ = false;
  std::int64_t chat_ring_timeout_us_ = 0;
  // server side: the backend's view of this agent (heartbeat / event-stream sweeper)
  bool heartbeats_on_ = false;          // the page (or its sibling tab) sends heartbeats
  bool mobile_hidden_ = false;          // a backgrounded mobile tab: timers frozen
  // The page's fetchLater (one per document; the browser holds it): armed, by which component,
  // what it says, its activateAfter, and a generation that retires a superseded FetchLaterFire.
  int heartbeat_blocked_ = -1;           // beacon heartbeats: blocked (1) or not (0); -1 not drawn
  bool streams_terminated_ = false;     // the page called connect.core.terminate()
  bool fetch_later_armed_ = false;
  std::uint8_t fetch_later_owner_ = 0;
  Notice fetch_later_notice_ = Notice::Close;
  double fetch_later_activate_ms_ = 0;
  std::uint32_t fetch_later_gen_ = 0;
  std::uint32_t heartbeat_epoch_ = 0;   // voids the heartbeat timer when heartbeats stop
  std::int64_t last_heartbeat_us_ = 0;  // the backend received the last heartbeat then
  // Heartbeats off the queue (center mode, every component's notice local: the center's agents'
  // heartbeats are most of a shift's events). The page's next send (kNoHeartbeat: none) and the
  // arrivals under way, latest first, live here; run_heartbeats_before(t) runs those before t,
  // in time order, as the queue would have — every event, offer and pass of the agent calls it
  // first, so whatever the agent does next sees them, and draws from the timer stream stay in
  // the same order (docs/library.md, "Heartbeats in a center").
  static constexpr std::int64_t kNoHeartbeat = INT64_MAX;
  bool heartbeats_off_queue_ = false;
  bool in_heartbeat_notice_ = false;  // a notice off the queue runs: the host must not be called
  std::int64_t next_send_us_ = kNoHeartbeat;
  std::vector<std::int64_t> arrivals_us_;  // sorted, latest first
  void run_heartbeats_before(std::int64_t now_us);
  void run_heartbeats_to(std::int64_t until_us, bool inclusive);
  void schedule_heartbeat_send(std::int64_t at_us);
  void send_heartbeat();
  void arrive_at(std::int64_t arrives_us);  // a heartbeat sent now arrives then
  std::int64_t next_heartbeat_us() const {
    return std::min(next_send_us_, arrivals_us_.empty() ? kNoHeartbeat : arrivals_us_.back());
  }
  void forbid_in_heartbeat_notice(const char* what) const;
  // Center mode: the heartbeats draw from their own stream, one draw of loss (and, when not lost,
  // latency) per beat of the page's timer whatever becomes of the beat (a dialog that blocks it),
  // so a train is a pure function of that stream and its beats' times. Draws can then be made
  // ahead (a ring of the next kBeatDrawsAhead: a latency in µs, or kBeatLost), and the first
  // silent moment found ahead of time (heartbeats_silent_from_us): the center's sweeper then
  // visits a working agent about once per kBeatDrawsAhead beats rather than once per silence
  // timeout.
  static constexpr std::size_t kBeatDrawsAhead = 32;
  static constexpr std::int64_t kBeatLost = -1;
  bool heartbeat_stream_ = false;
  mutable std::size_t beat_draws_head_ = 0;
  mutable std::size_t beat_draws_count_ = 0;
  std::int64_t beat_draw_ahead(std::size_t k) const;  // REQUIRES: k < kBeatDrawsAhead
  std::int64_t take_beat_draw();
  // The last answer of heartbeats_silent_from_us off the queue, for the train it was found for.
  struct SilentFrom {
    std::int64_t timeout_us = -1;
    std::uint32_t epoch = 0;
    bool dialog_open = false;
    std::int64_t at_us = 0;
  };
  mutable SilentFrom silent_from_{};
  std::int64_t silent_from_ahead_us(std::int64_t timeout_us) const;
  std::int64_t heartbeats_since_us_ = 0;  // heartbeats (re)started then (settling window)
  std::int64_t last_record_us_ = 0;     // event stream: the agent's last STATE_CHANGE / LOGIN
  std::int64_t logout_us_ = -1;         // event stream: when the agent logged out
  std::int64_t after_logout_us_ = 0;    // event stream: HEART_BEATs go on this long after it
  bool sweep_ticking_ = false;          // single-agent runs: a SweepTick is scheduled
  // the CCP session: inactivity (no running CCP page) and expiry
  bool page_frozen_ = false;            // the page is there but frozen (sleep, network loss)
  bool ccp_running_ = true;             // a CCP page runs script for this agent
  std::uint32_t inactivity_gen_ = 0;    // voids a scheduled InactivityExpiry
  // accounting
  std::int64_t ghost_since_us_ = -1;
  std::int64_t unwanted_offline_since_us_ = -1;
  bool notice_scheduled_ = false;
  std::uint32_t states_reached_ = 0;  // out_.states_reached, which dispatch() updates when it grows

  // breaks (session_break.cpp): read at every event of the agent (are there any)
  BreakState breaks_;

  // What an event of a center's agent seldom reads, and what only a single-agent run uses (a
  // center's agents share the center's buckets and pacers), last: a center fetches an agent's
  // lines ahead of its event up to here (hot_bytes; docs/performance.md, part 7: which lines an
  // event reads).
  // The outcome's counters, written when what they count happens; the one an event writes,
  // the states reached, is also kept above (states_reached_) so that the event only reads that.
  Outcome out_;
  std::uint8_t active_ = 0;  // the component whose hook runs (it owns the calls and timers it makes)
  std::array<std::uint16_t, kMaxComponents> page_timers_{};  // page timers pending, per component
  bool dialog_requested_ = false;  // a component asked for the leave-page dialog
  int dialog_max_ = 0;
  double busy_wait_ms_ = 0;        // the longest busy-wait a component asked for
  bool unload_events_fired_ = false;  // this unload's pagehide and visibilitychange fired
  // The heartbeats' stream, drawn once per kBeatDrawsAhead beats (beat_draws_).
  mutable Rng heartbeat_rng_{0};
  ApiBuckets buckets_;
  TokenBucket sweep_pacer_;  // the sweeper's pacing (a center paces all agents at once)
  TokenBucket poll_pacer_;   // the same for a poller's GetCurrentUserData calls
  // The heartbeats' draws ahead (center mode): read about once an agent's sixth event, so not
  // worth fetching ahead with the rest (4 of its lines).
  mutable std::array<std::int64_t, kBeatDrawsAhead> beat_draws_{};

  void schedule(std::int64_t at_us, SimEvent e, bool work);
  // Center mode with a sweeper: tells the center this agent's sweep_due_us() (server_side.cpp).
  void note_sweep_due();
  // breaks (session_break.cpp)
  bool on_break_event(const SimEvent& e);
  void stamp_close_epoch(SimEvent& e) const;
  void schedule_breaks();
  void begin_close_episode(CloseKind kind);
  void end_break_episode();
  void break_returns();
  model::DispatchResult dispatch(const model::Event& e, const char* who);
  void after_change(const model::AgentView& pre, const char* who);
  void update_routing();
  void update_accounting();
  void update_inactivity();
  void schedule_session_expiry(std::int64_t age_at_now_us);
  void on_session_expired(const char* why);
  bool agent_can_act() const;
  bool settled() const;
  void finish(bool horizon_reached);

  void set_up_pre_close();
  void handle(const SimEvent& e);
  void on_close();
  void begin_unload();
  void on_teardown();
  void on_dialog_answer();
  // The browser sends the page's armed fetchLater (the document ends, or activateAfter elapsed).
  void send_fetch_later(double delivery_factor);
  void schedule_teardown();
  void after_handler(bool busy_waited);
  void run_deferred();
  bool on_the_wire(const Call& c) const;
  void agent_returns(const char* why);
  void on_contact_event(const SimEvent& e);
  void on_server_arrival(int index);
  void on_client_response(int index, bool timed_out);
  void deliver_page_response(int index);
  bool take_token(Api api);
  int new_call(Api api, Transport t, model::Status target, bool enqueue, int attempt,
               bool from_page, Duration latency, double timeout_ms, Notice notice);
  void offer_contact_now();
  void on_chat_event(const SimEvent& e);
  void offer_chat_now(std::uint32_t id);
  ChatSlot* chat_slot(std::uint32_t id);
  void clear_chat(ChatSlot& slot, const char* who);

  // server side (server_side.cpp)
  void start_server_side();
  void start_heartbeats(std::int64_t first_in_us);
  void stop_heartbeats();
  void on_heartbeat_send(std::uint32_t epoch);
  void on_heartbeat_arrive();
  void on_sweep_tick();
  void ensure_sweep_ticking();
  std::int64_t event_stream_silence_us() const;
  void sweep_check();
  void on_missed_contact();
  bool server_side_idle() const;
  bool has_sweeper() const { return traits_.sweep_period_ms > 0; }

  // The hooks, to every component in the strategy's order (or to the one that owns a call or
  // timer); `active_` names the component that runs.
  // Before a hook: the heartbeats off the queue due so far run, so that it sees them.
  void catch_up_heartbeats() {
    if (heartbeats_off_queue_ && !in_heartbeat_notice_ && next_heartbeat_us() < now_us_) {
      run_heartbeats_before(now_us_);
    }
  }
  static bool contact_event(Ev type) {
    switch (type) {
      case Ev::RingTimeout:
      case Ev::AgentAnswers:
      case Ev::TalkEnds:
      case Ev::AcwEnds:
      case Ev::AutoAccept:
      case Ev::AgentClearsMissed:
      case Ev::ChatRingTimeout:
      case Ev::ChatAnswers:
      case Ev::ChatAutoAccept:
      case Ev::ChatEnds:
      case Ev::ChatAcwEnds:
      case Ev::ChatAgentClears: return true;
      default: return false;
    }
  }
  template <class F>
  void each_component(F&& f) {
    catch_up_heartbeats();
    for (std::size_t i = 0; i < components_.size(); ++i) {
      active_ = static_cast<std::uint8_t>(i);
      f(*components_[i]);
    }
  }
  template <class F>
  void owner_component(std::uint8_t owner, F&& f) {
    catch_up_heartbeats();
    active_ = owner;
    f(*components_[owner]);
  }
  void fire_page_event(PageEvent e);
  void fire_unload_events();
  void deliver_page_timer(std::uint8_t owner, std::uint32_t tag);
};

}  // namespace agentsim::sim::detail
