// Private to sim/: the discrete-event engine of one session, and the small interface through which
// the strategy components (strategy_*.cpp) act on it.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "agentsim/model/agent_machine.h"
#include "agentsim/sim/event_queue.h"
#include "agentsim/sim/session.h"

namespace agentsim::sim::detail {

// Parameters are in milliseconds; the clock counts microseconds.
inline std::int64_t ms_to_us(double ms) { return static_cast<std::int64_t>(std::llround(ms * 1000.0)); }

enum class Ev : std::uint8_t {
  Close,              // t = 0: the session ends in the drawn way
  LogoutClose,        // after Log out, the agent closes the tab
  Teardown,           // the unloading page is destroyed
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
  AgentClearsMissed,  // a: contact id
  NoticeOffline,      // the working agent notices an unwanted Offline
  ServerArrival,      // a: call index; the request reaches the server (or the backend)
  ClientResponse,     // a: call index; the answer reaches the caller
  AttemptTimeout,     // a: call index; the caller gives up on the attempt
  PageTimer,          // a: page epoch, b: tag; a strategy timer in the page
  BackendTimer,       // b: tag; a timer in the team's backend
};

struct SimEvent {
  Ev type;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

struct Call {
  Api api;
  Transport transport;
  model::Status target;
  bool enqueue;
  int attempt;
  bool from_page;
  std::uint32_t page_epoch;
  ApiOutcome outcome;
  std::int64_t sent_us;
  bool arrived = false;    // reached the server
  bool cancelled = false;  // cancelled by the browser at teardown
  bool effective_ok = false;  // the server accepted and applied it
  bool resolved = false;   // the caller has seen its answer (or gave up)
  bool timed_out = false;  // the caller gave up on it (its own per-attempt timeout)
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
  explicit SessionScratch(const SessionSpec& spec)
      : machine(spec.effective_profile()), queue(kQueueCapacity) {
    calls.reserve(16);
  }
  static constexpr std::size_t kQueueCapacity = 256;  // pending events of one session, at most
  model::AgentMachine machine;
  EventQueue<SimEvent> queue;
  std::vector<Call> calls;
};

class SessionRun {
 public:
  // REQUIRES: `scratch` was made for a spec with the same effective profile.
  SessionRun(const SessionSpec& spec, DrawSource& draws, Trace* trace, SessionScratch& scratch);
  Outcome run();

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
  const SessionSpec& spec_;
  const EnvironmentParams& env_;
  DrawSource& draws_;
  Trace* trace_;
  model::AgentMachine& machine_;
  EventQueue<SimEvent>& queue_;
  std::vector<Call>& calls_;
  StrategyState strategy_;
  Outcome out_;

  std::int64_t now_us_ = 0;
  std::int64_t horizon_us_ = 0;
  std::int64_t ring_timeout_us_ = 0;
  std::int64_t acw_us_ = 0;
  double bucket_tokens_ = 0;
  std::int64_t bucket_time_us_ = 0;

  // page
  bool page_script_alive_ = true;
  bool dialog_open_ = false;
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
  bool contact_on_ghost_ = false;
  std::uint32_t arrival_gen_ = 0;
  bool arrival_pending_ = false;
  // accounting
  std::int64_t ghost_since_us_ = -1;
  std::int64_t unwanted_offline_since_us_ = -1;
  bool notice_scheduled_ = false;

  void schedule(std::int64_t at_us, SimEvent e, bool work);
  model::DispatchResult dispatch(const model::Event& e, const char* who);
  void after_change(const model::AgentView& pre, const char* who);
  void update_routing();
  void update_accounting();
  bool agent_can_act() const;
  bool settled() const;
  void finish(bool horizon_reached);

  void set_up_pre_close();
  void handle(const SimEvent& e);
  void on_close();
  void begin_unload();
  void on_teardown();
  void on_dialog_answer();
  void agent_returns(const char* why);
  void on_contact_event(const SimEvent& e);
  void on_server_arrival(int index);
  void on_client_response(int index, bool timed_out);
  void deliver_page_response(int index);
  bool take_token();
  int new_call(Api api, Transport t, model::Status target, bool enqueue, int attempt,
               bool from_page, Duration latency);
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
