// Private to sim/: the discrete-event engine of one session, and the small interface through which
// the strategy components (strategy_*.cpp) act on it.
#pragma once

#include <array>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/sim/api_buckets.h"
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
  PageTimer,          // a: page epoch, b: tag; a strategy timer in the page
  BackendTimer,       // b: tag; a timer in the team's backend
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
};

inline constexpr std::uint16_t kCenterAddress = 0xFFFF;

struct SimEvent {
  Ev type;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint16_t agent = 0;  // center mode: the agent it is for (set by SessionRun::schedule)
};

// Who made an API call, so its answer reaches the right component.
enum class Origin : std::uint8_t { Page, Backend, Sweeper, MissedReaction };

struct Call {
  Api api;
  Transport transport;
  model::Status target;
  bool enqueue;
  int attempt;
  bool from_page;
  Origin origin;
  std::uint32_t page_epoch;
  ApiOutcome outcome;
  std::int64_t sent_us;
  bool arrived = false;    // reached the server
  bool cancelled = false;  // cancelled by the browser at teardown
  bool effective_ok = false;  // the server accepted and applied it
  bool resolved = false;   // the caller has seen its answer (or gave up)
  bool timed_out = false;  // the caller gave up on it (its own per-attempt timeout)
  bool sent_in_handler = false;  // sent synchronously inside the beforeunload handler
};

// State of the strategy components; each reads the fields it owns.
struct StrategyState {
  int attempts = 0;                // page-side attempts sent
  bool confirmed = false;          // the page saw a success
  std::int64_t first_attempt_us = -1;
  bool timer_pending = false;      // a page retry timer is set
  bool dialog_requested = false;   // the page asked the browser for the leave dialog
  int backend_attempts = 0;
  bool backend_confirmed = false;
  bool backend_started = false;
  std::int64_t backend_first_us = -1;
};

// The storage a session needs, kept between the sessions a SessionRunner runs so that the hot
// loop allocates nothing: the agent machine (reset), the event queue and the call list (cleared).
struct SessionScratch {
  explicit SessionScratch(const SessionSpec& spec, std::size_t queue_capacity = kQueueCapacity)
      : machine(spec.effective_profile(), spec.model_dispatch), queue(queue_capacity) {
    calls.reserve(16);
  }
  static constexpr std::size_t kQueueCapacity = 256;  // pending events of one session, at most
  model::AgentMachine machine;
  EventQueue<SimEvent> queue;
  std::vector<Call> calls;
};

class CenterRun;

class SessionRun {
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
    now_us_ = now_us;
    if (!on_break_event(e)) handle(e);
  }
  // Breaks (session_break.cpp): this agent's, in time order. REQUIRES: before start_in_center().
  void plan_breaks(std::vector<BreakSlot> slots) { breaks_.slots = std::move(slots); }
  const BreakTally& break_tally() const { return breaks_.tally; }
  // The center's router offers contact `id` at `now_us`. REQUIRES: routable().
  void offer_contact(std::uint32_t id, std::int64_t now_us);
  // The center's router offers chat `id` at `now_us`. REQUIRES: routable for chat.
  void offer_chat(std::uint32_t id, std::int64_t now_us) {
    now_us_ = now_us;
    offer_chat_now(id);
  }
  void sweep_pass(std::int64_t now_us) {
    now_us_ = now_us;
    sweep_check();
  }
  // Closes open intervals at `end_us` and returns the agent's accounting.
  Outcome finish_in_center(std::int64_t end_us);
  bool routable() const { return machine_.routable_for(model::Channel::Voice); }
  bool ghost() const { return ghost_since_us_ >= 0; }
  const Outcome& outcome() const { return out_; }

  // ---- the interface of the strategy components -----------------------------------------
  std::int64_t now() const { return now_us_; }
  const StrategyConfig& config() const { return spec_.strategy; }
  StrategyState& state() { return strategy_; }
  const Call& call(int index) const { return calls_[static_cast<std::size_t>(index)]; }
  // The page that runs the strategy can still run script (it exists and is not torn down).
  bool page_script_alive() const { return page_script_alive_; }
  // Sends setState(target) from the page through the CCP's shared worker. Returns the call index.
  int send_setstate(model::Status target, bool enqueue, int attempt);
  // Notifies the team's backend from the page. Returns the call index, or -1 if it never left.
  int notify_backend(Transport transport);
  // The backend calls PutUserStatus(Offline). Returns the call index.
  int backend_put_user_status(int attempt);
  int backend_put_user_status(int attempt, model::Status target, Origin origin);
  int backend_dismiss_contact(int attempt);
  void set_page_timer(std::int64_t delay_us, std::uint32_t tag);
  void set_backend_timer(std::int64_t delay_us, std::uint32_t tag);
  // Ask the browser for the leave-page dialog (honoured only with sticky activation).
  void request_dialog() { strategy_.dialog_requested = true; }
  std::int64_t retry_delay_us(int attempt) { return draws_.retry_delay_us(config().retry, attempt); }
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
  StrategyState strategy_;
  Outcome out_;

  CenterRun* center_;
  std::uint16_t index_;
  SessionProbe* probe_ = nullptr;
  StreamObserver* stream_ = nullptr;  // --emit-event-stream; nullptr on the hot path
  std::uint32_t stream_agent_ = 0;

  std::int64_t now_us_ = 0;
  std::int64_t horizon_us_ = 0;
  std::int64_t ring_timeout_us_ = 0;
  std::int64_t acw_us_ = 0;
  ApiBuckets buckets_;  // single-agent runs (a center's agents share the center's)

  // page
  bool page_script_alive_ = true;
  bool dialog_open_ = false;
  bool in_handler_ = false;  // the beforeunload handler is running (its sends are synchronous)
  bool handler_blocking_ = false;  // a busy-waiting handler blocks the page's script
  std::uint32_t page_epoch_ = 0;
  std::vector<int> deferred_responses_;
  std::vector<std::uint32_t> deferred_timers_;  // page timers due while the dialog blocked script
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
  std::uint32_t heartbeat_epoch_ = 0;   // voids the heartbeat timer when heartbeats stop
  std::int64_t last_heartbeat_us_ = 0;  // the backend received the last heartbeat then
  std::int64_t heartbeats_since_us_ = 0;  // heartbeats (re)started then (settling window)
  std::int64_t last_record_us_ = 0;     // event stream: the agent's last STATE_CHANGE / LOGIN
  std::int64_t logout_us_ = -1;         // event stream: when the agent logged out
  std::int64_t after_logout_us_ = 0;    // event stream: HEART_BEATs go on this long after it
  bool sweep_active_ = false;           // a sequence of Offline attempts is under way
  bool sweep_done_ = false;             // the sweeper set this agent Offline for this silence
  bool sweep_ticking_ = false;          // single-agent runs: a SweepTick is scheduled
  int sweep_attempts_ = 0;
  std::int64_t sweep_first_us_ = -1;
  std::uint32_t sweep_gen_ = 0;
  bool sweep_reserved_ = false;         // the next attempt holds a paced slot
  TokenBucket sweep_pacer_;                  // single-agent runs (a center paces all agents at once)
  // missed-contact reaction
  bool missed_active_ = false;
  int missed_step_ = 0;                 // dismiss_then_offline: 1 dismiss, 2 Offline
  int missed_attempts_ = 0;
  std::int64_t missed_first_us_ = -1;
  std::uint32_t missed_gen_ = 0;
  // the CCP session: inactivity (no running CCP page) and expiry
  bool page_frozen_ = false;            // the page is there but frozen (sleep, network loss)
  bool ccp_running_ = true;             // a CCP page runs script for this agent
  std::uint32_t inactivity_gen_ = 0;    // voids a scheduled InactivityExpiry
  // accounting
  std::int64_t ghost_since_us_ = -1;
  std::int64_t unwanted_offline_since_us_ = -1;
  bool notice_scheduled_ = false;

  void schedule(std::int64_t at_us, SimEvent e, bool work);
  // breaks (session_break.cpp)
  BreakState breaks_;
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
               bool from_page, Duration latency, Origin origin);
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
  bool agent_silent() const;
  std::int64_t event_stream_silence_us() const;
  void sweep_check();
  void sweep_attempt();
  void sweeper_on_response(int index, bool ok);
  void on_missed_contact();
  void missed_attempt();
  void missed_on_response(int index, bool ok);
  bool server_side_idle() const;
};

// Strategy hooks (strategy_hooks.cpp routes them to the component of the configured kind).
void strategy_on_beforeunload(SessionRun& run);
void strategy_on_page_response(SessionRun& run, int call, bool ok);
void strategy_on_page_timer(SessionRun& run, std::uint32_t tag);
void strategy_on_dialog_answer(SessionRun& run, bool stay);
void strategy_on_backend_notified(SessionRun& run);
void strategy_on_backend_response(SessionRun& run, int call, bool ok);
void strategy_on_backend_timer(SessionRun& run, std::uint32_t tag);

}  // namespace agentsim::sim::detail
