#include "agentsim/sim/session.h"

#include <fmt/format.h>

#include <tuple>

#include "session_run.h"

namespace agentsim::sim {

std::vector<std::string> SessionSpec::validate() const {
  std::vector<std::string> errors = sim::validate(env);
  for (std::string& e : strategy.validate()) errors.push_back("strategy." + e);
  return errors;
}

model::PlatformProfile SessionSpec::effective_profile() const {
  model::PlatformProfile p = profile;
  if (strategy.traits().logout_sets_offline) p.logout_sets_offline = true;
  p.chat_slots = static_cast<int>(env.chat_slots);
  return p;
}

bool operator==(const Outcome& a, const Outcome& b) {
  auto tie = [](const Outcome& o) {
    return std::make_tuple(o.close_kind, o.pre_close, o.agent_left, o.ghost_us, o.ghost_at_horizon,
                           o.contacts_offered_to_ghost, o.contacts_missed_on_ghost,
                           o.customer_wait_added_us, o.spurious_offline, o.spurious_offline_us,
                           o.contacts_dropped_by_strategy, o.setstate_sent, o.put_user_status_sent,
                           o.backend_notifies_sent, o.api_failures_seen, o.throttled,
                           o.requests_cancelled_at_teardown, o.retries_dropped_at_teardown, o.sends_after_teardown,
                           o.dialogs_shown, o.offline_at_end, o.time_to_offline_us,
                           o.unaccepted_events, o.events_processed, o.budget_exceeded, o.end_us,
                           o.states_reached, o.dismiss_sent, o.heartbeats_sent,
                           o.sweeper_detections, o.contacts_connected_to_ghost,
                           o.silent_call_us, o.contacts_missed_after_teardown,
                           o.chats_offered_to_ghost, o.chats_missed_on_ghost,
                           o.chats_connected_to_ghost);
  };
  return tie(a) == tie(b);
}

SessionRunner::SessionRunner(const SessionSpec& spec)
    : spec_(spec), scratch_(std::make_unique<detail::SessionScratch>(spec)) {}
SessionRunner::~SessionRunner() = default;

Outcome SessionRunner::run_with(DrawSource& draws, Trace* trace) {
  detail::SessionRun run(spec_, draws, trace, *scratch_);
  return run.run();
}

Outcome SessionRunner::run_probed(DrawSource& draws, SessionProbe& probe) {
  probe.now_us = 0;
  probe.event_times.clear();
  detail::SessionRun run(spec_, draws, nullptr, *scratch_);
  run.set_probe(&probe);
  return run.run();
}

Outcome SessionRunner::run_observed(std::uint64_t seed, std::uint64_t session_index,
                                    StreamObserver& stream, std::uint32_t agent) {
  std::unique_ptr<DrawSource> draws;
  if (spec_.schedule) {
    draws = std::make_unique<ScheduleDraws>(*spec_.schedule);
  } else {
    draws = std::make_unique<RandomDraws>(spec_.env, seed, session_index);
  }
  detail::SessionRun run(spec_, *draws, nullptr, *scratch_);
  run.set_stream(&stream, agent);
  return run.run();
}

Outcome SessionRunner::run(std::uint64_t seed, std::uint64_t session_index, Trace* trace) {
  if (spec_.schedule) {
    ScheduleDraws draws(*spec_.schedule);
    return run_with(draws, trace);
  }
  RandomDraws draws(spec_.env, seed, session_index);
  return run_with(draws, trace);
}

Outcome run_session_with(const SessionSpec& spec, DrawSource& draws, Trace* trace) {
  return SessionRunner(spec).run_with(draws, trace);
}

Outcome run_session(const SessionSpec& spec, std::uint64_t seed, std::uint64_t session_index,
                    Trace* trace) {
  return SessionRunner(spec).run(seed, session_index, trace);
}

std::string format_timeline(const Trace& trace) {
  std::string out;
  for (const TraceEntry& e : trace.entries) {
    out += fmt::format("{:>12.3f} s  {:<8} {}\n", static_cast<double>(e.time_us) / 1e6, e.source,
                       e.text);
  }
  return out;
}

}  // namespace agentsim::sim
