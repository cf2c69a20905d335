// An agent's breaks in center mode (center.h: breaks_per_agent; session_break.h). A break is a
// close and a reopen on the same agent: its close runs exactly as a shift-end close (the kind was
// drawn from the environment's weights, the strategy under test runs, a ghost counts), and at its
// end the agent, back, opens the CCP, logs in and chooses Available. Whatever of the close is
// still pending then (a crash's reopen, a sleep's return, a kill, a dialog) is void: the agent
// came back on its own account. Each break close counts as a close (BreakTally).
#include "session_run.h"

#include "agentsim/model/agent_view.h"

namespace agentsim::sim::detail {

namespace {

using model::Event;
using model::EventKind;

// The page-lifecycle events a close schedules (session_events.cpp); none uses SimEvent::a, which
// carries the close epoch for an agent that takes breaks.
bool close_lifecycle(Ev type) {
  switch (type) {
    case Ev::LogoutClose:
    case Ev::Teardown:
    case Ev::HandlerReturns:
    case Ev::DialogAnswer:
    case Ev::Reclose:
    case Ev::PageReopen:
    case Ev::AgentReturns:
    case Ev::MobileKilled: return true;
    default: return false;
  }
}

}  // namespace

void SessionRun::stamp_close_epoch(SimEvent& e) const {
  if (!breaks_.slots.empty() && close_lifecycle(e.type)) e.a = breaks_.close_epoch;
}

void SessionRun::schedule_breaks() {
  if (breaks_.slots.empty()) return;
  breaks_.final_kind = out_.close_kind;
  for (std::size_t k = 0; k < breaks_.slots.size(); ++k) {
    const auto index = static_cast<std::uint32_t>(k);
    schedule(breaks_.slots[k].start_us, {Ev::BreakStart, index}, false);
    schedule(breaks_.slots[k].end_us, {Ev::BreakEnd, index}, false);
  }
}

bool SessionRun::on_break_event(const SimEvent& e) {
  if (breaks_.slots.empty()) return false;
  switch (e.type) {
    case Ev::BreakStart: {
      const BreakSlot& slot = breaks_.slots[e.a];
      note("agent", "goes on a break until {:.0f} s: closes the CCP",
           static_cast<double>(slot.end_us) / 1e6);
      begin_close_episode(slot.kind);
      breaks_.in_break = true;
      breaks_.in_episode = true;
      ++breaks_.tally.closes;
      on_close();
      return true;
    }
    case Ev::BreakEnd:
      if (breaks_.in_break) break_returns();
      return true;
    case Ev::ShiftEndClose:
      --pending_work_;
      begin_close_episode(breaks_.final_kind);
      on_close();
      return true;
    default: break;
  }
  if (close_lifecycle(e.type) && e.a != breaks_.close_epoch) {
    --pending_work_;  // scheduled as work by the close it belonged to
    note("env", "void: left over from a break's close");
    return true;
  }
  return false;
}

// A close starts (a break's or the end of shift's): the previous break's episode ends, the
// strategy starts afresh, as it would on a newly opened page.
void SessionRun::begin_close_episode(CloseKind kind) {
  end_break_episode();
  breaks_.dialogs_earlier += out_.dialogs_shown;
  out_.dialogs_shown = 0;  // max_dialogs is per close
  // What belonged to the previous close is over for the components (a new page's handlers, a
  // backend reaction per close); a sweeper keeps watching.
  each_component([&](Component& c) { c.on_new_close(*this); });
  out_.close_kind = kind;
  if (kind == CloseKind::OneOfTwoTabs && model::pages_open(machine_.view()) < 2) {
    dispatch(Event::of(EventKind::PageOpen), "agent");  // the agent had a second tab open
  }
  breaks_.episode_ghost_us0 = out_.ghost_us;
  breaks_.episode_offered0 = out_.contacts_offered_to_ghost;
}

// What a break's episode counted; its spurious Offline moves to the tally, so that what is left
// in the agent's Outcome is the end-of-shift close's. At the end of the shift too (finish).
void SessionRun::end_break_episode() {
  out_.dialogs_shown += breaks_.dialogs_earlier;  // all closes' dialogs, until the next close
  breaks_.dialogs_earlier = 0;
  if (!breaks_.in_episode) return;
  breaks_.in_episode = false;
  BreakTally& t = breaks_.tally;
  const std::int64_t ghost_us = out_.ghost_us - breaks_.episode_ghost_us0;
  const std::uint32_t offered = out_.contacts_offered_to_ghost - breaks_.episode_offered0;
  t.ghost_us += ghost_us;
  t.offered_to_ghost += offered;
  t.ghosts += ghost_us > 0 || offered > 0 ? 1 : 0;
  for (std::size_t k = 0; k < kGhostOverSeconds.size(); ++k) {
    t.ghosts_over[k] += ghost_us > kGhostOverSeconds[k] * 1'000'000 ? 1 : 0;
  }
  t.spurious += out_.spurious_offline ? 1 : 0;
  out_.spurious_offline = false;
}

void SessionRun::break_returns() {
  breaks_.in_break = false;
  ++breaks_.close_epoch;  // what is left of the break's close is void
  ++page_epoch_;          // and so are the old page's timers and callbacks
  dialog_open_ = false;
  handler_blocking_ = false;
  deferred_responses_.clear();
  deferred_timers_.clear();
  page_timers_.fill(0);
  out_.close_kind = breaks_.final_kind;
  note("agent", "back from the break: opens the CCP, logs in and chooses Available");
  const model::Page page = machine_.view().page;
  if (page == model::Page::Unloading || page == model::Page::UnloadingOneOfTwo) {
    dispatch(Event::of(EventKind::UnloadCancelled), "agent");
  }
  if (!model::page_present(machine_.view())) dispatch(Event::of(EventKind::PageOpen), "agent");
  page_script_alive_ = true;
  page_frozen_ = false;
  mobile_hidden_ = false;
  if (traits_.heartbeat_interval_ms > 0 && !heartbeats_on_) start_heartbeats(0);
  strategy_requested_offline_ = false;
  works_available_ = true;
  agent_returns("back from the break");
  if (machine_.session() == model::Session::LoggedOut && model::page_interactive(machine_.view())) {
    dispatch(Event::of(EventKind::Login), "agent");
  }
  if (machine_.status() != model::Status::Available && machine_.contact() == model::Contact::None) {
    dispatch(Event::choose(model::Status::Available), "agent");
  }
}

}  // namespace agentsim::sim::detail
