#include "fields.h"

#include <algorithm>

#include "agentsim/model/profile.h"
#include "agentsim/sim/center.h"
#include "agentsim/sim/claim_fields.h"
#include "agentsim/sim/environment.h"

namespace agentsim::scenarios::detail {

namespace {

constexpr std::string_view kHorizon = "horizon_after_close_ms";

const std::pair<std::string, std::string> kMergeKeyHint = {
    "<<", "YAML merge keys (<<) are not supported: put shared settings in the suite's `defaults:`"};

// The unload budget (500-1000 ms of script after beforeunload) was replaced by the unload
// window per close kind (BU, corrected 2026-12): an old scenario gets told what to use instead.
constexpr const char* kRetiredBudgetHint =
    "replaced: the 500-1000 ms budget bounds how long a handler may block, not how long "
    "asynchronous work runs; set the unload window of a close kind instead, e.g. "
    "'unload_window_tab_close_min_ms' / 'unload_window_tab_close_max_ms' (docs/environment.md, "
    "\"The unload window\")";

KeySpec environment_spec() {
  KeySpec spec{"environment parameter",
               "",
               {},
               "environment parameters",
               "`agentsim list` shows every environment parameter with its unit and range",
               {{"unload_budget_min_ms", kRetiredBudgetHint},
                {"unload_budget_max_ms", kRetiredBudgetHint},
                {"inflight_delivered_prob_fetch",
                 "removed: a plain fetch is lost only if it is not yet on the wire at teardown "
                 "(`fetch_leave_ms`; docs/environment.md, \"Requests at teardown\")"}}};
  for (const sim::EnvironmentParameter& p : sim::environment_parameters()) {
    spec.known.emplace_back(p.name);
  }
  // A retired name gets its replacement, not a did-you-mean.
  for (const sim::RetiredEnvironmentParameter& r : sim::retired_environment_parameters()) {
    spec.special.emplace_back(std::string(r.name), "'" + std::string(r.name) +
                                                       "' was retired: " + std::string(r.replacement));
  }
  return spec;
}

KeySpec profile_override_spec() {
  KeySpec spec{"profile override", "", {}, "profile overrides", "", {}};
  for (const model::ProfileParameter& p : model::profile_parameters()) {
    spec.known.emplace_back(p.name);
  }
  return spec;
}

KeySpec center_spec() {
  KeySpec spec{"center parameter",
               "",
               {},
               "center parameters",
               "",
               {{"contact_arrival_rate_per_min",
                 "a center's contacts arrive at `contact_rate_per_min` (contacts per minute for "
                 "the whole center)"},
                {"sessions", "`sessions` (shifts, in a center scenario) is a key of the scenario, "
                             "not of `center`"},
                {"strategy", "every agent runs the scenario's `strategy`; it is a key of the "
                             "scenario, not of `center`"}}};
  for (const sim::CenterParameter& p : sim::center_parameters()) spec.known.emplace_back(p.name);
  return spec;
}

KeySpec claim_spec() {
  KeySpec spec{"claim key",
               "",
               {},
               "claim keys",
               "",
               {{"max_failures", "did you mean 'max_api_failures'?"},
                {"close_kind", "did you mean 'close_kinds'? (a list: [tab_close, browser_quit])"},
                {"min_unload_budget_ms",
                 "renamed 'min_unload_window_ms': the window from the handler's return to the "
                 "teardown (docs/fuzzing.md)"}}};
  for (const sim::ClaimField& c : sim::claim_fields()) spec.known.emplace_back(c.key);
  return spec;
}

bool has_key(const std::vector<Field>& fields, std::string_view key) {
  return std::any_of(fields.begin(), fields.end(), [&](const Field& f) { return f.key == key; });
}

// A copy of `fields` without `key`.
std::vector<Field> without(const std::vector<Field>& fields, std::string_view key) {
  std::vector<Field> out;
  for (const Field& f : fields) {
    if (f.key != key) out.push_back(f);
  }
  return out;
}

// `base` with every key of `top` replaced in place or appended, in order.
std::vector<Field> overlay(const std::vector<Field>& base, const std::vector<Field>& top) {
  std::vector<Field> out;
  for (const Field& b : base) {
    auto t = std::find_if(top.begin(), top.end(), [&](const Field& f) { return f.key == b.key; });
    out.push_back(t != top.end() ? *t : b);
  }
  for (const Field& t : top) {
    if (!has_key(base, t.key)) out.push_back(t);
  }
  return out;
}

void collect_strategy(Reader& reader, const Field& f, ScenarioFields& out) {
  out.strategy.emplace(f);
  if (f.value.IsScalar()) {
    out.strategy_name.emplace(Field{"name", f.key_node, f.value});
    return;
  }
  if (!f.value.IsMap()) {
    reader.error(f, "strategy: expected a strategy name or a mapping with `name:`, got " +
                        describe(f.value));
    return;
  }
  for (const Field& e : reader.entries(f.value, KeySpec{})) {  // parameters: checked once merged
    if (e.key == "name") {
      out.strategy_name.emplace(e);
    } else {
      out.strategy_params.push_back(e);
    }
  }
}

ScenarioFields collect(Reader& reader, const YAML::Node& map, const KeySpec& spec) {
  ScenarioFields out;
  out.node = map;
  for (const Field& f : reader.entries(map, spec)) {
    if (f.key == "environment") {
      out.environment.emplace(f);
      if (reader.is_mapping(f, "environment", "a mapping of environment parameters")) {
        out.environment_entries = reader.entries(f.value, environment_spec());
      }
    } else if (f.key == "profile_overrides") {
      out.profile_overrides.emplace(f);
      if (reader.is_mapping(f, "profile_overrides", "a mapping of profile fields to true/false")) {
        out.profile_override_entries = reader.entries(f.value, profile_override_spec());
      }
    } else if (f.key == "strategy") {
      collect_strategy(reader, f, out);
    } else if (f.key == "center") {
      out.center.emplace(f);
      if (reader.is_mapping(f, "center", "a mapping of center parameters (e.g. {agents: 50})")) {
        out.center_entries = reader.entries(f.value, center_spec());
      }
    } else if (f.key == "claim") {
      out.claim.emplace(f);
      if (reader.is_mapping(f, "claim",
                            "a mapping of claim keys (e.g. {ghost_bound_ms: 10000, "
                            "max_api_failures: 1})")) {
        out.claim_entries = reader.entries(f.value, claim_spec());
      }
    } else {
      out.plain.push_back(f);
    }
  }
  if (const Field* h = out.find("horizon_ms");
      h != nullptr && has_key(out.environment_entries, kHorizon)) {
    reader.error(reader.where(h->key_node),
                 "horizon_ms and environment.horizon_after_close_ms are both set",
                 "horizon_ms is another name for environment.horizon_after_close_ms: keep one");
  }
  return out;
}

}  // namespace

const Field* ScenarioFields::find(std::string_view key) const {
  auto it = std::find_if(plain.begin(), plain.end(), [&](const Field& f) { return f.key == key; });
  return it == plain.end() ? nullptr : &*it;
}

const std::vector<std::string>& scenario_keys() {
  static const std::vector<std::string> keys = {
      "name",     "description",      "tags",       "profile",   "profile_overrides",
      "strategy", "environment",      "environment_file", "close_kind", "pre_close",
      "horizon_ms", "sessions",       "max_sessions", "seed",     "center",
      "expect",   "schedule",         "claim",      "sweep"};
  return keys;
}

ScenarioFields collect_scenario(Reader& reader, const YAML::Node& map) {
  KeySpec spec{"key", "in a scenario", scenario_keys(), "valid keys", "", {kMergeKeyHint}};
  return collect(reader, map, spec);
}

ScenarioFields collect_defaults(Reader& reader, const YAML::Node& map) {
  KeySpec spec{"key", "in defaults", {}, "valid keys", "", {kMergeKeyHint}};
  for (const std::string& k : scenario_keys()) {
    if (k != "name" && k != "expect" && k != "sweep") spec.known.push_back(k);
  }
  spec.special.emplace_back("sweep", "a sweep belongs to one scenario: put `sweep:` in it");
  spec.special.emplace_back("name", "each scenario has its own name; a suite is named by `suite:`");
  spec.special.emplace_back("expect", "expectations belong to each scenario, not to defaults");
  return collect(reader, map, spec);
}

ScenarioFields merge(const ScenarioFields& defaults, const ScenarioFields& scenario) {
  const ScenarioFields& d = defaults;
  const ScenarioFields& s = scenario;
  // horizon_ms is another name for environment.horizon_after_close_ms: the scenario's wins.
  const bool own_horizon = s.find("horizon_ms") != nullptr;
  const bool own_env_horizon = has_key(s.environment_entries, kHorizon);
  // A scenario without `strategy` inherits the default one whole; one that names the same
  // strategy (or none, in a mapping) merges its parameters with the default ones.
  const bool inherit = !s.strategy.has_value();
  const std::optional<Field>& name =
      inherit || !s.strategy_name ? d.strategy_name : s.strategy_name;
  const bool same_strategy = d.strategy_name && name && d.strategy_name->value.IsScalar() &&
                             name->value.IsScalar() &&
                             d.strategy_name->value.Scalar() == name->value.Scalar();
  return ScenarioFields{
      s.node,
      overlay(own_env_horizon ? without(d.plain, "horizon_ms") : d.plain, s.plain),
      s.environment ? s.environment : d.environment,
      overlay(own_horizon ? without(d.environment_entries, kHorizon) : d.environment_entries,
              s.environment_entries),
      s.profile_overrides ? s.profile_overrides : d.profile_overrides,
      overlay(d.profile_override_entries, s.profile_override_entries),
      inherit ? d.strategy : s.strategy,
      name,
      inherit
          ? d.strategy_params
          : overlay(same_strategy ? d.strategy_params : std::vector<Field>{}, s.strategy_params),
      s.center ? s.center : d.center,
      overlay(d.center_entries, s.center_entries),
      s.claim ? s.claim : d.claim,
      overlay(d.claim_entries, s.claim_entries),
  };
}

}  // namespace agentsim::scenarios::detail
