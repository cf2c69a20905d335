#include "agentsim/search/replay_writer.h"

#include <fmt/format.h>

#include <algorithm>

namespace agentsim::search {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string ms(std::int64_t us) {
  // Microsecond schedules round-trip exactly: milliseconds with three decimals.
  return fmt::format("{}.{:03d}", us / 1000, static_cast<int>(us % 1000));
}

}  // namespace

sim::Expectation property_expectation(Property p, const sim::Claim& claim) {
  sim::Expectation e;
  e.op = sim::Comparison::LessEqual;
  e.bound = 0;
  switch (p) {
    case Property::NoGhostAfterCoveredClose:
      e.metric = "ghost_seconds.max";
      e.bound = static_cast<double>(claim.ghost_bound_us) / 1e6;
      break;
    case Property::NoContactOfferedToGhost: e.metric = "contacts_offered_to_ghost"; break;
    case Property::NoSpuriousOffline: e.metric = "spurious_offline_sessions"; break;
    case Property::NoContactDropped: e.metric = "contacts_dropped"; break;
    case Property::ApiCallsBounded:
      e.metric = "api_calls_per_close";
      e.bound = claim.max_api_calls;
      break;
    case Property::EveryEventAccepted: e.metric = "unaccepted_events"; break;
    case Property::NoSendAfterTeardown: e.metric = "sends_after_teardown"; break;
  }
  return e;
}

std::string write_replay_scenario(const sim::Scenario& base, const sim::Schedule& s,
                                  Property property, const sim::Claim& claim,
                                  const std::string& reproduce) {
  const sim::Expectation e = property_expectation(property, claim);
  std::string out;
  out += "# A counterexample found by `agentsim fuzz`: this exact schedule violates the property\n";
  out += fmt::format("# {}. Run it with `agentsim run FILE`; it fails until the strategy is fixed.\n",
                     to_string(property));
  out += fmt::format("# rapidcheck: {}\n", reproduce);
  out += fmt::format("name: {}\n", quoted(base.name + " — counterexample: " + std::string(to_string(property))));
  out += fmt::format("description: {}\n", quoted("Replays the shrunk schedule of `agentsim fuzz` exactly."));
  out += fmt::format("profile: {}\n", base.profile_name);
  const sim::StrategyConfig& st = base.session.strategy;
  out += fmt::format("strategy:\n  name: {}\n", sim::to_string(st.kind));
  // The strategy's own parameters always; the server-side ones when they differ from the
  // strategy's defaults and the configuration reads them (the loader refuses a parameter nobody
  // reads), so that a composed strategy replays as it ran.
  const sim::StrategyConfig defaults = sim::default_config(st.kind);
  const auto& server_side = sim::server_side_parameters();
  for (const sim::StrategyParameter& p : sim::strategy_parameters(st.kind)) {
    const bool is_server_side =
        std::any_of(server_side.begin(), server_side.end(),
                    [&](const sim::StrategyParameter& q) { return q.name == p.name; });
    const std::string value = sim::parameter_value(st, p.name);
    if (is_server_side && (!sim::parameter_applies(st, p.name) ||
                           value == sim::parameter_value(defaults, p.name))) {
      continue;
    }
    out += fmt::format("  {}: {}\n", p.name, value);
  }
  bool env_header = false;
  for (const auto& [key, value] : base.overrides) {
    if (key.rfind("environment.", 0) != 0) continue;
    if (!env_header) out += "environment:\n";
    env_header = true;
    out += fmt::format("  {}: {}\n", key.substr(12), value);
  }
  out += "sessions: 1\nmax_sessions: 1\n";
  out += "schedule:\n";
  out += fmt::format("  close_kind: {}\n  pre_close: {}\n", sim::to_string(s.close_kind), sim::to_string(s.pre_close));
  out += fmt::format("  unload_budget_ms: {}\n", ms(s.unload_budget_us));
  out += "  api:";
  if (s.api.empty()) out += " []";
  out += "\n";
  for (const sim::ApiStep& a : s.api) {
    out += fmt::format("    - {{outcome: {}, latency_ms: {}}}\n", sim::to_string(a.outcome) == "lost response" ? "lost_response" : std::string(sim::to_string(a.outcome)), ms(a.latency_us));
  }
  out += fmt::format("  notify_latency_ms: {}\n", ms(s.notify_latency_us));
  out += "  delivered: [";
  for (std::size_t i = 0; i < s.delivered.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", s.delivered[i] ? "true" : "false");
  out += "]\n";
  out += fmt::format("  beacon_blocked: {}\n  sticky_activation: {}\n  dialog_stay: {}\n", s.beacon_blocked,
                     s.sticky_activation, s.dialog_stay);
  out += fmt::format("  dialog_decision_ms: {}\n  reclose_after_stay_ms: {}\n", ms(s.dialog_decision_us), ms(s.reclose_after_stay_us));
  out += "  contact_gaps_ms: [";
  for (std::size_t i = 0; i < s.contact_gaps_us.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", ms(s.contact_gaps_us[i]));
  out += "]\n";
  out += fmt::format("  answer_delay_ms: {}\n  talk_time_ms: {}\n  ring_remaining_ms: {}\n  acw_remaining_ms: {}\n",
                     ms(s.answer_delay_us), ms(s.talk_time_us), ms(s.ring_remaining_us), ms(s.acw_remaining_us));
  out += fmt::format("  crash_reopen: {}\n  crash_reopen_ms: {}\n  sleep_return: {}\n  sleep_duration_ms: {}\n",
                     s.crash_reopen, ms(s.crash_reopen_us), s.sleep_return, ms(s.sleep_duration_us));
  out += fmt::format("  mobile_kill_delay_ms: {}\n  notice_offline_ms: {}\n  clear_missed_ms: {}\n",
                     ms(s.mobile_kill_delay_us), ms(s.notice_offline_us), ms(s.clear_missed_us));
  out += "  retry_delays_ms: [";
  for (std::size_t i = 0; i < s.retry_delays_us.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", ms(s.retry_delays_us[i]));
  out += "]\n";
  out += fmt::format("  heartbeat_phase_ms: {}\n  sweep_phase_ms: {}\n", ms(s.heartbeat_phase_us),
                     ms(s.sweep_phase_us));
  out += "expect:\n";
  out += fmt::format("  - metric: {}\n    op: \"<=\"\n    bound: {}\n    note: {}\n", e.metric, e.bound,
                     quoted(std::string("the property ") + std::string(to_string(property)) + "; this schedule violates it"));
  return out;
}

}  // namespace agentsim::search
