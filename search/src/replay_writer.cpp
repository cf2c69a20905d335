#include "agentsim/search/replay_writer.h"

#include <fmt/format.h>

#include "agentsim/model/profile.h"
#include "agentsim/sim/claim_fields.h"
#include "agentsim/sim/environment.h"
#include "agentsim/sim/schedule_fields.h"

namespace agentsim::search {

namespace {

// A YAML double-quoted scalar.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The profile and every field the scenario's profile changed from the named one.
std::string profile_lines(const sim::Scenario& base) {
  std::string out = fmt::format("profile: {}\n", base.profile_name);
  const model::PlatformProfile* named = model::find_profile(base.profile_name);
  std::string overrides;
  for (const model::ProfileParameter& p : model::profile_parameters()) {
    const bool value = base.session.profile.*(p.field);
    if (named != nullptr && named->*(p.field) == value) continue;
    overrides += fmt::format("  {}: {}\n", p.name, value);
  }
  if (!overrides.empty()) out += "profile_overrides:\n" + overrides;
  return out;
}

// The strategy and every parameter that differs from its kind's default and that the
// configuration reads (the loader refuses a parameter nobody reads; one nobody reads changes
// nothing).
std::string composed_lines(const sim::StrategyConfig& st) {
  std::string out = "strategy:\n";
  if (!st.composed_name.empty()) out += fmt::format("  name: {}\n", st.composed_name);
  for (const char* side : {"page", "backend"}) {
    std::string items;
    for (const sim::ComponentConfig& c : st.composed) {
      if (c.descriptor->side != side) continue;
      const sim::ComponentConfig defaults = c.descriptor->defaults();
      std::string params;
      for (const sim::ParamSpec& p : c.descriptor->params) {
        std::string value = c.text(p.name);
        if (value == defaults.text(p.name)) continue;
        if (p.type == sim::ParamType::Set) {
          for (std::size_t at = value.find('|'); at != std::string::npos; at = value.find('|', at)) {
            value.replace(at, 1, ", ");
          }
          value = "[" + value + "]";
        }
        params += fmt::format("{}{}: {}", params.empty() ? "" : ", ", p.name, value);
      }
      items += fmt::format("    - {}: {{{}}}\n", c.descriptor->name, params);
    }
    if (!items.empty()) out += fmt::format("  {}:\n{}", side, items);
  }
  return out;
}

std::string strategy_lines(const sim::StrategyConfig& st) {
  if (st.is_composed()) return composed_lines(st);
  std::string out = fmt::format("strategy:\n  name: {}\n", sim::to_string(st.kind));
  const sim::StrategyConfig defaults = sim::default_config(st.kind);
  for (const sim::StrategyParameter& p : sim::strategy_parameters(st.kind)) {
    const std::string value = sim::parameter_value(st, p.name);
    if (!sim::parameter_applies(st, p.name) || value == sim::parameter_value(defaults, p.name)) {
      continue;
    }
    out += fmt::format("  {}: {}\n", p.name, value);
  }
  return out;
}

// Every environment parameter that differs from its default, in the shortest text that reads
// back to the same value.
std::string environment_lines(const sim::EnvironmentParams& env) {
  std::string out;
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    const double value = env.*(p.field);
    if (value == sim::default_value(p)) continue;
    out += fmt::format("  {}: {}\n", p.name, value);
  }
  return out.empty() ? out : "environment:\n" + out;
}

std::string schedule_lines(const sim::Schedule& s) {
  std::string out = "schedule:\n";
  for (const sim::ScheduleField& f : sim::schedule_fields()) {
    out += fmt::format("  {}: {}\n", f.key, sim::value_text(f, s));
  }
  return out;
}

// Every key of the claim, so that a search of the replay file checks the same claim. A value no
// `claim:` block may state (a strategy's default claim can hold one, e.g. a latency bound of 0,
// which bounds nothing) is left to the default claim, with a comment.
std::string claim_lines(const sim::Claim& claim) {
  std::string out = "claim:\n";
  for (const sim::ClaimField& f : sim::claim_fields()) {
    if (sim::writable(f, claim)) {
      out += fmt::format("  {}: {}\n", f.key, sim::value_text(f, claim));
    } else {
      out += fmt::format("  # {}: {} lies outside what a claim: block may state; the strategy's "
                         "default claim gives it\n",
                         f.key, sim::value_text(f, claim));
    }
  }
  return out;
}

}  // namespace

sim::Expectation property_expectation(Property p, const sim::Claim& claim) {
  sim::Expectation e;
  e.op = sim::Comparison::LessEqual;
  e.bound = 0;
  switch (p) {
    case Property::NoGhostAfterCoveredClose:
      // Defined with no ghost at all (0), so that the fixed strategy's replay passes.
      e.metric = "longest_ghost_seconds";
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
  out += "# A counterexample found by the search: this exact schedule violates the property\n";
  out += fmt::format("# {}. `agentsim run FILE` fails until the strategy is fixed, then passes.\n",
                     to_string(property));
  out += fmt::format("# reproduce: {}\n", reproduce);
  out += fmt::format("name: {}\n", quoted(base.name + " — counterexample: " +
                                          std::string(to_string(property))));
  out += fmt::format("description: {}\n",
                     quoted("Replays the schedule of a counterexample exactly."));
  out += profile_lines(base);
  out += strategy_lines(base.session.strategy);
  out += environment_lines(base.session.env);
  out += fmt::format("sessions: 1\nmax_sessions: 1\nseed: {}\n", base.seed);
  out += schedule_lines(s);
  out += claim_lines(claim);
  out += "expect:\n";
  out += fmt::format("  - metric: {}\n    op: \"<=\"\n    bound: {}\n    note: {}\n", e.metric,
                     e.bound,
                     quoted("the property " + std::string(to_string(property)) +
                            "; the schedule violated it when it was found"));
  return out;
}

}  // namespace agentsim::search
